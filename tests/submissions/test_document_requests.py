"""Missing documents: an organizer asks, the applicant sends it within the window, on its
own page, without reopening the application."""

import datetime
import hashlib

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from calls.enums import QuestionKind
from calls.models import Call
from notifications.models import Message
from submissions import services
from submissions import services_documents as documents
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import DocumentRequest, Submission
from submissions.services_documents import DocumentRequestError
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory, QuestionFactory
from tests.submissions.conftest import MINIMAL_PDF, jpeg_bytes, pdf_upload

Status = DocumentRequest.Status
WRONG_TYPE = "This file is not a document of an accepted type (%(types)s), whatever its name."


@pytest.fixture
def organizer(call_form):
    person = OrganizerFactory(language="fr")
    call_form.call.organizers.add(person)
    return person


@pytest.fixture
def received(applicant, call_form):
    """An application submitted before the deadline; the call has closed since."""
    application = services.application_start(call=call_form.call, applicant=applicant)
    services.attachment_add(
        application=application,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload(),
        actor=applicant,
    )
    services.application_submit(
        application=application,
        actor=applicant,
        answers=call_form.answers(),
        declarations={call_form.declaration.pk: True},
        notify=False,
    )
    now = timezone.now()
    Call.objects.filter(pk=call_form.call.pk).update(
        opens_at=now - datetime.timedelta(days=60), closes_at=now - datetime.timedelta(days=1)
    )
    application.refresh_from_db()
    return application


def ask(application, organizer, **overrides):
    values = {
        "label": "Attestation ODCO récente",
        "message": "L'attestation jointe date de 2019 : merci d'envoyer celle de cette année.",
        "due_at": timezone.now() + datetime.timedelta(days=7),
    }
    values.update(overrides)
    return documents.document_request(application=application, actor=organizer, **values)


def page_url(document_request):
    return reverse(
        "me:document_request",
        kwargs={"pk": document_request.application_id, "request_pk": document_request.pk},
    )


def manage_url(name, application, **kwargs):
    kwargs = {"slug": application.call.slug, "pk": application.pk, **kwargs}
    return reverse(f"documents_manage:{name}", kwargs=kwargs)


def moment(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- asking -----------------------------------------------------------------------------


def test_a_request_emails_the_applicant_once_in_their_language(received, organizer):
    received.applicant.language = "ar"
    received.applicant.save(update_fields=["language"])
    Message.objects.all().delete()

    request = ask(received, organizer)

    message = Message.objects.get()
    assert message.template == "submissions/email/document_request"
    assert (message.to_email, message.language) == (received.applicant.email, "ar")
    upload = f"{settings.SITE_URL}/ar/me/applications/{received.pk}/documents/{request.pk}/"
    assert upload in message.body_text
    assert upload in message.body_html
    assert "Attestation ODCO récente" in message.subject
    assert request.status == Status.OPEN
    event = received.events.get(kind=EventKind.DOCUMENT_REQUESTED)
    assert event.actor == organizer
    assert event.reason == request.message
    assert event.data["request"] == request.pk
    assert event.data["due"] == request.due_at.isoformat()


@pytest.mark.parametrize("status", [ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED])
def test_applications_under_review_may_be_asked_for_a_document(received, organizer, status):
    services.application_transition(application=received, to=ApplicationStatus.ELIGIBLE, actor=None)
    services.application_transition(application=received, to=status, actor=None)

    assert ask(received, organizer).is_open


def test_a_draft_cannot_be_asked_for_a_document(applicant, call_form, organizer):
    draft = services.application_start(call=call_form.call, applicant=applicant)

    with pytest.raises(DocumentRequestError):
        ask(draft, organizer)

    assert not DocumentRequest.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.WINNER])
def test_withdrawn_and_decided_applications_cannot_be_asked(received, organizer, status):
    if status == ApplicationStatus.WINNER:
        services.application_transition(
            application=received, to=ApplicationStatus.ELIGIBLE, actor=None
        )
    services.application_transition(application=received, to=status, actor=None)

    with pytest.raises(DocumentRequestError):
        ask(received, organizer)

    assert not received.document_requests.exists()


