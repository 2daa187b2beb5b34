"""The organizers' back-office pages (/<lang>/manage/…): who may open them, what they
show, and what posting them changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from calls.enums import QuestionKind, RoundKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round
from tests.calls.conftest import lock_form, pdf_upload
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    SiteAdminFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

MOROCCO = ZoneInfo("Africa/Casablanca")


@pytest.fixture
def furnished_call(organizer_call):
    """A call with one of everything an organizer edits, for the role tables."""
    question = QuestionFactory(step__call=organizer_call)
    rule = EligibilityRuleFactory(call=organizer_call)
    return organizer_call, question.step, question, rule


def call_urls(call, step, question, rule):
    """Every page about one call (GET)."""
    slug = call.slug
    return [
        reverse("manage:call", args=[slug]),
        reverse("manage:call_edit", args=[slug]),
        reverse("manage:call_duplicate", args=[slug]),
        reverse("manage:rules", args=[slug]),
        reverse("manage:rule_add", args=[slug]) + "?kind=members-min",
        reverse("manage:rule_edit", args=[slug, rule.pk]),
        reverse("manage:rule_delete", args=[slug, rule.pk]),
        reverse("manage:form", args=[slug]),
        reverse("manage:step_add", args=[slug]),
        reverse("manage:step_edit", args=[slug, step.pk]),
        reverse("manage:step_delete", args=[slug, step.pk]),
        reverse("manage:question_add", args=[slug, step.pk]) + "?kind=choice",
        reverse("manage:question_edit", args=[slug, question.pk]),
        reverse("manage:question_delete", args=[slug, question.pk]),
        reverse("manage:prizes", args=[slug]),
        reverse("manage:rounds", args=[slug]),
    ]


def move_urls(call, step, question, rule):
    return [
        reverse("manage:rule_move", args=[call.slug, rule.pk]),
        reverse("manage:step_move", args=[call.slug, step.pk]),
        reverse("manage:question_move", args=[call.slug, question.pk]),
    ]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- who may open what ----------------------------------------------------------------


def test_visitors_are_sent_to_the_login_page_from_every_back_office_page(client, furnished_call):
    for url in [reverse("manage:home"), reverse("manage:call_create"), *call_urls(*furnished_call)]:
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_applicants_are_refused_every_back_office_page(client, furnished_call):
    client.force_login(OrganizationFactory().owner)

    for url in [reverse("manage:home"), reverse("manage:call_create"), *call_urls(*furnished_call)]:
        assert client.get(url).status_code == 403, url


def test_an_organizer_of_another_call_gets_404_on_every_page_of_this_one(client, furnished_call):
    client.force_login(OrganizerFactory())

    for url in call_urls(*furnished_call):
        assert client.get(url).status_code == 404, url
    for url in move_urls(*furnished_call):
        assert client.post(url, {"direction": "up"}).status_code == 404, url
    posted = client.post(reverse("manage:call_edit", args=[furnished_call[0].slug]), {})
    assert posted.status_code == 404


@pytest.mark.parametrize("person", ["organizer", "site admin"])
def test_the_calls_organizers_and_site_admins_open_every_page(
    client, furnished_call, organizer, person
):
    client.force_login(organizer if person == "organizer" else SiteAdminFactory())

    for url in [reverse("manage:home"), reverse("manage:call_create"), *call_urls(*furnished_call)]:
        assert client.get(url).status_code == 200, url


def test_moving_needs_a_post(client, organizer, furnished_call):
    client.force_login(organizer)

    for url in move_urls(*furnished_call):
        assert client.get(url).status_code == 405, url


# --- the back-office home -------------------------------------------------------------


def test_the_home_lists_only_the_calls_the_organizer_runs_with_links(
    client, organizer, organizer_call
):
    someone_elses = CallFactory(title_fr="Appel d'un autre organisateur")
    client.force_login(organizer)

    page = client.get(reverse("manage:home")).content.decode()

    assert organizer_call.title_fr in page
    assert f'href="{reverse("manage:call", args=[organizer_call.slug])}"' in page
    assert f'href="{reverse("manage:call_create")}"' in page
    assert someone_elses.title_fr not in page


def test_a_site_admin_sees_every_call_on_the_home(client, organizer_call):
    client.force_login(SiteAdminFactory())

    assert organizer_call.title_fr in client.get(reverse("manage:home")).content.decode()


@pytest.mark.parametrize("count", [2, 6])
def test_the_home_makes_the_same_queries_whatever_the_number_of_calls(
    client, organizer, assert_num_queries, count
):
    for _n in range(count):
        call = CallFactory(organizers=[organizer])
        QuestionFactory(step__call=call)
    client.force_login(organizer)

    # session, user, the calls with their sizes; the header's role checks (3)
    with assert_num_queries(6):
        response = client.get(reverse("manage:home"))

    assert response.status_code == 200
    assert len(response.context["calls"]) == count


# --- creating and editing a call ------------------------------------------------------


def call_form_data(**overrides):
    return {
        "kind": "call-for-projects",
        "slug": "recherche-action-2026",
        "reference_prefix": "ras",
        "title_fr": "Appel à projets Recherche-Action 2026",
        "title_ar": "طلب مشاريع البحث الإجرائي 2026",
        "summary_fr": "Des projets de recherche menés avec les coopératives.",
        "opens_at": "2026-06-15T10:00",
        "closes_at": "2026-07-15T18:00",
        "results_at": "",
        "max_applications_per_organization": "1",
        "attachment_max_mb": "10",
        **overrides,
    }


def test_an_organizer_creates_a_call_read_in_morocco_time_and_runs_it(client, organizer):
    client.force_login(organizer)

    response = client.post(reverse("manage:call_create"), call_form_data())

    call = Call.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("manage:call", args=["recherche-action-2026"])
    assert call.opens_at == datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)  # UTC+1
    assert call.reference_prefix == "RAS"
    assert list(call.organizers.all()) == [organizer]
    assert call.is_published is False


def test_the_edit_form_shows_the_dates_in_morocco_time(client, organizer, organizer_call):
    opens = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=MOROCCO)
    Call.objects.filter(pk=organizer_call.pk).update(
        opens_at=opens, closes_at=opens + datetime.timedelta(days=30)
    )
    client.force_login(organizer)

    page = client.get(reverse("manage:call_edit", args=[organizer_call.slug])).content.decode()

    assert 'type="datetime-local" name="opens_at" value="2026-06-15T10:00"' in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": "2026-06-01T10:00"}, "closes_at"),
        ({"results_at": "2026-07-01T10:00"}, "results_at"),
        ({"slug": "new"}, "slug"),
        ({"title_fr": ""}, "title_fr"),
        ({"reference_prefix": "L4M"}, "reference_prefix"),
        ({"attachment_max_mb": "80"}, "attachment_max_mb"),
    ],
)
def test_a_call_form_with_a_mistake_saves_nothing_and_says_where(
    client, organizer, overrides, field
):
    client.force_login(organizer)

    response = client.post(reverse("manage:call_create"), call_form_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Call.objects.exists()


def test_two_calls_cannot_share_an_address(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.post(reverse("manage:call_create"), call_form_data(slug=organizer_call.slug))

    assert "slug" in response.context["form"].errors


def test_a_rules_document_must_really_be_a_pdf(client, organizer, organizer_call):
    client.force_login(organizer)
    url = reverse("manage:call_edit", args=[organizer_call.slug])
    fake = pdf_upload(name="reglement.pdf", content=b"PK\x03\x04 a zip renamed")

    refused = client.post(url, call_form_data(slug=organizer_call.slug, rules_document=fake))
    accepted = client.post(
        url, call_form_data(slug=organizer_call.slug, rules_document=pdf_upload())
    )

    assert "rules_document" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert Call.objects.get(pk=organizer_call.pk).rules_document.name.endswith(".pdf")


def test_editing_a_call_keeps_its_organizer_and_adds_the_chosen_colleague(
    client, organizer, organizer_call
):
    colleague = OrganizerFactory()
    client.force_login(organizer)

    response = client.post(
        reverse("manage:call_edit", args=[organizer_call.slug]),
        call_form_data(slug="nouvelle-adresse", organizers=[colleague.pk]),
    )

    organizer_call.refresh_from_db()
    assert response.url == reverse("manage:call", args=["nouvelle-adresse"])
    assert set(organizer_call.organizers.all()) == {organizer, colleague}
    assert organizer_call.is_published is True


def test_the_overview_shows_status_dates_rules_and_a_preview_of_the_form(
    client, organizer, organizer_call
):
    opens = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=MOROCCO)
    Call.objects.filter(pk=organizer_call.pk).update(
        opens_at=opens, closes_at=opens + datetime.timedelta(days=30), is_published=False
    )
    EligibilityRuleFactory(call=organizer_call, kind=RuleKind.MEMBERS_MIN, choices=[], number=7)
    QuestionFactory(
        step__call=organizer_call,
        step__title_fr="Votre projet",
        label_fr="Décrivez votre projet",
        kind=QuestionKind.LONG_TEXT,
        word_limit=300,
    )
    client.force_login(organizer)

    page = client.get(reverse("manage:call", args=[organizer_call.slug])).content.decode()

    assert '<span class="badge badge--muted">Brouillon</span>' in page
    assert "15 juin 2026 10:00" in page
    assert "7 members" in page or "7 membres" in page
    assert "Votre projet" in page
    assert "Décrivez votre projet" in page


# --- eligibility rules ----------------------------------------------------------------


def test_a_rule_is_added_with_the_regions_checked(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.post(
        reverse("manage:rule_add", args=[organizer_call.slug]) + "?kind=region-in",
        {"choices": ["souss-massa", "oriental"], "explanation_fr": "Deux régions seulement."},
    )

    rule = EligibilityRule.objects.get()
    assert response.status_code == 302
    assert (rule.kind, rule.choices) == (RuleKind.REGION_IN, ["oriental", "souss-massa"])


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("legal-form-in", {}, "choices"),
        ("region-in", {"choices": ["atlantis"]}, "choices"),
        ("women-share-min", {"number": "120"}, "number"),
        ("members-min", {"number": ""}, "number"),
        ("declaration", {"statement_ar": "نحن مسجلون"}, "statement_fr"),
    ],
)
def test_a_rule_form_says_what_its_kind_needs(client, organizer, organizer_call, kind, data, field):
    client.force_login(organizer)

    response = client.post(
        reverse("manage:rule_add", args=[organizer_call.slug]) + f"?kind={kind}", data
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EligibilityRule.objects.exists()


def test_an_unknown_kind_of_rule_leads_back_to_the_rules(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.get(reverse("manage:rule_add", args=[organizer_call.slug]) + "?kind=magic")

    assert response.url == reverse("manage:rules", args=[organizer_call.slug])


def test_rules_are_moved_and_deleted_from_their_page(client, organizer, organizer_call):
    first = EligibilityRuleFactory(call=organizer_call, position=0)
    second = EligibilityRuleFactory(call=organizer_call, position=1)
    client.force_login(organizer)

    client.post(
        reverse("manage:rule_move", args=[organizer_call.slug, second.pk]), {"direction": "up"}
    )
    client.post(reverse("manage:rule_delete", args=[organizer_call.slug, first.pk]))

    assert list(EligibilityRule.objects.all()) == [second]


# --- the form builder -----------------------------------------------------------------


def test_a_choice_question_is_added_with_one_line_per_choice(client, organizer, organizer_call):
    step = StepFactory(call=organizer_call)
    client.force_login(organizer)

    response = client.post(
        reverse("manage:question_add", args=[organizer_call.slug, step.pk]) + "?kind=choice",
        {
            "kind": "choice",
            "shown_kind": "choice",
            "label_fr": "Votre filière",
            "required": "on",
            "choices": "argan | Argan | أركان | Argan\n\nSafran de Taliouine\n",
        },
    )

    question = Question.objects.get()
    assert response.status_code == 302
    assert question.choices == [
        {"value": "argan", "fr": "Argan", "ar": "أركان", "en": "Argan"},
        {"value": "safran-de-taliouine", "fr": "Safran de Taliouine", "ar": "", "en": ""},
    ]


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("choice", {"choices": "oui | Oui"}, "choices"),
        ("multiple-choice", {"choices": "a | A\na | Autre"}, "choices"),
        ("choice", {"choices": "a | A | أ | A | en trop\nb | B"}, "choices"),
        ("number", {"min_value": "10", "max_value": "5"}, "max_value"),
        ("long-text", {"word_limit": "0"}, "word_limit"),
        ("file", {"file_types": ["exe"]}, "file_types"),
        ("short-text", {"label_fr": ""}, "label_fr"),
    ],
    ids=[
        "one-choice",
        "same-value-twice",
        "five-parts",
        "min-above-max",
        "zero-word-limit",
        "unknown-file-type",
        "no-french-label",
    ],
)
def test_a_question_form_says_what_its_kind_needs(
    client, organizer, organizer_call, kind, data, field
):
    step = StepFactory(call=organizer_call)
    client.force_login(organizer)

    response = client.post(
        reverse("manage:question_add", args=[organizer_call.slug, step.pk]),
        {"kind": kind, "shown_kind": kind, "label_fr": "Question", **data},
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists()


def test_changing_the_kind_shows_the_new_settings_before_saving(client, organizer, organizer_call):
    question = QuestionFactory(step__call=organizer_call, kind=QuestionKind.SHORT_TEXT)
    url = reverse("manage:question_edit", args=[organizer_call.slug, question.pk])
    client.force_login(organizer)
    data = {"kind": "number", "label_fr": "Nombre de membres", "required": "on"}

    first = client.post(url, {**data, "shown_kind": "short-text"})
    second = client.post(url, {**data, "shown_kind": "number", "min_value": "1"})

    assert "min_value" in first.context["form"].fields
    assert 'name="shown_kind" value="number"' in first.content.decode()
    assert second.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.min_value) == (QuestionKind.NUMBER, 1)


def test_steps_and_questions_are_added_moved_and_deleted(client, organizer, organizer_call):
    client.force_login(organizer)
    slug = organizer_call.slug

    client.post(reverse("manage:step_add", args=[slug]), {"title_fr": "Projet"})
    client.post(reverse("manage:step_add", args=[slug]), {"title_fr": "Budget"})
    budget = organizer_call.steps.get(title_fr="Budget")
    client.post(reverse("manage:step_move", args=[slug, budget.pk]), {"direction": "up"})
    project = organizer_call.steps.get(title_fr="Projet")
    client.post(reverse("manage:step_delete", args=[slug, project.pk]))

    assert [step.title_fr for step in organizer_call.steps.all()] == ["Budget"]


def test_a_locked_form_refuses_a_new_kind_with_a_clear_error_and_changes_nothing(
    client, organizer, choice_question
):
    call = lock_form(choice_question.step.call)
    client.force_login(organizer)

    response = client.post(
        reverse("manage:question_edit", args=[call.slug, choice_question.pk]),
        {"kind": "short-text", "shown_kind": "short-text", "label_fr": "Secteur", "required": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        gettext(
            "Applications have already been submitted: the kind of a question can no longer change."
        )
    ]
    assert Question.objects.get(pk=choice_question.pk).kind == QuestionKind.CHOICE


def test_a_locked_form_still_takes_new_wording_and_new_choices(client, organizer, choice_question):
    call = lock_form(choice_question.step.call)
    client.force_login(organizer)

    response = client.post(
        reverse("manage:question_edit", args=[call.slug, choice_question.pk]),
        {
            "kind": "choice",
            "shown_kind": "choice",
            "label_fr": "Votre filière",
            "label_en": "Your sector",
            "required": "on",
            "choices": "argan | Huile d'argan\nsafran | Safran\nmiel | Miel",
        },
    )

    stored = Question.objects.get(pk=choice_question.pk)
    assert response.status_code == 302
    assert (stored.label_fr, stored.label_en) == ("Votre filière", "Your sector")
    assert stored.choice_values == ["argan", "safran", "miel"]


def test_a_locked_form_refuses_deleting_a_question_with_a_message(
    client, organizer, choice_question
):
    call = lock_form(choice_question.step.call)
    client.force_login(organizer)
    url = reverse("manage:question_delete", args=[call.slug, choice_question.pk])

    confirmation = client.get(url)
    response = client.post(url, follow=True)

    assert confirmation.context["refused"] is True
    assert messages_of(response) == [
        gettext(
            "Applications have already been submitted to this call: its questions can "
            "no longer be deleted. You can make a question optional or edit its texts."
        )
    ]
    assert Question.objects.filter(pk=choice_question.pk).exists()


def test_the_builder_warns_once_the_form_is_locked(client, organizer, choice_question):
    call = lock_form(choice_question.step.call)
    client.force_login(organizer)

    page = client.get(reverse("manage:form", args=[call.slug])).content.decode()

    assert "alert alert--warning" in page
    delete_url = reverse("manage:question_delete", args=[call.slug, choice_question.pk])
    assert delete_url not in page


@pytest.mark.parametrize("count", [2, 6])
def test_the_form_builder_makes_the_same_queries_whatever_the_number_of_steps_and_questions(
    client, organizer, organizer_call, assert_num_queries, count
):
    for _n in range(count):
        step = StepFactory(call=organizer_call)
        QuestionFactory.create_batch(count, step=step, kind=QuestionKind.MULTIPLE_CHOICE)
    client.force_login(organizer)

    # session, user, call, steps, questions; the header's role checks (3)
    with assert_num_queries(8):
        response = client.get(reverse("manage:form", args=[organizer_call.slug]))

    assert len(response.context["steps"]) == count


@pytest.mark.parametrize("count", [2, 6])
def test_the_overview_makes_the_same_queries_whatever_the_size_of_the_call(
    client, organizer, organizer_call, assert_num_queries, count
):
    for _n in range(count):
        QuestionFactory(step__call=organizer_call)
        EligibilityRuleFactory(call=organizer_call)
    client.force_login(organizer)

    # session, user, call, organizers, rules, prizes, rounds, steps, questions; header (3)
    with assert_num_queries(12):
        response = client.get(reverse("manage:call", args=[organizer_call.slug]))

    assert response.status_code == 200


# --- prizes and rounds ----------------------------------------------------------------


def test_prize_categories_are_saved_from_their_formset(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.post(
        reverse("manage:prizes", args=[organizer_call.slug]),
        {
            "prizes-TOTAL_FORMS": "1",
            "prizes-INITIAL_FORMS": "0",
            "prizes-0-label_fr": "Premier prix",
            "prizes-0-label_ar": "الجائزة الأولى",
            "prizes-0-rank": "1",
            "prizes-0-amount_mad": "100000",
            "prizes-0-count": "1",
        },
    )

    assert response.status_code == 302
    prize = PrizeCategory.objects.get()
    assert (prize.label_ar, prize.amount_mad) == ("الجائزة الأولى", 100_000)


def test_rounds_of_the_same_kind_twice_are_refused(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.post(
        reverse("manage:rounds", args=[organizer_call.slug]),
        {
            "rounds-TOTAL_FORMS": "2",
            "rounds-INITIAL_FORMS": "0",
            "rounds-0-kind": RoundKind.SCREENING,
            "rounds-0-position": "0",
            "rounds-1-kind": RoundKind.SCREENING,
            "rounds-1-position": "1",
        },
    )

    assert response.status_code == 200
    assert not Round.objects.exists()


# --- duplication ----------------------------------------------------------------------


def test_the_duplicate_form_suggests_next_years_address_title_and_dates(client, organizer):
    opens = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=MOROCCO)
    call = CallFactory(
        organizers=[organizer],
        slug="lalla-al-moutaaouina-2026",
        title_fr="Prix Lalla Al Moutaaouina 2026",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=60),
    )
    client.force_login(organizer)

    response = client.get(reverse("manage:call_duplicate", args=[call.slug]))

    form, page = response.context["form"], response.content.decode()
    assert form.initial["slug"] == "lalla-al-moutaaouina-2027"
    assert form.initial["title_suffix"] == "2027"
    assert 'name="opens_at" value="2027-03-01T09:00"' in page


def test_duplicating_from_the_page_creates_the_new_edition(client, organizer, choice_question):
    call = choice_question.step.call
    client.force_login(organizer)

    response = client.post(
        reverse("manage:call_duplicate", args=[call.slug]),
        {
            "slug": "edition-suivante",
            "title_suffix": "(édition suivante)",
            "opens_at": "2027-06-01T09:00",
            "closes_at": "2027-07-01T18:00",
        },
    )

    copy = Call.objects.get(slug="edition-suivante")
    assert response.url == reverse("manage:call", args=["edition-suivante"])
    assert copy.title_fr == f"{call.title_fr} (édition suivante)"
    assert Question.objects.get(step__call=copy).choices == choice_question.choices


def test_duplicating_to_a_taken_address_is_refused(client, organizer, organizer_call):
    client.force_login(organizer)

    response = client.post(
        reverse("manage:call_duplicate", args=[organizer_call.slug]),
        {
            "slug": organizer_call.slug,
            "opens_at": "2027-06-01T09:00",
            "closes_at": "2027-07-01T18:00",
        },
    )

    assert "slug" in response.context["form"].errors
    assert Call.objects.count() == 1
