"""The application form, step by step, as an applicant's browser posts it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organization
from accounts.services import ORGANIZATION_FIELDS, organization_save
from calls.models import Call, Step
from notifications.models import Message
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.submissions.conftest import pdf_upload

PREFIX = "application_wizard"


def step_url(application, step):
    return reverse(
        "apply:step", kwargs={"slug": application.call.slug, "pk": application.pk, "step": step}
    )


def part(call_form, number):
    """The wizard's name of the call's `number`-th step."""
    return f"part-{call_form.steps[number - 1].pk}"


def version_of(application):
    """The version of the saved copy, as the page showing it carries it."""
    return Application.objects.get(pk=application.pk).form_version


def post_step(client, application, step, data, **extra):
    payload = {f"{PREFIX}-current_step": step, **{f"{step}-{k}": v for k, v in data.items()}}
    payload["form_version"] = version_of(application)
    payload.update(extra)
    return client.post(step_url(application, step), payload)


def profile_data(organization):
    return {
        "name": organization.name,
        "legal_form": organization.legal_form,
        "registration_number": organization.registration_number,
        "region": organization.region,
        "province": organization.province,
        "sector": organization.sector,
        "founded_on": organization.founded_on.isoformat(),
        "members_count": organization.members_count,
        "women_members_count": organization.women_members_count,
        "youth_members_count": organization.youth_members_count,
        "contact_phone": organization.contact_phone,
    }


def part_data(call_form, **overrides):
    q = call_form.q
    data = {
        q["project"].field_name: "Séchoir solaire collectif",
        q["summary"].field_name: "Nous voulons sécher le safran sans perte de qualité.",
        q["budget"].field_name: "85000",
        q["start"].field_name: "2027-01-15",
        q["sector"].field_name: "saffron",
        q["markets"].field_name: ["local", "export"],
        q["training"].field_name: "yes",
    }
    data.update({q[name].field_name: value for name, value in overrides.items()})
    return data


@pytest.fixture
def started(client, applicant, call_form):
    client.force_login(applicant)
    response = client.post(reverse("apply:start", kwargs={"slug": call_form.call.slug}))
    application = Application.objects.get(applicant=applicant)
    assert response.url == reverse(
        "apply:wizard", kwargs={"slug": call_form.call.slug, "pk": application.pk}
    )
    return application


def fill_everything(client, application, call_form, organization):
    post_step(client, application, "organization", profile_data(organization))
    post_step(
        client, application, "eligibility", {f"declaration_{call_form.declaration.pk}": "yes"}
    )
    post_step(client, application, part(call_form, 1), part_data(call_form))
    client.post(
        reverse(
            "apply:upload",
            kwargs={
                "slug": call_form.call.slug,
                "pk": application.pk,
                "question_pk": call_form.q["statutes"].pk,
            },
        ),
        {"file": pdf_upload()},
    )
    return post_step(client, application, part(call_form, 2), {})


def test_an_applicant_fills_every_step_and_submits_with_a_reference_and_a_receipt(
    client, started, call_form, organization, django_capture_on_commit_callbacks
):
    response = fill_everything(client, started, call_form, organization)
    assert response.url == step_url(started, "review")
    review = client.get(step_url(started, "review"))
    assert "Séchoir solaire collectif" in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, started, "review", {"confirm": "on"})

    started.refresh_from_db()
    assert response.url == reverse("me:application", kwargs={"pk": started.pk})
    assert started.status == ApplicationStatus.SUBMITTED
    year = started.call.opens_at.year
    assert started.reference == f"LAM-{year}-0001"
    assert started.eligible_at_submission is True
    answers = {a.question_id: a.value for a in started.answers.all()}
    assert answers[call_form.q["markets"].pk] == ["local", "export"]
    assert answers[call_form.q["training"].pk] is True
    assert answers[call_form.q["budget"].pk] == "85000"
    receipt = Message.objects.get(template="submissions/email/receipt")
    assert receipt.to_email == started.applicant.email
    assert started.reference in receipt.subject
    assert "Séchoir solaire collectif" in receipt.body_text
    assert "statuts.pdf" in receipt.body_text
    assert len(mail.outbox) == 1


def test_each_step_left_is_kept_on_the_server_even_when_invalid(client, started, call_form):
    too_long = " ".join(["mot"] * 25)
    response = post_step(
        client, started, part(call_form, 1), part_data(call_form, summary=too_long)
    )

    assert response.status_code == 200
    assert "25 words: the limit is 20" in response.content.decode()
    started.refresh_from_db()
    kept = started.form_data["step_data"][part(call_form, 1)]
    assert kept[f"{part(call_form, 1)}-{call_form.q['summary'].field_name}"] == [too_long]
    # Another device: a new session finds the text where it was left.
    client.logout()
    client.force_login(started.applicant)
    assert too_long in client.get(step_url(started, part(call_form, 1))).content.decode()


def test_going_back_keeps_what_was_typed_on_the_later_step(client, started, call_form):
    typed = part_data(call_form, project="Unité de séchage")
    post_step(client, started, part(call_form, 1), typed, wizard_goto_step="eligibility")

    started.refresh_from_db()
    assert started.form_step == "eligibility"
    page = client.get(step_url(started, part(call_form, 1))).content.decode()
    assert "Unité de séchage" in page


def test_a_number_out_of_bounds_is_refused_with_the_bound(client, started, call_form):
    response = post_step(client, started, part(call_form, 1), part_data(call_form, budget="500000"))

    assert response.status_code == 200
    assert "200000" in response.content.decode().replace("\u202f", "").replace(" ", "")
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT


def test_posting_the_review_directly_sends_back_to_the_first_incomplete_step(
    client, started, call_form, organization
):
    post_step(client, started, "organization", profile_data(organization))

    response = post_step(client, started, "review", {"confirm": "on"})

    assert response.url == step_url(started, "eligibility")
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT
    assert not started.submissions.exists()


def test_a_required_document_missing_keeps_the_application_a_draft(
    client, started, call_form, organization
):
    post_step(client, started, "organization", profile_data(organization))
    post_step(client, started, "eligibility", {f"declaration_{call_form.declaration.pk}": "yes"})
    post_step(client, started, part(call_form, 1), part_data(call_form))

    response = post_step(client, started, part(call_form, 2), {})

    assert response.status_code == 200
    assert "Please add the document" in response.content.decode()


def test_the_deadline_passing_on_the_last_step_refuses_and_keeps_the_draft(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    closes_at = timezone.now() + datetime.timedelta(hours=1)
    Call.objects.filter(pk=call_form.call.pk).update(closes_at=closes_at)
    after_deadline = closes_at + datetime.timedelta(minutes=1)

    with time_machine.travel(after_deadline, tick=False):
        response = post_step(client, started, "review", {"confirm": "on"})
        detail = client.get(response.url)

    assert response.url == reverse("me:application", kwargs={"pk": started.pk})
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT
    assert "was not submitted before the call closed" in detail.content.decode()
    assert "Séchoir solaire collectif" in detail.content.decode()


def test_submit_address_opened_with_get_shows_the_review_and_submits_nothing(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    post_step(client, started, "review", {"confirm": ""})

    response = client.get(step_url(started, "submit"))

    assert response.url == step_url(started, "review")
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT


def test_autosave_keeps_the_text_being_typed_and_says_when(client, started, call_form):
    field = f"{part(call_form, 1)}-{call_form.q['summary'].field_name}"
    response = client.post(
        step_url(started, part(call_form, 1)),
        {
            f"{PREFIX}-current_step": part(call_form, 1),
            field: "Premier jet",
            "autosave": "1",
            "form_version": version_of(started),
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    started.refresh_from_db()
    assert started.form_data["step_data"][part(call_form, 1)][field] == ["Premier jet"]
    assert started.form_step == part(call_form, 1)


def test_autosave_after_the_deadline_says_the_call_is_closed(client, started, call_form):
    field = f"{part(call_form, 1)}-{call_form.q['summary'].field_name}"
    closes_at = timezone.now() + datetime.timedelta(hours=1)
    Call.objects.filter(pk=call_form.call.pk).update(closes_at=closes_at)
    with time_machine.travel(closes_at + datetime.timedelta(seconds=1)):
        response = client.post(
            step_url(started, part(call_form, 1)),
            {
                f"{PREFIX}-current_step": part(call_form, 1),
                field: "Trop tard",
                "autosave": "1",
                "form_version": version_of(started),
            },
        )

    # Said beside the button, with no new version: the page keeps the text on the device.
    assert response.status_code == 200
    assert "The call closed on" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "X-Form-Version" not in response
    started.refresh_from_db()
    assert started.form_data == {}


def test_an_arabic_only_application_goes_through_in_arabic(
    client, started, call_form, organization
):
    started.applicant.language = "ar"
    started.applicant.save(update_fields=["language"])
    arabic = "مشروع تجفيف الزعفران بالطاقة الشمسية"
    post_step(client, started, "organization", profile_data(organization))
    post_step(client, started, "eligibility", {f"declaration_{call_form.declaration.pk}": "yes"})
    post_step(
        client, started, part(call_form, 1), part_data(call_form, project=arabic, summary=arabic)
    )
    client.post(
        reverse(
            "apply:upload",
            kwargs={
                "slug": call_form.call.slug,
                "pk": started.pk,
                "question_pk": call_form.q["statutes"].pk,
            },
        ),
        {"file": pdf_upload("النظام الأساسي.pdf")},
    )
    post_step(client, started, part(call_form, 2), {})
    with translation.override("ar"):
        url = step_url(started, "review")
    client.post(
        url,
        {
            f"{PREFIX}-current_step": "review",
            "review-confirm": "on",
            "form_version": version_of(started),
        },
    )

    started.refresh_from_db()
    assert started.status == ApplicationStatus.SUBMITTED
    receipt = Message.objects.get(template="submissions/email/receipt")
    assert receipt.language == "ar"
    assert arabic in receipt.body_text
    assert "النظام_الأساسي.pdf" in receipt.body_text


def test_a_submitted_application_is_changed_through_the_form_and_submitted_again(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    post_step(client, started, "review", {"confirm": "on"})
    started.refresh_from_db()
    reference = started.reference

    client.get(reverse("apply:wizard", kwargs={"slug": call_form.call.slug, "pk": started.pk}))
    post_step(
        client, started, part(call_form, 1), part_data(call_form, project="Séchoir et emballage")
    )
    detail = client.get(reverse("me:application", kwargs={"pk": started.pk})).content.decode()
    assert "changes that are not submitted yet" in detail
    assert started.answers.get(question=call_form.q["project"]).value == (
        "Séchoir solaire collectif"
    )

    post_step(client, started, part(call_form, 2), {})
    post_step(client, started, "review", {"confirm": "on"})

    started.refresh_from_db()
    assert started.reference == reference
    assert list(started.submissions.values_list("number", flat=True)) == [1, 2]
    assert started.answers.get(question=call_form.q["project"]).value == "Séchoir et emballage"


def test_the_start_page_offers_no_second_application_beyond_the_limit(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    post_step(client, started, "review", {"confirm": "on"})

    page = client.get(reverse("apply:start", kwargs={"slug": call_form.call.slug}))

    assert "takes no more applications from your organization" in page.content.decode()
    assert "Start my application" not in page.content.decode()


def test_answers_stay_with_their_step_when_the_organizers_reorder_the_form(
    client, started, call_form
):
    post_step(client, started, part(call_form, 1), part_data(call_form, project="Unité mobile"))
    project, documents = call_form.steps
    Step.objects.filter(pk=project.pk).update(position=5)
    Step.objects.filter(pk=documents.pk).update(position=1)

    page = client.get(step_url(started, f"part-{project.pk}")).content.decode()

    assert "Unité mobile" in page


def test_a_draft_left_on_a_step_since_removed_opens_at_the_first_step(client, started):
    Application.objects.filter(pk=started.pk).update(form_step="part-999999")

    response = client.get(
        reverse("apply:wizard", kwargs={"slug": started.call.slug, "pk": started.pk}),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == step_url(started, "organization")


def test_a_tampered_current_step_sends_back_to_the_step_shown(client, started, call_form):
    response = client.post(
        step_url(started, "organization"),
        {f"{PREFIX}-current_step": "part-999999", "form_version": version_of(started)},
    )

    assert response.status_code == 302
    started.refresh_from_db()
    assert started.form_data == {}


def test_a_second_tab_cannot_overwrite_what_another_saved_since_it_opened(
    client, started, call_form
):
    opened_version = version_of(started)
    post_step(client, started, part(call_form, 1), part_data(call_form, project="Onglet B"))
    field = f"{part(call_form, 1)}-{call_form.q['project'].field_name}"
    stale = {f"{PREFIX}-current_step": part(call_form, 1), field: "Onglet A"}

    autosave = client.post(
        step_url(started, part(call_form, 1)),
        {**stale, "autosave": "1", "form_version": opened_version},
    )
    step_post = client.post(
        step_url(started, part(call_form, 1)), {**stale, "form_version": opened_version}
    )

    assert "changed in another tab" in autosave.content.decode()
    assert "X-Form-Version" not in autosave
    assert step_post.status_code == 200
    assert "Onglet A" in step_post.content.decode()  # what this tab typed is shown back
    started.refresh_from_db()
    assert started.form_data["step_data"][part(call_form, 1)][field] == ["Onglet B"]


def test_opening_a_step_changes_nothing(client, started, call_form):
    post_step(client, started, part(call_form, 1), part_data(call_form))
    saved = Application.objects.filter(pk=started.pk).values().get()

    client.get(step_url(started, "eligibility"))

    assert Application.objects.filter(pk=started.pk).values().get() == saved


def test_a_nul_character_typed_in_an_answer_is_dropped_not_stored(client, started, call_form):
    post_step(
        client, started, part(call_form, 1), part_data(call_form, project="Séchoir\x00solaire")
    )

    started.refresh_from_db()
    field = f"{part(call_form, 1)}-{call_form.q['project'].field_name}"
    assert started.form_data["step_data"][part(call_form, 1)][field] == ["Séchoirsolaire"]


def test_a_date_in_the_pages_language_order_is_refused_not_misread(client, started, call_form):
    response = post_step(
        client, started, part(call_form, 1), part_data(call_form, start="03/04/2027")
    )

    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_a_choice_ticked_twice_is_kept_once(client, started, call_form, organization):
    fill_everything(client, started, call_form, organization)
    post_step(
        client,
        started,
        part(call_form, 1),
        part_data(call_form, markets=["local", "export", "local"]),
    )
    post_step(client, started, part(call_form, 2), {})
    post_step(client, started, "review", {"confirm": "on"})

    assert started.answers.get(question=call_form.q["markets"]).value == ["local", "export"]


def test_submitting_keeps_a_profile_corrected_elsewhere_since_the_profile_step(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    corrected = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS}
    organization_save(owner=organization.owner, data={**corrected, "members_count": 40})

    client.get(step_url(started, "review"))
    post_step(client, started, "review", {"confirm": "on"})

    started.refresh_from_db()
    assert started.status == ApplicationStatus.SUBMITTED
    assert Organization.objects.get(pk=organization.pk).members_count == 40
    assert started.profile_snapshot["profile"]["members_count"] == 40
