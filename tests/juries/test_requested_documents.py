"""Documents the organizers asked for after the submission: once received, the assigned
juror reads them after the form's files, numbered in the same sequence in their own group,
downloads them under neutral names, and under blind review learns nothing more from them
than from the submitted files. Nobody else reaches them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from juries.selectors.workspace import assignment_for_juror, juror_application
from submissions import services_documents as documents
from tests.juries.test_blind_review import content_of, leaks
from tests.juries.test_workspace_views import HTMX, JUROR_WITHOUT_ACCESS, page_url, text
from tests.juries.workspace_fixtures import (  # noqa: F401 (the fixtures)
    ORGANIZATION_NAME,
    _english,
    add_juror,
    assign,
    build_call,
    identified_organization,
    scene_fixture,
    submit_application,
)
from tests.submissions.conftest import MINIMAL_PDF, pdf_upload

IDENTIFYING_FILE_NAME = "Attestation ODCO Tafoukt Imintanout.pdf"
SECTION = "Documents requested after submission"


def ask(scene, application, *, label="Attestation ODCO", question=None):
    return documents.document_request(
        application=application,
        actor=scene.organizer,
        question=question,
        label=label,
        message="Merci d'envoyer l'attestation de cette année.",
        due_at=timezone.now() + datetime.timedelta(days=7),
        notify=False,
    )


def received(scene, application, *, name="attestation.pdf", content=MINIMAL_PDF, **request):
    """A request of the organizers and the applicant's answer to it."""
    return documents.document_provide(
        request=ask(scene, application, **request),
        file=pdf_upload(name, content),
        actor=application.applicant,
    )


def file_url(assignment, request):
    return reverse(
        "jury:requested_document", kwargs={"pk": assignment.pk, "request_pk": request.pk}
    )


def requested_section(page: str) -> str:
    start = page.index('id="requested-documents-heading"')
    return page[start : page.index("</ul>", start)]


# --- what the page shows --------------------------------------------------------------------


def test_a_received_document_follows_the_forms_files_in_its_own_group(client, scene):
    first = received(scene, scene.application, label="Attestation ODCO")
    second = received(
        scene, scene.application, label="", question=scene.questions["statutes"], name="s.pdf"
    )
    ask(scene, scene.application, label="Relevé bancaire")  # still awaited
    cancelled = ask(scene, scene.application, label="Attestation fiscale")
    documents.document_request_cancel(request=cancelled, actor=scene.organizer)
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))

    assert escape(gettext(SECTION)) in page
    group = requested_section(page)
    assert f'href="{file_url(scene.assignment, first)}"' in group
    assert f'href="{file_url(scene.assignment, second)}"' in group
    assert ">Document 3</a>" in group  # after the statutes and the photo
    assert ">Document 4</a>" in group
    assert "Attestation ODCO" in group
    assert escape(scene.questions["statutes"].label) in group
    assert "Relevé bancaire" not in page
    assert "Attestation fiscale" not in page
    assert group.index("Attestation ODCO") < group.index(">Document 4</a>")


def test_without_a_received_document_the_group_is_not_shown(client, scene):
    ask(scene, scene.application)
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))

    assert escape(gettext(SECTION)) not in page
    assert ">Document 3</a>" not in page


def test_the_assigned_juror_downloads_it_under_a_neutral_numbered_name(client, scene):
    request = received(scene, scene.application, name=IDENTIFYING_FILE_NAME)
    client.force_login(scene.juror)

    response = client.get(file_url(scene.assignment, request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{scene.application.reference}-document-3.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_document_not_received_or_of_another_application_is_404(client, scene):
    awaited = ask(scene, scene.application)
    cancelled = ask(scene, scene.application, label="Attestation fiscale")
    documents.document_request_cancel(request=cancelled, actor=scene.organizer)
    other = submit_application(scene)
    assign(scene, scene.member, other)
    elsewhere = received(scene, other)
    client.force_login(scene.juror)

    codes = [
        client.get(file_url(scene.assignment, request)).status_code
        for request in (awaited, cancelled, elsewhere)
    ]

    assert codes == [404, 404, 404]


@pytest.mark.parametrize("case", JUROR_WITHOUT_ACCESS, ids=list(JUROR_WITHOUT_ACCESS))
def test_a_juror_without_access_gets_404_on_the_requested_document(client, scene, case):
    request = received(scene, scene.application)
    user = JUROR_WITHOUT_ACCESS[case](scene)
    client.force_login(user)

    response = client.get(file_url(scene.assignment, request), **HTMX)

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["the applicant", "an organizer of the call"])
def test_people_who_are_not_jurors_are_refused_the_requested_document(client, scene, who):
    request = received(scene, scene.application)
    client.force_login(scene.application.applicant if who == "the applicant" else scene.organizer)

    assert client.get(file_url(scene.assignment, request)).status_code == 403


# --- blind review ---------------------------------------------------------------------------


def test_under_blind_review_nothing_identifies_the_applicant(client, scene):
    request = received(
        scene,
        scene.application,
        label=f"Attestation ODCO de {ORGANIZATION_NAME}",
        name=IDENTIFYING_FILE_NAME,
    )
    client.force_login(scene.juror)

    page = client.get(page_url(scene.assignment))
    download = client.get(file_url(scene.assignment, request))

    assert leaks(content_of(page)) == []
    assert leaks(content_of(download)) == []
    group = requested_section(text(page))
    assert "Attestation ODCO de [hidden: blind review]" in group
    view = juror_application(
        assignment=assignment_for_juror(user=scene.juror, pk=scene.assignment.pk)
    )
    assert [document.name for document in view.requested_documents] == [""]
    assert leaks(repr(view)) == []


def test_outside_blind_review_the_file_name_is_shown(client, db):
    scene = build_call(blind=False)
    application = submit_application(scene, organization=identified_organization())
    member = add_juror(scene)
    assignment = assign(scene, member, application)
    received(scene, application, label=f"Attestation de {ORGANIZATION_NAME}", name="odco.pdf")
    client.force_login(member.user)

    group = requested_section(text(client.get(page_url(assignment))))

    assert "odco.pdf" in group
    assert escape(f"Attestation de {ORGANIZATION_NAME}") in group


# --- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_and_a_download_cost_the_same_whatever_the_number_of_documents(
    client, assert_num_queries, scene, count
):
    requests = [
        received(scene, scene.application, name=f"piece-{n}.pdf", content=MINIMAL_PDF + b"%" * n)
        for n in range(count)
    ]
    client.force_login(scene.juror)
    client.get(page_url(scene.assignment))

    with assert_num_queries(17):
        page = client.get(page_url(scene.assignment))
    with assert_num_queries(12):
        download = client.get(file_url(scene.assignment, requests[-1]))

    assert requested_section(text(page)).count("<li>") == count
    assert download["Content-Disposition"].endswith(f'-document-{2 + count}.pdf"')