def test_the_form_refuses_a_request_on_a_withdrawn_application_and_says_why(
    client, received, organizer
):
    services.application_withdraw(application=received, actor=received.applicant)
    client.force_login(organizer)

    response = client.post(
        manage_url("request", received),
        {"label": "Relevé bancaire", "message_fr": "Pour le versement du prix.", "days": "7"},
    )

    assert response.status_code == 200
    errors = response.context["document_form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0] in response.content.decode()
    assert not received.document_requests.exists()


@pytest.mark.parametrize(
    "due",
    [datetime.timedelta(minutes=30), datetime.timedelta(days=-1), datetime.timedelta(days=62)],
)
def test_the_window_ends_between_an_hour_and_sixty_days_from_now(received, organizer, due):
    with pytest.raises(DocumentRequestError):
        ask(received, organizer, due_at=timezone.now() + due)

    assert not received.document_requests.exists()


def test_only_a_file_question_of_the_call_can_be_named(received, organizer, call_form):
    other_call = QuestionFactory(step__call=CallFactory(), kind=QuestionKind.FILE)

    for question in (call_form.q["project"], other_call):
        with pytest.raises(DocumentRequestError):
            ask(received, organizer, label="", question=question)
    with pytest.raises(DocumentRequestError):
        ask(received, organizer, label="  ")

    assert not received.document_requests.exists()


def test_another_organizer_cannot_ask_through_the_service(received):
    with pytest.raises(DocumentRequestError):
        ask(received, OrganizerFactory())


def test_the_organizer_asks_through_the_form_with_a_window_in_days(client, received, organizer):
    client.force_login(organizer)
    back = "/en/manage/somewhere/"

    response = client.post(
        manage_url("request", received),
        {
            "question": "",
            "label": "Attestation ODCO",
            "message_fr": "À jour.",
            "days": "10",
            "next": back,
        },
    )

    assert response.status_code == 302
    assert response.url == back + "#document-requests"
    request = received.document_requests.get()
    due = timezone.localtime(request.due_at)
    assert due.date() == timezone.localdate() + datetime.timedelta(days=10)
    assert (due.hour, due.minute) == (23, 59)
    assert Message.objects.filter(template="submissions/email/document_request").count() == 1
    page = client.get(manage_url("list", received)).content.decode()
    assert "Attestation ODCO" in page
    assert manage_url("cancel", received, request_pk=request.pk) in page


def test_the_organizer_names_a_question_and_a_last_day(client, received, organizer, call_form):
    client.force_login(organizer)
    last_day = timezone.localdate() + datetime.timedelta(days=3)

    client.post(
        manage_url("request", received),
        {
            "question": call_form.q["statutes"].pk,
            "message_fr": "Les statuts signés, toutes les pages.",
            "due_date": last_day.isoformat(),
        },
    )

    request = received.document_requests.get()
    assert request.question == call_form.q["statutes"]
    assert request.title == call_form.q["statutes"].label
    assert timezone.localtime(request.due_at).date() == last_day


def test_a_request_without_document_or_message_is_refused_and_keeps_what_was_typed(
    client, received, organizer
):
    client.force_login(organizer)

    response = client.post(
        manage_url("request", received),
        {"question": "", "label": "", "message_fr": "", "days": "99"},
    )

    assert response.status_code == 200
    form = response.context["document_form"]
    assert set(form.errors) == {"label", "message_fr", "days"}
    assert 'value="99"' in response.content.decode()
    assert not received.document_requests.exists()


# --- sending ----------------------------------------------------------------------------


def test_the_applicant_sends_the_document_within_the_window(client, received, organizer):
    request = ask(received, organizer)
    Message.objects.all().delete()
    snapshot = list(received.submissions.values_list("number", "attachments", "fingerprint"))
    client.force_login(received.applicant)

    response = client.post(page_url(request), {"file": pdf_upload("attestation odco.pdf")})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.FULFILLED
    assert request.provided_by == received.applicant
    assert request.original_name == "attestation_odco.pdf"
    assert request.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    with request.file.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF
    event = received.events.get(kind=EventKind.DOCUMENT_PROVIDED)
    assert (event.actor, event.data["request"]) == (received.applicant, request.pk)
    assert event.data["sha256"] == request.sha256
    notice = Message.objects.get()
    assert notice.template == "submissions/email/document_request_received"
    assert (notice.to_email, notice.language) == (organizer.email, organizer.language)
    # The application stays as submitted: no new submission, no change to its files.
    received.refresh_from_db()
    assert received.status == ApplicationStatus.SUBMITTED
    assert received.attachments.count() == 1
    assert (
        list(
            Submission.objects.filter(application=received).values_list(
                "number", "attachments", "fingerprint"
            )
        )
        == snapshot
    )
    # Organizers download it; the applicant too.
    client.force_login(organizer)
    download = client.get(manage_url("file", received, request_pk=request.pk))
    assert b"".join(download.streaming_content) == MINIMAL_PDF
    client.force_login(received.applicant)
    own = client.get(
        reverse("me:document_request_file", kwargs={"pk": received.pk, "request_pk": request.pk})
    )
    assert own.status_code == 200


def test_a_file_of_the_wrong_type_is_refused_and_the_request_stays_open(
    client, received, organizer, call_form
):
    request = ask(received, organizer, label="", question=call_form.q["statutes"])
    client.force_login(received.applicant)
    photo = SimpleUploadedFile("statuts.pdf", jpeg_bytes(), content_type="application/pdf")

    response = client.post(page_url(request), {"file": photo})

    assert response.status_code == 200
    assert response.context["error"] == gettext(WRONG_TYPE) % {"types": "PDF"}
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert not request.file
    assert not received.events.filter(kind=EventKind.DOCUMENT_PROVIDED).exists()


def test_a_file_over_the_calls_limit_is_refused_and_the_request_stays_open(
    client, received, organizer, call_form
):
    Call.objects.filter(pk=call_form.call.pk).update(attachment_max_mb=1)
    request = ask(received, organizer)
    client.force_login(received.applicant)
    big = pdf_upload(content=MINIMAL_PDF + b"0" * (2 * 1024 * 1024))

    response = client.post(page_url(request), {"file": big})

    assert response.status_code == 200
    assert response.context["error"] == gettext(
        "This file is %(size)s MB; the call accepts files up to %(limit)s MB."
    ) % {"size": 2.0, "limit": 1}
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert not request.file


def test_a_window_that_has_expired_takes_no_more_files(client, received, organizer):
    request = ask(received, organizer, due_at=timezone.now() + datetime.timedelta(days=2))
    client.force_login(received.applicant)

    with time_machine.travel(request.due_at + datetime.timedelta(minutes=1)):
        page = client.get(page_url(request))
        response = client.post(page_url(request), {"file": pdf_upload()})
        status = DocumentRequest.objects.get(pk=request.pk).status

    assert page.status_code == 200
    assert not page.context["can_send"]
    assert organizer.email in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    assert response.status_code == 200
    assert response.context["error"] == gettext(
        "The window to send this document closed on %(date)s (Morocco time). "
        "Please write to the organizers."
    ) % {"date": moment(request.due_at)}
    assert status == Status.EXPIRED
    request.refresh_from_db()
    assert not request.file
    assert request.fulfilled_at is None


def test_sending_twice_keeps_one_file_and_refuses_the_second_cleanly(
    client, received, organizer, settings
):
    request = ask(received, organizer)
    client.force_login(received.applicant)

    first = client.post(page_url(request), {"file": pdf_upload("a.pdf")})
    second = client.post(page_url(request), {"file": pdf_upload("b.pdf")})

    assert first.status_code == 302
    assert second.status_code == 200
    request.refresh_from_db()
    assert second.context["error"] == gettext(
        "This document was already received on %(date)s (Morocco time)."
    ) % {"date": moment(request.fulfilled_at)}
    assert request.original_name == "a.pdf"
    assert received.events.filter(kind=EventKind.DOCUMENT_PROVIDED).count() == 1
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert len(stored) == 2  # the submitted statutes and the one document sent


def test_a_withdrawn_application_takes_no_more_documents(received, organizer):
    request = ask(received, organizer)
    services.application_withdraw(application=received, actor=received.applicant)

    with pytest.raises(DocumentRequestError):
        documents.document_provide(request=request, file=pdf_upload(), actor=received.applicant)

    request.refresh_from_db()
    assert not request.file


def test_only_the_applicant_sends_the_document(received, organizer):
    request = ask(received, organizer)

    with pytest.raises(DocumentRequestError):
        documents.document_provide(request=request, file=pdf_upload(), actor=organizer)


# --- what each person sees --------------------------------------------------------------


def test_the_applicant_sees_the_open_request_on_the_dashboard_and_the_application(
    client, received, organizer
):
    request = ask(received, organizer)
    client.force_login(received.applicant)

    pages = [reverse("me:dashboard"), reverse("me:application", kwargs={"pk": received.pk})]

    for url in pages:
        content = client.get(url).content.decode()
        assert f'href="{page_url(request)}"' in content
        assert gettext("Upload the document") in content
    documents.document_provide(request=request, file=pdf_upload(), actor=received.applicant)
    for url in pages:
        assert gettext("Upload the document") not in client.get(url).content.decode()


def test_another_applicants_request_is_404(client, received, organizer):
    request = ask(received, organizer)
    client.force_login(OrganizationFactory().owner)
    file_url = reverse(
        "me:document_request_file", kwargs={"pk": received.pk, "request_pk": request.pk}
    )

    codes = [
        client.get(page_url(request)).status_code,
        client.post(page_url(request), {"file": pdf_upload()}).status_code,
        client.get(file_url).status_code,
    ]

    assert codes == [404, 404, 404]
    request.refresh_from_db()
    assert request.is_open
    assert not request.file


def test_another_organizers_application_is_404(client, received, organizer):
    request = ask(received, organizer)
    client.force_login(OrganizerFactory())

    codes = [
        client.get(manage_url("list", received)).status_code,
        client.post(
            manage_url("request", received), {"label": "X", "message": "Y", "days": "7"}
        ).status_code,
        client.post(manage_url("cancel", received, request_pk=request.pk)).status_code,
        client.get(manage_url("file", received, request_pk=request.pk)).status_code,
    ]

    assert codes == [404, 404, 404, 404]
    assert received.document_requests.get().is_open


def test_a_discarded_draft_is_404_to_the_organizers(client, applicant, call_form, organizer):
    """A draft its applicant discarded was never received: its documents page is as
    unknown as its application page."""
    draft = services.application_start(call=call_form.call, applicant=applicant)
    services.application_withdraw(application=draft, actor=applicant)
    client.force_login(organizer)

    assert client.get(manage_url("list", draft)).status_code == 404


def test_an_applicant_cannot_open_the_organizers_pages(client, received, organizer):
    client.force_login(received.applicant)

    assert client.get(manage_url("list", received)).status_code == 403


# --- cancelling -------------------------------------------------------------------------


def test_the_organizer_cancels_an_open_request_and_the_applicant_is_told(
    client, received, organizer
):
    request = ask(received, organizer)
    Message.objects.all().delete()
    client.force_login(organizer)

    response = client.post(manage_url("cancel", received, request_pk=request.pk))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert (request.cancelled_by, request.cancelled_at is not None) == (organizer, True)
    notice = Message.objects.get()
    assert notice.template == "submissions/email/document_request_cancelled"
    assert notice.to_email == received.applicant.email
    with pytest.raises(DocumentRequestError):
        documents.document_provide(request=request, file=pdf_upload(), actor=received.applicant)
    # Cancelling again changes nothing.
    documents.document_request_cancel(request=request, actor=organizer)
    assert Message.objects.count() == 1


def test_a_received_document_cannot_be_cancelled(received, organizer):
    request = ask(received, organizer)
    documents.document_provide(request=request, file=pdf_upload(), actor=received.applicant)

    with pytest.raises(DocumentRequestError):
        documents.document_request_cancel(request=request, actor=organizer)

    request.refresh_from_db()
    assert request.status == Status.FULFILLED
