"""The demo back-office of the 2026 prize (`seed_demo`, portal.demo.backoffice)."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from exports.enums import ExportStatus
from exports.models import Export
from exports.selectors import export_for_user
from notifications.enums import MessageStatus
from notifications.models import Message
from submissions.models import DocumentRequest
from tests.portal.demo import seed_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]
LALLA_2026 = "lalla-al-moutaaouina-2026"


def test_one_missing_document_is_asked_of_a_cooperative_under_review_and_nobody_was_mailed():
    requests = DocumentRequest.objects.filter(application__call__slug=LALLA_2026)

    assert [r.application.reference for r in requests if r.is_open] == ["LAM-2026-0004"]
    assert not Message.objects.filter(status=MessageStatus.PENDING).exists()


def test_the_applications_export_is_ready_for_the_organizer_only(client):
    export = Export.objects.get(call__slug=LALLA_2026, kind="applications")
    assert export.status == ExportStatus.READY
    with translation.override("fr"):
        url = reverse("exports:download", args=[export.token])

    organizer = User.objects.get(email="organizer@demo.ma")
    assert export_for_user(user=organizer, token=export.token) == export
    assert export.file.name.endswith(".xlsx")
    client.force_login(User.objects.get(email="organizer2@demo.ma"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("email", "visible", "hidden"),
    [
        ("organizer@demo.ma", [LALLA_2026, "mourafaka-2027"], ["recherche-action-sil-2026"]),
        ("organizer2@demo.ma", ["recherche-action-sil-2026"], [LALLA_2026]),
        ("admin@demo.ma", [LALLA_2026, "recherche-action-sil-2026"], []),
    ],
)
def test_each_organizer_opens_the_dashboards_of_the_calls_they_run(client, email, visible, hidden):
    client.force_login(User.objects.get(email=email))
    with translation.override("fr"):
        for slug in visible:
            assert client.get(reverse("reports_manage:dashboard", args=[slug])).status_code == 200
        for slug in hidden:
            assert client.get(reverse("reports_manage:dashboard", args=[slug])).status_code == 404


def test_loading_the_demo_again_keeps_one_open_request_and_one_export():
    seed_demo()

    assert DocumentRequest.objects.filter(application__call__slug=LALLA_2026).count() == 1
    assert Export.objects.filter(call__slug=LALLA_2026).count() == 1
