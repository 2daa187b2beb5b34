"""The export pages of the back-office (/<lang>/manage/exports/…): asking for an export,
following it, downloading it, and who may do each."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from exports import services
from exports.enums import ExportStatus
from exports.models import Export
from exports.selectors import exports_for_call
from tests.exports.conftest import TEST_KIND
from tests.factories import CallFactory, OrganizerFactory, SiteAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTMX = {"HX-Request": "true"}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"exports:{name}", args=args)


def queued(call, organizer, **fields):
    return Export.objects.create(
        call=call, kind=TEST_KIND, requested_by=organizer, language="en", **fields
    )


@pytest.fixture
def ready_export(organizer_call, organizer, rows_builder):
    export = queued(organizer_call, organizer)
    services.export_run(export_id=export.pk)
    export.refresh_from_db()
    return export


# --- who may open what ----------------------------------------------------------------


def export_urls(export):
    return [url("detail", export.token), url("download", export.token)]


def test_visitors_are_sent_to_the_login_page(client, ready_export):
    for page in export_urls(ready_export):
        response = client.get(page)

        assert response.status_code == 302, page
        assert response.url.startswith(reverse("account_login")), page
    posted = client.post(url("request", ready_export.call.slug, TEST_KIND))
    assert posted.url.startswith(reverse("account_login"))
    assert Export.objects.count() == 1


def test_an_applicant_gets_404_for_an_export_and_its_call(client, ready_export):
    client.force_login(UserFactory())

    for page in export_urls(ready_export):
        assert client.get(page).status_code == 404, page
    assert client.post(url("request", ready_export.call.slug, TEST_KIND)).status_code == 404
    assert Export.objects.count() == 1


def test_an_organizer_of_another_call_gets_404_like_for_a_missing_export(client, ready_export):
    client.force_login(OrganizerFactory())

    for page in export_urls(ready_export):
        assert client.get(page).status_code == 404, page
    assert client.get(url("detail", "00000000-0000-0000-0000-000000000000")).status_code == 404
    assert client.post(url("request", ready_export.call.slug, TEST_KIND)).status_code == 404
    assert Export.objects.count() == 1


@pytest.mark.parametrize("person", ["organizer", "colleague", "site admin"])
def test_the_calls_organizers_and_site_admins_download_the_file(
    client, ready_export, organizer, person
):
    if person == "colleague":
        downloader = OrganizerFactory()
        ready_export.call.organizers.add(downloader)
    else:
        downloader = organizer if person == "organizer" else SiteAdminFactory()
    client.force_login(downloader)

    response = client.get(url("download", ready_export.token))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="test-{ready_export.call.slug}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    with ready_export.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize("status", [ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.FAILED])
def test_there_is_nothing_to_download_before_the_file_is_ready(
    client, organizer_call, organizer, status
):
    export = queued(organizer_call, organizer, status=status)
    client.force_login(organizer)

    assert client.get(url("download", export.token)).status_code == 404


# --- asking for an export -------------------------------------------------------------


def test_asking_for_an_export_builds_it_and_opens_its_page(
    client, organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("request", organizer_call.slug, TEST_KIND, language="ar"))

    export = Export.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", export.token, language="ar")
    assert (export.kind, export.requested_by, export.language) == (TEST_KIND, organizer, "ar")
    assert export.status == ExportStatus.READY


def test_a_double_click_opens_the_same_export(client, organizer_call, organizer, rows_builder):
    client.force_login(organizer)

    first = client.post(url("request", organizer_call.slug, TEST_KIND))
    second = client.post(url("request", organizer_call.slug, TEST_KIND))

    assert first.url == second.url
    assert Export.objects.count() == 1


def test_asking_with_htmx_redirects_the_whole_page(client, organizer_call, organizer, rows_builder):
    client.force_login(organizer)

    response = client.post(url("request", organizer_call.slug, TEST_KIND), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("detail", Export.objects.get().token)


def test_an_unknown_kind_or_a_get_asks_for_nothing(client, organizer_call, organizer, rows_builder):
    client.force_login(organizer)

    assert client.post(url("request", organizer_call.slug, "everything")).status_code == 404
    assert client.get(url("request", organizer_call.slug, TEST_KIND)).status_code == 405
    assert not Export.objects.exists()


# --- the export's page ----------------------------------------------------------------


def test_the_page_of_a_running_export_shows_its_progress_and_polls(
    client, organizer_call, organizer, rows_builder
):
    export = queued(organizer_call, organizer, status=ExportStatus.RUNNING, done=30, total=120)
    client.force_login(organizer)

    response = client.get(url("detail", export.token))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{url("detail", export.token)}"' in page
    assert (
        f'<progress id="export-progress-{export.token}" class="progress-bar" max="100" value="25">'
        in page
    )
    assert f'<label for="export-progress-{export.token}">' in page
    with translation.override("en"):
        assert gettext("Being prepared") in page
    assert "25 % done (30 of 120 rows)." in page
    assert url("download", export.token) not in page
    assert reverse("manage:call", args=[organizer_call.slug]) in page


def test_the_polled_fragment_keeps_polling_while_running_and_stops_when_ready(
    client, organizer_call, organizer, rows_builder
):
    export = queued(organizer_call, organizer, status=ExportStatus.RUNNING, done=1, total=2)
    client.force_login(organizer)

    running = client.get(url("detail", export.token), headers=HTMX)
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.QUEUED)
    services.export_run(export_id=export.pk)
    ready = client.get(url("detail", export.token), headers=HTMX)

    assert running.status_code == 200
    assert "<html" not in running.content.decode()
    assert "50 % done" in running.content.decode()
    assert ready.status_code == 286
    assert f'href="{url("download", export.token)}"' in ready.content.decode()
    assert "<progress" not in ready.content.decode()


def test_the_page_of_a_failed_export_shows_the_error_and_offers_to_ask_again(
    client, organizer_call, organizer, rows_builder
):
    export = queued(organizer_call, organizer, status=ExportStatus.FAILED, error="Trop tard.")
    client.force_login(organizer)

    page = client.get(url("detail", export.token)).content.decode()

    assert "Trop tard." in page
    assert "hx-trigger" not in page
    assert f'action="{url("request", organizer_call.slug, TEST_KIND)}"' in page


def test_the_export_list_shows_the_calls_recent_exports(
    client, organizer_call, organizer, ready_export
):
    failed = queued(organizer_call, organizer, status=ExportStatus.FAILED)
    waiting = queued(organizer_call, organizer)
    queued(CallFactory(organizers=[organizer]), organizer)

    with translation.override("en"):
        html = render_to_string(
            "exports/includes/export_list.html", {"exports": exports_for_call(call=organizer_call)}
        )

    assert html.count("<tr>") == 1 + 3
    assert html.count('href="/en/manage/exports/') == 3 + 1
    assert url("download", ready_export.token) in html
    assert url("detail", failed.token) in html
    assert url("detail", waiting.token) in html
    assert "Test rows" in html


@pytest.mark.parametrize("status", [ExportStatus.RUNNING, ExportStatus.READY])
def test_the_export_page_runs_the_same_queries_whatever_the_status(
    client, organizer_call, organizer, rows_builder, assert_num_queries, status
):
    export = queued(organizer_call, organizer, status=status, done=1, total=3)
    client.force_login(organizer)
    client.get(url("detail", export.token))

    # Session, user, the header's role checks (3), the export with its call,
    # whether the person runs the call.
    with assert_num_queries(7):
        response = client.get(url("detail", export.token))

    assert response.status_code == 200
