"""The organizers' writes on calls: settings, eligibility rules, the form and its lock,
prizes, rounds and duplication (`calls.services`)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.enums import LegalForm, Region
from calls import services
from calls.enums import FileType, QuestionKind, RoundKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step
from tests.calls.conftest import lock_form, pdf_upload
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    OrganizerFactory,
    PrizeCategoryFactory,
    QuestionFactory,
    SiteAdminFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

MOROCCO = ZoneInfo("Africa/Casablanca")


def new_call_fields(**overrides):
    opens = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    return {
        "kind": "prize",
        "slug": "prix-2026",
        "title_fr": "Prix des coopératives 2026",
        "title_ar": "جائزة التعاونيات 2026",
        "reference_prefix": "PDC",
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=30),
        **overrides,
    }


# --- calls ----------------------------------------------------------------------------


def test_creating_a_call_makes_its_creator_and_the_named_people_its_organizers():
    creator, colleague = OrganizerFactory(), OrganizerFactory()

    call = services.call_create(actor=creator, organizers=[colleague], **new_call_fields())

    assert set(call.organizers.all()) == {creator, colleague}
    assert (call.title_fr, call.title_ar, call.is_published) == (
        "Prix des coopératives 2026",
        "جائزة التعاونيات 2026",
        False,
    )


def test_only_organizers_and_site_admins_create_calls():
    applicant = OrganizationFactory().owner

    with pytest.raises(PermissionDenied):
        services.call_create(actor=applicant, **new_call_fields())
    assert services.call_create(actor=SiteAdminFactory(), **new_call_fields()).pk


def test_a_call_must_close_after_it_opens():
    fields = new_call_fields()
    fields["closes_at"] = fields["opens_at"]

    with pytest.raises(ValidationError) as refused:
        services.call_create(actor=OrganizerFactory(), **fields)

    assert "closes_at" in refused.value.error_dict
    assert not Call.objects.exists()


def test_updating_a_call_writes_only_the_fields_that_changed(organizer, organizer_call):
    with CaptureQueriesContext(connection) as queries:
        services.call_update(
            call=organizer_call,
            actor=organizer,
            title_fr="Nouveau titre",
            closes_at=organizer_call.closes_at,
        )

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"title_fr"' in updates[0]
    assert '"closes_at"' not in updates[0]
    assert '"slug"' not in updates[0]


def test_an_unchanged_call_is_not_written(organizer, organizer_call):
    with CaptureQueriesContext(connection) as queries:
        services.call_update(call=organizer_call, actor=organizer, slug=organizer_call.slug)

    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_the_untranslated_title_column_keeps_the_french_title_whatever_the_language(
    organizer, organizer_call
):
    with translation.override("ar"):
        services.call_update(
            call=organizer_call, actor=organizer, title_fr="Titre", title_ar="العنوان"
        )

    stored = Call.objects.filter(pk=organizer_call.pk).values_list("title", flat=True).get()
    assert stored == "Titre"


def test_another_organizer_cannot_update_a_call(organizer_call):
    with pytest.raises(PermissionDenied):
        services.call_update(call=organizer_call, actor=OrganizerFactory(), title_fr="Volé")

    organizer_call.refresh_from_db()
    assert organizer_call.title_fr != "Volé"


def test_an_organizer_stays_on_the_calls_they_edit(organizer, organizer_call):
    colleague = OrganizerFactory()

    services.call_update(call=organizer_call, actor=organizer, organizers=[colleague])

    assert set(organizer_call.organizers.all()) == {organizer, colleague}


def test_a_site_admin_may_hand_a_call_over_entirely(organizer, organizer_call):
    colleague = OrganizerFactory()

    services.call_update(call=organizer_call, actor=SiteAdminFactory(), organizers=[colleague])

    assert list(organizer_call.organizers.all()) == [colleague]


def test_a_pdf_rules_document_is_stored_under_a_name_the_server_chose(organizer, organizer_call):
    call = services.call_update(
        call=organizer_call,
        actor=organizer,
        rules_document=pdf_upload(name="../../règlement final.pdf"),
    )

    assert call.rules_document.name.startswith("calls/")
    assert call.rules_document.name.endswith(".pdf")
    assert ".." not in call.rules_document.name
    assert call.rules_document.read().startswith(b"%PDF-")


def test_the_rules_document_can_be_removed(organizer, organizer_call):
    services.call_update(call=organizer_call, actor=organizer, rules_document=pdf_upload())

    call = services.call_update(call=organizer_call, actor=organizer, rules_document="")

    assert not Call.objects.get(pk=call.pk).rules_document


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00 this is a program renamed to .pdf", "not_a_pdf"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "rules_document_too_large"),
    ],
    ids=["renamed-executable", "over-10-mb"],
)
def test_a_rules_document_must_be_a_pdf_of_10_mb_at_most(organizer, organizer_call, content, code):
    with pytest.raises(ValidationError) as refused:
        services.call_update(
            call=organizer_call, actor=organizer, rules_document=pdf_upload(content=content)
        )

    assert refused.value.code == code
    assert not Call.objects.get(pk=organizer_call.pk).rules_document


# --- eligibility rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        (RuleKind.LEGAL_FORM_IN, {"choices": []}, "choices"),
        (RuleKind.REGION_IN, {"choices": ["atlantis"]}, "choices"),
        (RuleKind.REGION_IN, {"choices": [LegalForm.COOPERATIVE]}, "choices"),
        (RuleKind.WOMEN_SHARE_MIN, {"number": 101}, "number"),
        (RuleKind.YOUTH_SHARE_MIN, {"number": None}, "number"),
        (RuleKind.MEMBERS_MIN, {}, "number"),
        (RuleKind.FOUNDED_WITHIN_YEARS, {"number": 0}, "number"),
        (RuleKind.FOUNDED_AT_LEAST_MONTHS, {"number": 6, "choices": ["oriental"]}, "choices"),
        (RuleKind.DECLARATION, {"statement_ar": "نحن مسجلون"}, "statement_fr"),
    ],
)
def test_a_rule_is_refused_without_what_its_kind_needs(
    organizer, organizer_call, kind, fields, field
):
    with pytest.raises(ValidationError) as refused:
        services.rule_save(call=organizer_call, actor=organizer, kind=kind, **fields)

    assert field in refused.value.error_dict
    assert not organizer_call.eligibility_rules.exists()


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (RuleKind.LEGAL_FORM_IN, {"choices": [LegalForm.COOPERATIVE, LegalForm.ASSOCIATION]}),
        (RuleKind.REGION_IN, {"choices": [Region.ORIENTAL]}),
        (RuleKind.WOMEN_SHARE_MIN, {"number": 100}),
        (RuleKind.YOUTH_SHARE_MIN, {"number": 30}),
        (RuleKind.MEMBERS_MIN, {"number": 7}),
        (RuleKind.FOUNDED_WITHIN_YEARS, {"number": 5}),
        (RuleKind.FOUNDED_AT_LEAST_MONTHS, {"number": 6}),
        (RuleKind.DECLARATION, {"statement_fr": "Nous sommes inscrits à l'ODCO."}),
    ],
)
def test_each_kind_of_rule_is_saved_with_what_it_needs(organizer, organizer_call, kind, fields):
    rule = services.rule_save(
        call=organizer_call,
        actor=organizer,
        kind=kind,
        explanation_fr="Réservé aux coopératives.",
        **fields,
    )

    assert rule.kind == kind
    assert rule.explanation_fr == "Réservé aux coopératives."


def test_new_rules_go_last_and_moving_one_renumbers_them(organizer, organizer_call):
    first, second, third = (
        services.rule_save(
            call=organizer_call, actor=organizer, kind=RuleKind.MEMBERS_MIN, number=n
        )
        for n in (5, 10, 15)
    )

    assert services.rule_move(rule=third, actor=organizer, direction="up") is True

    ordered = list(organizer_call.eligibility_rules.order_by("position", "pk"))
    assert ordered == [first, third, second]
    assert [rule.position for rule in ordered] == [0, 1, 2]


def test_moving_the_first_rule_up_changes_nothing(organizer, organizer_call):
    rule = EligibilityRuleFactory(call=organizer_call)

    assert services.rule_move(rule=rule, actor=organizer, direction="up") is False


def test_deleting_a_rule_removes_it(organizer, organizer_call):
    rule = EligibilityRuleFactory(call=organizer_call)

    services.rule_delete(rule=rule, actor=organizer)

    assert not EligibilityRule.objects.filter(pk=rule.pk).exists()


# --- steps and questions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": QuestionKind.SHORT_TEXT, "word_limit": 100}, "word_limit"),
        ({"kind": QuestionKind.LONG_TEXT, "word_limit": 0}, "word_limit"),
        ({"kind": QuestionKind.DATE, "min_value": Decimal(1)}, "min_value"),
        (
            {"kind": QuestionKind.NUMBER, "min_value": Decimal(10), "max_value": Decimal(5)},
            "max_value",
        ),
        ({"kind": QuestionKind.CHOICE, "choices": [{"value": "oui", "fr": "Oui"}]}, "choices"),
        (
            {
                "kind": QuestionKind.MULTIPLE_CHOICE,
                "choices": [{"value": "a", "fr": "A"}, {"value": "a", "fr": "Autre A"}],
            },
            "choices",
        ),
        (
            {"kind": QuestionKind.CHOICE, "choices": [{"value": "a", "fr": "A"}, {"value": ""}]},
            "choices",
        ),
        ({"kind": QuestionKind.YES_NO, "choices": [{"value": "a"}, {"value": "b"}]}, "choices"),
        ({"kind": QuestionKind.FILE, "file_types": ["exe"]}, "file_types"),
        ({"kind": QuestionKind.SHORT_TEXT, "file_types": [FileType.PDF]}, "file_types"),
    ],
    ids=[
        "word-limit-on-short-text",
        "zero-word-limit",
        "bounds-on-a-date",
        "min-above-max",
        "a-single-choice",
        "duplicate-choice-values",
        "empty-choice-value",
        "choices-on-yes-no",
        "unknown-file-type",
        "file-types-on-text",
    ],
)
def test_a_question_is_refused_with_settings_its_kind_does_not_take(
    organizer, organizer_call, fields, field
):
    step = StepFactory(call=organizer_call)

    with pytest.raises(ValidationError) as refused:
        services.question_save(step=step, actor=organizer, label_fr="Question", **fields)

    assert field in refused.value.error_dict
    assert not step.questions.exists()


def test_new_steps_and_questions_go_last(organizer, organizer_call):
    StepFactory(call=organizer_call, position=4)

    step = services.step_save(call=organizer_call, actor=organizer, title_fr="Budget")
    question = services.question_save(
        step=step,
        actor=organizer,
        kind=QuestionKind.NUMBER,
        label_fr="Montant demandé (MAD)",
        min_value=Decimal(0),
        max_value=Decimal(200000),
    )

    assert step.position == 5
    assert question.position == 0


def test_a_question_moves_within_its_step(organizer, organizer_call):
    step = StepFactory(call=organizer_call)
    first, second = QuestionFactory(step=step), QuestionFactory(step=step)

    services.question_move(question=first, actor=organizer, direction="down")

    assert list(step.questions.order_by("position", "pk")) == [second, first]


def test_a_step_moves_down(organizer, organizer_call):
    first, second = StepFactory(call=organizer_call), StepFactory(call=organizer_call)

    services.step_move(step=first, actor=organizer, direction="down")

    assert list(organizer_call.steps.order_by("position", "pk")) == [second, first]


def test_deleting_a_step_of_an_unlocked_form_deletes_its_questions(organizer, organizer_call):
    question = QuestionFactory(step__call=organizer_call)

    services.step_delete(step=question.step, actor=organizer)

    assert not Question.objects.filter(pk=question.pk).exists()


# --- the form lock --------------------------------------------------------------------


def test_a_locked_form_refuses_deleting_a_question(organizer, choice_question):
    lock_form(choice_question.step.call)

    with pytest.raises(ValidationError) as refused:
        services.question_delete(question=choice_question, actor=organizer)

    assert refused.value.code == "form_locked"
    assert Question.objects.filter(pk=choice_question.pk).exists()


def test_a_locked_form_refuses_deleting_a_step_with_questions_but_not_an_empty_one(
    organizer, choice_question
):
    call = lock_form(choice_question.step.call)
    empty = StepFactory(call=call)

    with pytest.raises(ValidationError):
        services.step_delete(step=choice_question.step, actor=organizer)
    services.step_delete(step=empty, actor=organizer)

    assert list(call.steps.all()) == [choice_question.step]


def test_a_locked_form_refuses_changing_a_question_kind(organizer, choice_question):
    lock_form(choice_question.step.call)

    with pytest.raises(ValidationError) as refused:
        services.question_save(
            step=choice_question.step,
            actor=organizer,
            question=choice_question,
            kind=QuestionKind.SHORT_TEXT,
            choices=[],
        )

    assert refused.value.code == "form_locked"
    stored = Question.objects.get(pk=choice_question.pk)
    assert (stored.kind, stored.choice_values) == (QuestionKind.CHOICE, ["argan", "safran"])


@pytest.mark.parametrize(
    "choices",
    [
        [{"value": "argan", "fr": "Argan"}, {"value": "miel", "fr": "Miel"}],
        [{"value": "argan", "fr": "Argan"}, {"value": "safran-bio", "fr": "Safran"}],
    ],
    ids=["removed", "renamed"],
)
def test_a_locked_form_refuses_removing_or_renaming_a_choice_value(
    organizer, choice_question, choices
):
    lock_form(choice_question.step.call)

    with pytest.raises(ValidationError) as refused:
        services.question_save(
            step=choice_question.step, actor=organizer, question=choice_question, choices=choices
        )

    assert "safran" in str(refused.value)
    assert Question.objects.get(pk=choice_question.pk).choice_values == ["argan", "safran"]


def test_a_locked_form_accepts_new_labels_and_new_choices(organizer, choice_question):
    lock_form(choice_question.step.call)
    choices = [
        {"value": "argan", "fr": "Huile d'argan", "ar": "زيت أركان", "en": "Argan oil"},
        {"value": "safran", "fr": "Safran de Taliouine", "ar": "زعفران", "en": "Saffron"},
        {"value": "miel", "fr": "Miel", "ar": "عسل", "en": "Honey"},
    ]

    question = services.question_save(
        step=choice_question.step,
        actor=organizer,
        question=choice_question,
        label_fr="Votre filière",
        label_ar="سلسلتكم",
        help_text_en="Your main product.",
        required=False,
        choices=choices,
    )

    stored = Question.objects.get(pk=question.pk)
    assert (stored.label_fr, stored.label_ar, stored.help_text_en) == (
        "Votre filière",
        "سلسلتكم",
        "Your main product.",
    )
    assert stored.choices == choices


@pytest.mark.parametrize(
    ("before", "after"),
    [([FileType.PDF, FileType.JPEG], [FileType.PDF]), ([], [FileType.PDF])],
    ids=["one-type-less", "all-types-to-one"],
)
def test_a_locked_form_refuses_narrowing_file_types(organizer, organizer_call, before, after):
    question = QuestionFactory(step__call=organizer_call, kind=QuestionKind.FILE, file_types=before)
    lock_form(organizer_call)

    with pytest.raises(ValidationError):
        services.question_save(
            step=question.step, actor=organizer, question=question, file_types=after
        )

    assert Question.objects.get(pk=question.pk).file_types == before


def test_a_locked_form_accepts_wider_file_types_and_more_files(organizer, organizer_call):
    question = QuestionFactory(
        step__call=organizer_call, kind=QuestionKind.FILE, file_types=[FileType.PDF]
    )
    lock_form(organizer_call)

    services.question_save(
        step=question.step,
        actor=organizer,
        question=question,
        file_types=[FileType.PDF, FileType.JPEG],
        max_files=3,
    )

    stored = Question.objects.get(pk=question.pk)
    assert (stored.file_types, stored.max_files) == ([FileType.PDF, FileType.JPEG], 3)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"kind": QuestionKind.SHORT_TEXT, "required": False}, {"required": True}),
        ({"kind": QuestionKind.LONG_TEXT, "word_limit": 500}, {"word_limit": 300}),
        ({"kind": QuestionKind.LONG_TEXT, "word_limit": None}, {"word_limit": 300}),
        ({"kind": QuestionKind.NUMBER, "min_value": Decimal(0)}, {"min_value": Decimal(10)}),
        ({"kind": QuestionKind.NUMBER, "max_value": None}, {"max_value": Decimal(10)}),
        ({"kind": QuestionKind.FILE, "max_files": 3}, {"max_files": 1}),
    ],
    ids=[
        "made-required",
        "lower-word-limit",
        "new-word-limit",
        "higher-min",
        "new-max",
        "fewer-files",
    ],
)
def test_a_locked_form_refuses_stricter_limits(organizer, organizer_call, before, after):
    question = QuestionFactory(step__call=organizer_call, **before)
    lock_form(organizer_call)

    with pytest.raises(ValidationError):
        services.question_save(step=question.step, actor=organizer, question=question, **after)


def test_a_locked_form_accepts_a_new_optional_question_but_not_a_required_one(
    organizer, choice_question
):
    lock_form(choice_question.step.call)
    step = choice_question.step

    with pytest.raises(ValidationError):
        services.question_save(
            step=step,
            actor=organizer,
            kind=QuestionKind.SHORT_TEXT,
            label_fr="Site web",
            required=True,
        )
    optional = services.question_save(
        step=step,
        actor=organizer,
        kind=QuestionKind.SHORT_TEXT,
        label_fr="Site web",
        required=False,
    )

    assert list(step.questions.all()) == [choice_question, optional]


def test_a_locked_form_accepts_new_steps_and_step_texts(organizer, choice_question):
    call = lock_form(choice_question.step.call)

    services.step_save(
        call=call, actor=organizer, step=choice_question.step, title_fr="Filière", intro_ar="…"
    )
    services.step_save(call=call, actor=organizer, title_fr="Annexes")

    assert [step.title_fr for step in call.steps.all()] == ["Filière", "Annexes"]


# --- duplication ----------------------------------------------------------------------


@pytest.fixture
def last_edition(organizer):
    opens = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=MOROCCO)
    call = CallFactory(
        organizers=[organizer],
        slug="lalla-al-moutaaouina-2025",
        title_fr="Prix Lalla Al Moutaaouina 2025",
        title_ar="جائزة للا المتعاونة 2025",
        title_en="Lalla Al Moutaaouina Prize 2025",
        summary_fr="Un prix pour les coopératives féminines.",
        reference_prefix="LAM",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=60),
        results_at=opens + datetime.timedelta(days=120),
        results_published_at=opens + datetime.timedelta(days=121),
        blind_review=True,
        attachment_max_mb=15,
        max_applications_per_organization=2,
        form_locked_at=opens + datetime.timedelta(days=2),
    )
    EligibilityRuleFactory(call=call, kind=RuleKind.REGION_IN, choices=[Region.ORIENTAL])
    EligibilityRuleFactory(
        call=call, kind=RuleKind.DECLARATION, choices=[], statement_fr="Nous sommes inscrits."
    )
    project, files = StepFactory(call=call, title_fr="Projet"), StepFactory(call=call)
    QuestionFactory(step=project, kind=QuestionKind.LONG_TEXT, word_limit=300)
    QuestionFactory(
        step=project,
        kind=QuestionKind.CHOICE,
        choices=[{"value": "a", "fr": "A"}, {"value": "b", "fr": "B"}],
    )
    QuestionFactory(step=files, kind=QuestionKind.FILE, file_types=[FileType.PDF], max_files=4)
    PrizeCategoryFactory(call=call, rank=1, amount_mad=100_000)
    PrizeCategoryFactory(call=call, rank=2, label_fr="Deuxième prix", amount_mad=50_000)
    Round.objects.create(call=call, kind=RoundKind.SCREENING, position=0)
    Round.objects.create(call=call, kind=RoundKind.FINAL, position=1)
    return call


def duplicate(source, actor, **overrides):
    fields = {
        "slug": "lalla-al-moutaaouina-2026",
        "title_suffix": "2026",
        "opens_at": services.a_year_later(source.opens_at),
        "closes_at": services.a_year_later(source.closes_at),
        "results_at": services.a_year_later(source.results_at),
        **overrides,
    }
    return services.call_duplicate(source=source, actor=actor, **fields)


def _rows(queryset, *fields):
    return list(queryset.values_list(*fields))


def test_duplicating_a_call_copies_its_settings_rules_form_prizes_and_rounds(
    organizer, last_edition
):
    copy = duplicate(last_edition, organizer)

    same = ["kind", "summary_fr", "reference_prefix", "blind_review", "attachment_max_mb"]
    assert [getattr(copy, name) for name in same] == [getattr(last_edition, n) for n in same]
    assert copy.max_applications_per_organization == 2
    rule_fields = ("position", "kind", "choices", "number", "statement_fr")
    assert _rows(copy.eligibility_rules, *rule_fields) == _rows(
        last_edition.eligibility_rules, *rule_fields
    )
    assert _rows(copy.steps, "position", "title_fr", "title_ar") == _rows(
        last_edition.steps, "position", "title_fr", "title_ar"
    )
    question_fields = ("step__position", "position", "kind", "label_fr", "word_limit", "choices")
    question_fields += ("file_types", "max_files", "required")
    assert _rows(
        Question.objects.filter(step__call=copy).order_by("step__position", "position"),
        *question_fields,
    ) == _rows(
        Question.objects.filter(step__call=last_edition).order_by("step__position", "position"),
        *question_fields,
    )
    assert _rows(copy.prize_categories, "rank", "label_fr", "amount_mad", "count") == _rows(
        last_edition.prize_categories, "rank", "label_fr", "amount_mad", "count"
    )
    assert _rows(copy.rounds, "kind", "position") == _rows(last_edition.rounds, "kind", "position")
    assert Step.objects.filter(call=last_edition).count() == 2  # the source keeps its own


def test_a_duplicated_call_starts_unpublished_unlocked_and_remembers_its_source(
    organizer, last_edition
):
    copy = duplicate(last_edition, organizer)

    assert copy.is_published is False
    assert copy.form_locked_at is None
    assert copy.results_published_at is None
    assert copy.duplicated_from == last_edition
    assert copy.slug == "lalla-al-moutaaouina-2026"


def test_a_duplicated_call_opens_a_year_later_in_morocco_time(organizer, last_edition):
    copy = duplicate(last_edition, organizer)

    assert copy.opens_at.astimezone(MOROCCO).replace(tzinfo=None) == datetime.datetime(
        2026, 3, 1, 9, 0
    )
    assert copy.results_at == services.a_year_later(last_edition.results_at)


def test_a_duplicated_call_replaces_the_year_ending_its_titles(organizer, last_edition):
    copy = duplicate(last_edition, organizer)

    assert (copy.title_fr, copy.title_ar, copy.title_en) == (
        "Prix Lalla Al Moutaaouina 2026",
        "جائزة للا المتعاونة 2026",
        "Lalla Al Moutaaouina Prize 2026",
    )
    assert Call.objects.filter(pk=copy.pk).values_list("title", flat=True).get() == (
        "Prix Lalla Al Moutaaouina 2026"
    )


def test_a_duplicated_call_is_run_by_the_duplicating_person_and_the_sources_organizers(
    organizer, last_edition
):
    admin = SiteAdminFactory()

    copy = duplicate(last_edition, admin)

    assert set(copy.organizers.all()) == {admin, organizer}


def test_another_organizer_cannot_duplicate_a_call(last_edition):
    with pytest.raises(PermissionDenied):
        duplicate(last_edition, OrganizerFactory())

    assert Call.objects.count() == 1


def test_a_duplicate_needs_an_address_of_its_own(organizer, last_edition):
    with pytest.raises(ValidationError) as refused:
        duplicate(last_edition, organizer, slug=last_edition.slug)

    assert "slug" in refused.value.error_dict
    assert Call.objects.count() == 1


@pytest.mark.parametrize(
    ("title", "suffix", "expected"),
    [
        ("Prix 2025", "2026", "Prix 2026"),
        ("Prix 2025", "2026 — cohorte 2", "Prix 2026 — cohorte 2"),
        ("Programme Mourafaka", "2027", "Programme Mourafaka 2027"),
        ("Prix 2025", "(copie)", "Prix 2025 (copie)"),
        ("Prix 2025", "", "Prix 2025"),
    ],
)
def test_a_title_suffix_replaces_a_trailing_year_or_is_appended(title, suffix, expected):
    assert services.title_with_suffix(title, suffix) == expected


def test_a_year_later_keeps_the_local_time_and_turns_29_february_into_the_28th():
    leap = datetime.datetime(2028, 2, 29, 23, 30, tzinfo=MOROCCO)

    later = services.a_year_later(leap).astimezone(MOROCCO)

    assert (later.year, later.month, later.day, later.hour, later.minute) == (2029, 2, 28, 23, 30)


# --- prize categories and rounds ------------------------------------------------------


def test_prize_categories_are_added_changed_and_deleted_together(organizer, organizer_call):
    kept = PrizeCategoryFactory(call=organizer_call, rank=1, amount_mad=100_000)
    dropped = PrizeCategoryFactory(call=organizer_call, rank=2)

    services.prize_categories_save(
        call=organizer_call,
        actor=organizer,
        rows=[
            (kept, {"amount_mad": 120_000}),
            (None, {"label_fr": "Prix du jury", "rank": 3, "amount_mad": 20_000, "count": 2}),
        ],
        deleted=[dropped],
    )

    assert _rows(PrizeCategory.objects.filter(call=organizer_call), "label_fr", "amount_mad") == [
        ("Premier prix", 120_000),
        ("Prix du jury", 20_000),
    ]


def test_a_call_has_at_most_one_round_of_each_kind(organizer, organizer_call):
    Round.objects.create(call=organizer_call, kind=RoundKind.SCREENING)

    with pytest.raises(ValidationError):
        services.rounds_save(
            call=organizer_call,
            actor=organizer,
            rows=[(None, {"kind": RoundKind.SCREENING, "position": 1})],
        )

    assert organizer_call.rounds.count() == 1


# --- every write re-checks who acts ---------------------------------------------------


WRITES = {
    "rule_save": lambda call, step, question, actor: services.rule_save(
        call=call, actor=actor, kind=RuleKind.MEMBERS_MIN, number=3
    ),
    "step_save": lambda call, step, question, actor: services.step_save(
        call=call, actor=actor, title_fr="Étape"
    ),
    "step_delete": lambda call, step, question, actor: services.step_delete(step=step, actor=actor),
    "question_save": lambda call, step, question, actor: services.question_save(
        step=step, actor=actor, question=question, label_fr="Autre"
    ),
    "question_delete": lambda call, step, question, actor: services.question_delete(
        question=question, actor=actor
    ),
    "question_move": lambda call, step, question, actor: services.question_move(
        question=question, actor=actor, direction="up"
    ),
    "prize_categories_save": lambda call, step, question, actor: services.prize_categories_save(
        call=call, actor=actor, rows=[(None, {"label_fr": "Prix", "rank": 1})]
    ),
    "rounds_save": lambda call, step, question, actor: services.rounds_save(
        call=call, actor=actor, rows=[(None, {"kind": RoundKind.FINAL, "position": 0})]
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_an_organizer_of_another_call_cannot_change_this_one(choice_question, write):
    step = choice_question.step

    with pytest.raises(PermissionDenied):
        WRITES[write](step.call, step, choice_question, OrganizerFactory())

    assert Question.objects.filter(pk=choice_question.pk, label_fr="Autre").count() == 0
    assert Question.objects.filter(pk=choice_question.pk).exists()
