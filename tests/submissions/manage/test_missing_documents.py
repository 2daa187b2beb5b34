"""The missing-documents flag of the applications list: raised by a required file question
left without a file (unless the document was received since on a request naming it) and
by a document request still waiting for its document; never by an optional question."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from calls.enums import QuestionKind
from submissions import services_documents as documents
from submissions.selectors_manage import MISSING_DOCUMENTS, application_list, flags_of
from tests.factories import QuestionFactory
from tests.submissions.conftest import pdf_upload
from tests.submissions.manage.conftest import submit
from tests.submissions.manage.test_queries import queries, warmed

pytestmark = pytest.mark.django_db


def flagged(scene) -> dict[int, bool]:
    """Each listed application: is it flagged as missing documents?"""
    return {
        application.pk: MISSING_DOCUMENTS in flags_of(application)
        for application in application_list(call=scene.call)
    }


def filtered(client, scene) -> set[int]:
    """The applications the list's missing-documents filter keeps (through the page)."""
    client.force_login(scene.organizer)
    response = client.get(scene.url("list"), {"flags": MISSING_DOCUMENTS})
    assert response.status_code == 200
    return {application.pk for application in response.context["page"].object_list}


def added_required_question(scene):
    """A required document the organizers add to the form after applications came in."""
    return QuestionFactory(
        step=scene.questions["statutes"].step,
        kind=QuestionKind.FILE,
        file_types=["pdf"],
        required=True,
        position=3,
        label_en="ODCO certificate",
    )


def ask(scene, application, *, question=None, label="", days=7):
    return documents.document_request(
        application=application,
        actor=scene.organizer,
        question=question,
        label=label,
        message="Merci d'envoyer le document.",
        due_at=timezone.now() + datetime.timedelta(days=days),
    )


def provide(request, application):
    return documents.document_provide(
        request=request, file=pdf_upload("document.pdf"), actor=application.applicant
    )


def test_an_optional_question_without_a_file_raises_no_flag(scene):
    without_photos = submit(scene, files=("statutes",))
    with_photos = submit(scene, files=("statutes", "photos"))

    assert flagged(scene) == {without_photos.pk: False, with_photos.pk: False}


def test_a_required_question_without_a_file_raises_the_flag(client, scene):
    applications = [submit(scene), submit(scene, files=("statutes", "photos"))]
    added_required_question(scene)  # after they were submitted: none has its file

    assert flagged(scene) == {application.pk: True for application in applications}
    assert filtered(client, scene) == {application.pk for application in applications}


def test_a_document_received_on_a_request_for_the_question_lowers_the_flag(client, scene):
    sent, waiting = submit(scene), submit(scene)
    question = added_required_question(scene)
    provide(ask(scene, sent, question=question), sent)
    ask(scene, waiting, question=question)

    assert flagged(scene) == {sent.pk: False, waiting.pk: True}
    assert filtered(client, scene) == {waiting.pk}


def test_a_document_received_under_another_name_does_not_stand_for_the_question(scene):
    application = submit(scene)
    added_required_question(scene)
    provide(ask(scene, application, label="Attestation ODCO"), application)

    assert flagged(scene) == {application.pk: True}


def test_an_open_request_raises_the_flag_even_when_every_file_was_sent(client, scene):
    complete = submit(scene, files=("statutes", "photos"))
    other = submit(scene)
    ask(scene, complete, label="Relevé d'identité bancaire")

    assert flagged(scene) == {complete.pk: True, other.pk: False}
    assert filtered(client, scene) == {complete.pk}


@pytest.mark.parametrize("ending", ["received", "cancelled", "expired"])
def test_a_request_no_longer_open_raises_no_flag(scene, ending):
    application = submit(scene)
    request = ask(scene, application, label="Relevé d'identité bancaire", days=2)
    moment = timezone.now()
    if ending == "received":
        provide(request, application)
    elif ending == "cancelled":
        documents.document_request_cancel(request=request, actor=scene.organizer)
    else:
        moment = request.due_at + datetime.timedelta(minutes=1)

    with time_machine.travel(moment):
        assert flagged(scene) == {application.pk: False}


def test_a_request_is_open_until_the_last_minute_of_its_window(scene):
    application = submit(scene)
    request = ask(scene, application, label="Relevé d'identité bancaire", days=2)

    with time_machine.travel(request.due_at - datetime.timedelta(minutes=1)):
        assert flagged(scene) == {application.pk: True}
    with time_machine.travel(request.due_at):
        assert flagged(scene) == {application.pk: False}


def test_document_requests_add_no_query_to_the_list(client, scene):
    warmed(client, scene.organizer)
    applications = [submit(scene) for _ in range(3)]
    ask(scene, applications[0], label="Attestation ODCO")  # the filter lists a row
    url = scene.url("list")
    views = [{}, {"flags": MISSING_DOCUMENTS}]
    before = [queries(client, url, params) for params in views]

    question = added_required_question(scene)
    for application in applications:
        provide(ask(scene, application, question=question), application)
        ask(scene, application, label="Relevé d'identité bancaire")
        request = ask(scene, application, label="Attestation fiscale")
        documents.document_request_cancel(request=request, actor=scene.organizer)

    assert [queries(client, url, params) for params in views] == before
