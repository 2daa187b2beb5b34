"""A call's own texts for the e-mails to its applicants: placeholders checked when the text
is saved (an unknown one refused then, never at sending), the organizers' pages (who may
open them, saving, preview in Arabic, reset), and the receipt and result e-mails using the
call's text in the applicant's language and the standard text in the others; no newline
from a name or a subject ever reaches an e-mail's subject."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from awards.models import ResultNotice
from awards.services.publication import notices_prepare, notices_release, results_publish
from calls import emails
from calls.enums import EmailKind
from calls.models import EmailTemplate
from notifications.models import Message
from submissions import services as submissions
from tests.awards.conftest import locked_scene
from tests.factories import (
    CallFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    SiteAdminFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RECEIPT = "submissions/email/receipt"
RESULT = "awards/email/result"


def edit_url(call, kind="receipt", language="fr"):
    return reverse("emails_manage:edit", args=[call.slug, kind, language])


def page_urls(call):
    return [
        reverse("emails_manage:list", args=[call.slug]),
        edit_url(call),
        edit_url(call, "result", "ar"),
        reverse("emails_manage:reset", args=[call.slug, "reminder", "en"]),
    ]


def custom(call, kind="receipt", language="ar", *, subject, body):
    return EmailTemplate.objects.create(
        call=call, kind=kind, language=language, subject=subject, body=body
    )


def submit(call, *, language="fr", name=None):
    """An application sent to `call` by a new applicant reading `language`; its receipt
    is written to the outbox."""
    organization = OrganizationFactory(
        owner__language=language, owner__password=None, **({"name": name} if name else {})
    )
    application = submissions.application_start(call=call, applicant=organization.owner)
    return submissions.application_submit(
        application=application, actor=organization.owner, answers={}
    )


def receipt_of(application):
    return Message.objects.get(template=RECEIPT, to_email=application.applicant.email)


# --- placeholders ---------------------------------------------------------------------


def test_each_kind_documents_its_placeholders():
    assert list(emails.placeholders_of(EmailKind.RECEIPT)) == [
        "reference",
        "organization",
        "call",
        "closes_at",
        "application_url",
    ]
    assert list(emails.placeholders_of(EmailKind.REMINDER)) == [
        "organization",
        "call",
        "closes_at",
        "application_url",
    ]
    assert set(emails.placeholders_of(EmailKind.RESULT)) == {
        "reference",
        "organization",
        "call",
        "outcome",
        "prize",
        "amount",
        "results_url",
        "application_url",
    }
    assert all(emails.placeholders_of(EmailKind.RESULT).values())


def test_an_unknown_placeholder_is_named_with_the_ones_allowed():
    problems = emails.template_problems("reminder", "Bonjour {organisation}, {call} ferme.")

    assert problems == [
        gettext("Unknown placeholder %(placeholder)s. You can use: %(allowed)s.")
        % {
            "placeholder": "{organisation}",
            "allowed": "{organization}, {call}, {closes_at}, {application_url}",
        }
    ]


def test_a_placeholder_of_another_kind_is_unknown():
    assert emails.template_problems("reminder", "Votre référence : {reference}")
    assert emails.template_problems("receipt", "Votre référence : {reference}") == []


@pytest.mark.parametrize(
    "text",
    ["Ouvert {call", "Fermé call}", "{}", "{0}", "{call.title}", "{call!r}", "{call:>30}"],
)
def test_broken_braces_attribute_access_and_formats_are_refused(text):
    assert emails.template_problems("receipt", text)


def test_doubled_braces_write_braces():
    text = "{{call}} reste {{ tel quel }} ; {call}"

    assert emails.template_problems("receipt", text) == []
    assert emails.render(text, {"call": "Prix"}) == "{call} reste { tel quel } ; Prix"


def test_a_repeated_unknown_placeholder_is_reported_once():
    assert len(emails.template_problems("receipt", "{x} et {x}")) == 1


def test_rendering_is_strict_and_values_are_plain_text():
    assert emails.render("{call}", {"call": "<b>{reference}</b>"}) == "<b>{reference}</b>"
    with pytest.raises(KeyError):
        emails.render("{inconnu}", {"call": "Prix"})


def test_a_subject_is_always_one_line():
    assert (
        emails.one_line("Reçu\r\nBcc: x@example.ma\u2028\x00 fin ") == "Reçu Bcc: x@example.ma fin"
    )


# --- who may open the pages -----------------------------------------------------------


@pytest.fixture
def call(organizer):
    return CallFactory(organizers=[organizer])


@pytest.fixture
def organizer():
    return OrganizerFactory(password=None)


def test_visitors_are_sent_to_the_login_page(client, call):
    for url in page_urls(call):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_applicants_are_refused(client, call):
    client.force_login(OrganizationFactory(owner__password=None).owner)

    for url in page_urls(call):
        assert client.get(url).status_code == 403, url
    assert client.post(edit_url(call), {"subject": "x", "body": "y"}).status_code == 403
    assert not EmailTemplate.objects.exists()


def test_an_organizer_of_another_call_gets_404_and_changes_nothing(client, call):
    custom(call, "reminder", "en", subject="Rappel", body="Texte")
    client.force_login(OrganizerFactory(password=None))

    for url in page_urls(call):
        assert client.get(url).status_code == 404, url
    assert client.post(edit_url(call), {"subject": "x", "body": "y"}).status_code == 404
    reset = reverse("emails_manage:reset", args=[call.slug, "reminder", "en"])
    assert client.post(reset).status_code == 404
    assert list(EmailTemplate.objects.values_list("subject", flat=True)) == ["Rappel"]


@pytest.mark.parametrize("person", ["organizer", "site admin"])
def test_the_calls_organizers_and_site_admins_open_every_page(client, call, organizer, person):
    custom(call, "reminder", "en", subject="Rappel", body="Texte")
    client.force_login(organizer if person == "organizer" else SiteAdminFactory())

    for url in page_urls(call):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("kind", "language"), [("welcome", "fr"), ("receipt", "de")])
def test_an_unknown_email_or_language_is_404(client, call, organizer, kind, language):
    client.force_login(organizer)

    assert client.get(edit_url(call, kind, language)).status_code == 404


# --- the organizers' pages ------------------------------------------------------------


def test_the_list_shows_each_email_and_language_as_standard_or_the_calls_own(
    client, call, organizer
):
    template = custom(call, "result", "ar", subject="النتائج", body="نص")
    template.updated_by = organizer
    template.save(update_fields=["updated_by"])
    client.force_login(organizer)

    response = client.get(reverse("emails_manage:list", args=[call.slug]))

    kinds = response.context["kinds"]
    assert [item["kind"] for item in kinds] == ["receipt", "reminder", "result"]
    states = {
        (item["kind"], language["code"]): language["template"]
        for item in kinds
        for language in item["languages"]
    }
    assert len(states) == 9
    assert states.pop(("result", "ar")) == template
    assert set(states.values()) == {None}
    page = response.content.decode()
    for kind in ("receipt", "reminder", "result"):
        for language in ("fr", "ar", "en"):
            assert f'href="{edit_url(call, kind, language)}"' in page


def test_the_editor_of_an_arabic_text_writes_right_to_left_and_lists_the_placeholders(
    client, call, organizer
):
    client.force_login(organizer)

    response = client.get(edit_url(call, "result", "ar"))

    page = response.content.decode()
    assert 'name="body" cols="40" rows="10" lang="ar" dir="rtl"' in page
    assert 'name="subject"' in page
    assert list(response.context["placeholders"]) == list(emails.placeholders_of("result"))
    assert '<code dir="ltr">{amount}</code>' in page
    # A new text starts from a suggestion that can be saved as it is.
    form = response.context["form"]
    assert (
        emails.text_errors("result", subject=form.initial["subject"], body=form.initial["body"])
        == {}
    )


def test_an_unknown_placeholder_is_refused_at_saving_and_what_was_typed_is_kept(
    client, call, organizer
):
    client.force_login(organizer)
    typed = {"subject": "Reçu {reference}", "body": "Merci {organisation} !\nÀ bientôt."}

    response = client.post(edit_url(call), {**typed, "save": "1"})

    assert response.status_code == 200
    assert not EmailTemplate.objects.exists()
    expected = gettext("Unknown placeholder %(placeholder)s. You can use: %(allowed)s.") % {
        "placeholder": "{organisation}",
        "allowed": "{reference}, {organization}, {call}, {closes_at}, {application_url}",
    }
    form = response.context["form"]
    assert form.errors == {"body": [expected]}
    assert form["body"].value() == typed["body"]
    assert form["subject"].value() == typed["subject"]
    assert "{organisation}" in response.content.decode()
    assert response.context["preview"] is None


def test_a_valid_text_is_saved_with_who_changed_it(client, call, organizer):
    client.force_login(organizer)

    response = client.post(
        edit_url(call, "receipt", "en"),
        {"subject": "  We got it:\r\n {reference} ", "body": "Thank you {organization}!\r\n\r\n"},
    )

    assert response.status_code == 302
    assert response.url == reverse("emails_manage:list", args=[call.slug])
    template = EmailTemplate.objects.get()
    assert (template.call, template.kind, template.language) == (call, "receipt", "en")
    assert template.subject == "We got it: {reference}"
    assert template.body == "Thank you {organization}!"
    assert template.updated_by == organizer

    client.post(edit_url(call, "receipt", "en"), {"subject": "Received", "body": "Thanks."})

    template.refresh_from_db()
    assert (template.subject, template.body) == ("Received", "Thanks.")
    assert EmailTemplate.objects.count() == 1


def test_saving_through_the_service_checks_again(call, organizer):
    with pytest.raises(emails.ValidationError) as refused:
        emails.email_template_save(
            call=call,
            kind="result",
            language="fr",
            subject="{prix}",
            body="{call",
            actor=organizer,
        )

    assert set(refused.value.message_dict) == {"subject", "body"}
    assert not EmailTemplate.objects.exists()
    with pytest.raises(emails.PermissionDenied):
        emails.email_template_save(
            call=call, kind="result", language="fr", subject="x", body="y", actor=UserFactory()
        )


def test_the_preview_shows_the_typed_arabic_text_without_saving_it(client, call, organizer):
    client.force_login(organizer)
    application = submit(call, language="ar")

    response = client.post(
        edit_url(call, "receipt", "ar"),
        {
            "subject": "استلمنا طلبكم {reference}",
            "body": "شكرا {organization} على المشاركة في {call}.\n<b>مرحبا</b>",
            "preview": "1",
        },
    )

    assert response.status_code == 200
    assert not EmailTemplate.objects.exists()
    preview = response.context["preview"]
    assert preview["subject"] == f"استلمنا طلبكم {application.reference}"
    organization = application.organization.name
    assert f"شكرا {organization} على المشاركة في {call.title_ar}." in preview["text"]
    assert 'lang="ar" dir="rtl"' in preview["html"]
    assert "&lt;b&gt;مرحبا&lt;/b&gt;" in preview["html"]
    page = response.content.decode()
    assert '<iframe class="email-preview__frame" sandbox=""' in page
    assert "srcdoc=" in page
    assert "<b>مرحبا</b>" not in page


def test_the_preview_uses_example_values_when_the_call_has_no_application(client, call, organizer):
    client.force_login(organizer)

    response = client.post(
        edit_url(call, "result", "fr"),
        {
            "subject": "Résultats — {call}",
            "body": "{outcome} : {prize} ({amount} MAD)",
            "preview": 1,
        },
    )

    preview = response.context["preview"]
    assert preview["subject"] == f"Résultats — {call.title_fr}"
    assert f"{call.reference_prefix}-{call.edition_year}-0001" in preview["text"]
    assert "50" in preview["text"]


def test_the_page_previews_the_email_as_sent_now(client, call, organizer):
    custom(call, "reminder", "fr", subject="Pensez à {call}", body="Il reste peu de temps.")
    client.force_login(organizer)

    saved = client.get(edit_url(call, "reminder", "fr")).context["preview"]
    standard = client.get(edit_url(call, "reminder", "en")).context["preview"]

    assert saved["subject"] == f"Pensez à {call.title_fr}"
    assert "Il reste peu de temps." in saved["text"]
    with translation.override("en"):
        expected = gettext("Your application to “%(call)s” is not sent yet") % {
            "call": call.title_en
        }
    assert standard["subject"] == expected


def test_reset_goes_back_to_the_standard_text(client, call, organizer):
    custom(call, "receipt", "fr", subject="Reçu", body="Merci.")
    client.force_login(organizer)
    url = reverse("emails_manage:reset", args=[call.slug, "receipt", "fr"])

    assert client.get(url).status_code == 200
    assert EmailTemplate.objects.exists()
    response = client.post(url)

    assert response.status_code == 302
    assert not EmailTemplate.objects.exists()
    assert client.post(url).status_code == 302  # nothing left: no error either


# --- the receipt ----------------------------------------------------------------------


def test_the_receipt_uses_the_calls_text_in_the_applicants_language_only(call):
    custom(
        call,
        "receipt",
        "ar",
        subject="توصلنا بطلبكم {reference} — {call}",
        body="شكرا {organization}.\nالمرجع {reference}، آخر أجل {closes_at}.\n<script>x</script>",
    )

    arabic = submit(call, language="ar")
    french = submit(call, language="fr")

    message = receipt_of(arabic)
    assert message.language == "ar"
    assert message.subject == f"توصلنا بطلبكم {arabic.reference} — {call.title_ar}"
    organization = arabic.organization.name
    assert f"شكرا {organization}.\nالمرجع {arabic.reference}، آخر أجل " in message.body_text
    # The facts stay below the call's text.
    assert message.body_text.count(arabic.reference) >= 2
    assert f"/ar/me/applications/{arabic.pk}/" in message.body_text
    assert "&lt;script&gt;x&lt;/script&gt;" in message.body_html
    assert "<script>" not in message.body_html
    assert f"<p>شكرا {organization}.<br>" in message.body_html

    standard = receipt_of(french)
    with translation.override("fr"):
        expected = gettext("Application received: %(reference)s") % {"reference": french.reference}
    assert standard.subject == f"{expected} — {call.title_fr}"
    assert "شكرا" not in standard.body_text


def test_a_later_receipt_keeps_the_calls_text_and_says_changes_were_received(call):
    question = QuestionFactory(step__call=call, required=False)
    custom(call, "receipt", "fr", subject="Reçu {reference}", body="Merci {organization}.")
    application = submit(call)

    submissions.application_submit(
        application=application, actor=application.applicant, answers={question.pk: "Modifié"}
    )

    first, later = Message.objects.filter(template=RECEIPT).order_by("pk")
    assert first.subject == later.subject == f"Reçu {application.reference}"
    changes = gettext(
        "The changes to your application %(reference)s to “%(call)s” were received."
    ) % {"reference": application.reference, "call": call.title_fr}
    assert changes not in first.body_text
    assert later.body_text.index(changes) < later.body_text.index("Merci ")


def test_a_newline_in_a_name_or_a_custom_subject_never_reaches_the_subject(call):
    custom(
        call,
        "receipt",
        "fr",
        subject="Reçu\r\nBcc: intrus@example.ma\n{organization}",
        body="Merci {organization}.",
    )

    application = submit(call, name="Coopérative\r\nBcc: intrus@example.ma")

    subject = receipt_of(application).subject
    assert "\n" not in subject
    assert "\r" not in subject
    assert subject == "Reçu Bcc: intrus@example.ma Coopérative Bcc: intrus@example.ma"


def test_a_text_broken_after_saving_falls_back_to_the_standard_receipt(call):
    custom(call, "receipt", "fr", subject="Reçu {inconnu}", body="Merci.")

    application = submit(call)

    assert receipt_of(application).subject.endswith(f" — {call.title_fr}")
    assert "Merci." not in receipt_of(application).body_text


# --- the result -----------------------------------------------------------------------


def test_the_result_uses_the_calls_text_in_the_applicants_language_only(
    django_capture_on_commit_callbacks,
):
    scene = locked_scene()
    call = scene.call
    results_publish(call=call, actor=scene.organizer)
    notices_prepare(call=call, actor=scene.organizer)
    custom(
        call,
        "result",
        "ar",
        subject="نتائج {call}",
        body="{organization}: {outcome} — {prize} ({amount} درهم)\n{results_url}",
    )

    with django_capture_on_commit_callbacks(execute=True):
        notices_release(call=call, actor=scene.organizer)

    a, _b, c = scene.applications[:3]
    messages = {n.application_id: n.message for n in ResultNotice.objects.select_related("message")}
    arabic = messages[a.pk]
    assert arabic.language == "ar"
    assert arabic.subject == f"نتائج {call.title_ar}"
    first_prize = scene.prizes[0]
    with translation.override("ar"):
        outcome = str(ResultNotice.objects.get(application=a).get_outcome_display())
    assert f"{a.organization.name}: {outcome} — {first_prize.label_ar} (" in arabic.body_text
    # The facts stay: the reference, the decision and the links.
    assert a.reference in arabic.body_text
    assert f"/ar/calls/{call.slug}/results/" in arabic.body_text
    results_link = f"{settings.SITE_URL}/ar/calls/{call.slug}/results/"
    assert f'<a href="{results_link}" rel="nofollow">' in arabic.body_html

    with translation.override("fr"):
        standard = gettext("The results of the call")
    assert messages[c.pk].subject == f"{standard} — {call.title_fr}"
    assert len(mail.outbox) == len(messages)


def test_the_reminder_preview_shows_sample_values_never_a_draft(client, call, organizer):
    """Drafts are their applicants' alone: the reminder's preview names an example
    cooperative, not the one writing a draft."""
    writing = OrganizationFactory(name="Coopérative Tighanimine")
    submissions.application_start(call=call, applicant=writing.owner)
    custom(call, "reminder", "fr", subject="Rappel", body="Bonjour {organization}.")
    client.force_login(organizer)

    preview = client.get(edit_url(call, "reminder", "fr")).context["preview"]

    assert "Tighanimine" not in preview["text"]
    with translation.override("fr"):
        assert gettext("Tifawin Cooperative (example)") in preview["text"]


def test_the_previews_example_reference_has_the_calls_year_in_morocco(client, organizer):
    # Opens on 1 January 2027 at 00:30 in Casablanca: still 2026 in UTC.
    call = CallFactory(
        organizers=[organizer],
        reference_prefix="MRF",
        opens_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2027, 3, 15, tzinfo=datetime.UTC),
    )
    client.force_login(organizer)

    response = client.post(
        edit_url(call, "receipt", "fr"),
        {"subject": "Reçu {reference}", "body": "Merci.", "preview": 1},
    )

    assert response.context["preview"]["subject"] == "Reçu MRF-2027-0001"
