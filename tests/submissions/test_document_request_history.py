"""A cancelled document request is part of the application's history: who cancelled it and
which document, shown in words on the organizers' application page; cancelling again
records nothing more."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from notifications.models import Message
from submissions import services_documents as documents
from submissions.enums import EventKind
from submissions.models import DocumentRequest
from submissions.services_documents import DocumentRequestError
from tests.submissions import test_document_requests as requests_tests
from tests.submissions.conftest import pdf_upload
from tests.submissions.test_document_requests import ask, manage_url

# The fixtures of the document requests' tests: a submitted application, its organizer.
organizer = requests_tests.organizer
received = requests_tests.received

CANCELLED = EventKind.DOCUMENT_REQUEST_CANCELLED


def history_of(client, application) -> str:
    """The history section of the organizers' page of the application."""
    url = reverse("applications_manage:detail", args=[application.call.slug, application.pk])
    page = client.get(url).content.decode()
    start = page.index('id="history"')
    return page[start : page.index("</section>", start)]


def test_cancelling_a_request_records_who_cancelled_which_document(client, received, organizer):
    request = ask(received, organizer)
    client.force_login(organizer)

    client.post(manage_url("cancel", received, request_pk=request.pk))

    event = received.events.get(kind=CANCELLED)
    assert event.actor == organizer
    assert event.data == {"request": request.pk, "document": "Attestation ODCO récente"}
    request.refresh_from_db()
    assert event.created_at == request.cancelled_at


def test_the_history_shows_the_cancellation_in_words(client, received, organizer):
    request = ask(received, organizer)
    documents.document_request_cancel(request=request, actor=organizer)
    client.force_login(organizer)

    history = history_of(client, received)

    assert f"history-entry--{CANCELLED.value}" in history
    assert escape(gettext("Document request cancelled")) in history
    assert escape(gettext("Document: %(name)s") % {"name": "Attestation ODCO récente"}) in history
    row = history.split(f"history-entry--{CANCELLED.value}")[1].split("</tr>")[0]
    assert escape(str(organizer)) in row


def test_a_request_naming_a_question_records_the_questions_label(received, organizer, call_form):
    request = ask(received, organizer, label="", question=call_form.q["statutes"])

    documents.document_request_cancel(request=request, actor=organizer)

    event = received.events.get(kind=CANCELLED)
    assert event.data["document"] == call_form.q["statutes"].label


def test_cancelling_again_records_nothing_more(client, received, organizer):
    request = ask(received, organizer)
    client.force_login(organizer)

    documents.document_request_cancel(request=request, actor=organizer)
    documents.document_request_cancel(request=request, actor=organizer)
    client.post(manage_url("cancel", received, request_pk=request.pk))

    assert received.events.filter(kind=CANCELLED).count() == 1
    assert history_of(client, received).count(f"history-entry--{CANCELLED.value}") == 1


def test_a_request_past_its_window_cancelled_is_recorded_without_telling_the_applicant(
    received, organizer
):
    request = ask(received, organizer, due_at=timezone.now() + datetime.timedelta(days=2))
    Message.objects.all().delete()

    with time_machine.travel(request.due_at + datetime.timedelta(days=1)):
        documents.document_request_cancel(request=request, actor=organizer)

    request.refresh_from_db()
    assert request.status == DocumentRequest.Status.CANCELLED
    assert received.events.filter(kind=CANCELLED).count() == 1
    assert not Message.objects.exists()


def test_a_received_document_is_neither_cancelled_nor_recorded_as_cancelled(received, organizer):
    request = ask(received, organizer)
    documents.document_provide(request=request, file=pdf_upload(), actor=received.applicant)

    with pytest.raises(DocumentRequestError):
        documents.document_request_cancel(request=request, actor=organizer)

    assert not received.events.filter(kind=CANCELLED).exists()
