"""A missing-document request reaches the applicant in their language: the organizer
writes it in one language or more, sees which one the applicant reads, and the applicant
gets theirs, else the message as written."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Message
from submissions import services_documents as documents
from tests.submissions.test_document_requests import manage_url, organizer, received  # noqa: F401

FRENCH = "Merci d'envoyer l'attestation ODCO de cette année."
ARABIC = "المرجو إرسال شهادة مكتب تنمية التعاون لهذه السنة."


def reading(application, language):
    application.applicant.language = language
    application.applicant.save(update_fields=["language"])
    Message.objects.all().delete()


def ask(application, organizer, **translations):  # noqa: F811
    return documents.document_request(
        application=application,
        actor=organizer,
        label="Attestation ODCO",
        translations=translations,
        due_at=timezone.now() + datetime.timedelta(days=7),
    )


def test_an_arabic_reader_gets_the_arabic_message(received, organizer):  # noqa: F811
    reading(received, "ar")

    request = ask(received, organizer, fr=FRENCH, ar=ARABIC)

    mail = Message.objects.get()
    assert mail.language == "ar"
    assert ARABIC in mail.body_text
    assert ARABIC in mail.body_html
    assert FRENCH not in mail.body_text
    assert request.message == FRENCH  # as written: the organizer's language first
    assert (request.message_fr, request.message_ar, request.message_en) == (FRENCH, ARABIC, "")


def test_a_reader_without_a_text_in_their_language_gets_it_as_written(
    received,  # noqa: F811
    organizer,  # noqa: F811
):
    reading(received, "en")

    ask(received, organizer, ar=ARABIC)

    mail = Message.objects.get()
    assert mail.language == "en"
    assert ARABIC in mail.body_text
    with translation.override("en"):
        assert "ask you for a document" in mail.body_text


def test_the_form_shows_the_applicants_language_and_keeps_each_text(
    client,
    received,  # noqa: F811
    organizer,  # noqa: F811
):
    reading(received, "ar")
    client.force_login(organizer)

    with translation.override("en"):
        page = client.get(manage_url("list", received)).text
        response = client.post(
            manage_url("request", received),
            {"label": "Attestation ODCO", "message_ar": ARABIC, "message_fr": FRENCH, "days": "7"},
        )

    assert "Language of the applicant's e-mails: Arabic." in page
    for code in ("fr", "ar", "en"):
        assert f'name="message_{code}"' in page
    assert page.index('name="message_ar"') < page.index('name="message_fr"')
    assert response.status_code == 302
    request = received.document_requests.get()
    assert (request.message_ar, request.message_fr) == (ARABIC, FRENCH)
    assert ARABIC in Message.objects.get().body_text


def test_a_request_without_any_message_is_refused_on_the_applicants_language(
    client,
    received,  # noqa: F811
    organizer,  # noqa: F811
):
    reading(received, "ar")
    client.force_login(organizer)

    response = client.post(manage_url("request", received), {"label": "X", "days": "7"})

    assert set(response.context["document_form"].errors) == {"message_ar"}
    assert not received.document_requests.exists()


def test_the_applicants_page_shows_the_message_in_its_language(
    client,
    received,  # noqa: F811
    organizer,  # noqa: F811
):
    request = ask(received, organizer, fr=FRENCH, ar=ARABIC)
    client.force_login(received.applicant)

    with translation.override("ar"):
        url = reverse("me:document_request", kwargs={"pk": received.pk, "request_pk": request.pk})
    page = client.get(url).text

    assert ARABIC in page
    assert FRENCH not in page
