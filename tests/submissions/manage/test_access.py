"""Who opens a call's application pages: its organizers and site admins; another call's
organizer gets 404 (nothing says the call exists), an applicant 403 (their role), a visitor
the login page. Drafts and files not submitted are nobody's business here."""

import pytest
from django.urls import reverse

from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.factories import OrganizerFactory, SiteAdminFactory, UserFactory
from tests.submissions.conftest import pdf_upload
from tests.submissions.manage.conftest import make_scene, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(scene):
    return submit(scene, name="Coopérative Amal")


def _pages(scene, application):
    attachment = application.attachments.get()
    return [
        ("get", scene.url("list"), {}),
        ("get", scene.url("detail", application.pk), {}),
        ("get", scene.url("attachment", application.pk, attachment.pk), {}),
        ("post", scene.url("bulk"), {"action": "screen-eligible", "application": application.pk}),
        ("post", scene.url("screen", application.pk), {"decision": "eligible"}),
    ]


def _open(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data)


def test_the_organizer_of_the_call_opens_each_page(client, scene, application):
    client.force_login(scene.organizer)
    for _method, url, _data in _pages(scene, application)[:3]:
        assert client.get(url).status_code == 200, url


def test_a_site_admin_opens_them_too(client, scene, application):
    client.force_login(SiteAdminFactory(password=None))
    for _method, url, _data in _pages(scene, application)[:3]:
        assert client.get(url).status_code == 200, url


def test_the_organizer_of_another_call_gets_404_everywhere(client, scene, application):
    make_scene()  # another call, with its own organizer
    client.force_login(OrganizerFactory(password=None))
    for method, url, data in _pages(scene, application):
        assert _open(client, method, url, data).status_code == 404, url
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_an_organizer_cannot_reach_another_calls_application_through_their_own_call(
    client, scene, application
):
    other = make_scene()
    client.force_login(other.organizer)
    attachment = application.attachments.get()
    assert client.get(other.url("detail", application.pk)).status_code == 404
    assert client.get(other.url("attachment", application.pk, attachment.pk)).status_code == 404
    response = client.post(other.url("screen", application.pk), {"decision": "eligible"})
    assert response.status_code == 404


def test_an_applicant_gets_403(client, scene, application):
    client.force_login(application.applicant)
    for method, url, data in _pages(scene, application):
        assert _open(client, method, url, data).status_code == 403, url


def test_a_visitor_is_sent_to_the_login_page(client, scene, application):
    login = reverse("account_login")
    for method, url, data in _pages(scene, application):
        response = _open(client, method, url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(login)


def test_a_draft_is_not_the_organizers_business(client, scene):
    applicant = UserFactory(password=None)
    draft = submissions.application_start(call=scene.call, applicant=applicant)
    client.force_login(scene.organizer)
    assert client.get(scene.url("detail", draft.pk)).status_code == 404
    assert client.post(scene.url("screen", draft.pk), {"decision": "eligible"}).status_code == 404


def test_a_file_sent_after_the_submission_waits_for_the_next_one(client, scene, application):
    later = submissions.attachment_add(
        application=application,
        question=scene.questions["photos"],
        uploaded_file=pdf_upload("photo.pdf"),
        actor=application.applicant,
    )
    client.force_login(scene.organizer)
    assert client.get(scene.url("attachment", application.pk, later.pk)).status_code == 404


def test_the_organizer_downloads_the_submitted_file(client, scene, application):
    attachment = application.attachments.get()
    client.force_login(scene.organizer)
    response = client.get(scene.url("attachment", application.pk, attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="statutes.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
