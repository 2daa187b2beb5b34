"""A message to many applicants is written in one language or more: the page says how
many applicants read each language, and each applicant gets the text in theirs, else the
text as written."""

import pytest

from notifications.models import Message
from submissions.enums import EventKind
from submissions.models import ApplicationEvent
from tests.submissions.manage.conftest import submit
from tests.submissions.manage.test_bulk import bulk, organizer  # noqa: F401

pytestmark = pytest.mark.django_db

FRENCH = {"subject_fr": "Réunion d'information", "body_fr": "Une réunion aura lieu le 12 mai."}
ARABIC = {"subject_ar": "اجتماع إخباري", "body_ar": "سيعقد اجتماع يوم 12 ماي."}


@pytest.fixture
def readers(scene):
    return {
        "fr": submit(scene, name="Coopérative Amal", language="fr"),
        "ar": submit(scene, name="تعاونية الأمل", language="ar"),
        "ar2": submit(scene, name="تعاونية النور", language="ar"),
        "en": submit(scene, name="Tawada Cooperative", language="en"),
    }


def ticked(readers):
    return [application.pk for application in readers.values()]


def test_the_message_page_says_how_many_applicants_read_each_language(
    scene,
    organizer,  # noqa: F811
    bulk,  # noqa: F811
    readers,
):
    page = bulk(action="message", application=ticked(readers)).text

    assert "In Arabic — read by 2 applicants" in page
    assert "In French — read by 1 applicant<" in page
    assert "In English — read by 1 applicant<" in page
    for name in ("subject_fr", "body_fr", "subject_ar", "body_ar", "subject_en", "body_en"):
        assert f'name="{name}"' in page


def test_each_applicant_gets_the_text_in_their_language_else_as_written(
    scene,
    organizer,  # noqa: F811
    bulk,  # noqa: F811
    readers,
):
    bulk(action="message", application=ticked(readers), confirmed="1", **FRENCH, **ARABIC)

    mails = {mail.to_email: mail for mail in Message.objects.all()}
    arabic = mails[readers["ar"].applicant.email]
    assert arabic.subject == ARABIC["subject_ar"]
    assert ARABIC["body_ar"] in arabic.body_text
    assert FRENCH["body_fr"] not in arabic.body_text
    french = mails[readers["fr"].applicant.email]
    assert french.subject == FRENCH["subject_fr"]
    assert FRENCH["body_fr"] in french.body_text
    english = mails[readers["en"].applicant.email]
    assert english.language == "en"
    assert english.subject == FRENCH["subject_fr"]  # none in English: as written
    assert "write to you about your application" in english.body_text
    sent = ApplicationEvent.objects.get(
        kind=EventKind.MESSAGE_SENT, application=readers["ar"]
    ).data["subject"]
    assert sent == ARABIC["subject_ar"]


def test_a_subject_without_its_text_is_refused(
    scene,
    organizer,  # noqa: F811
    bulk,  # noqa: F811
    readers,
):
    response = bulk(
        action="message",
        application=ticked(readers),
        confirmed="1",
        **FRENCH,
        subject_ar="اجتماع",
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"body_ar"}
    assert not Message.objects.exists()
