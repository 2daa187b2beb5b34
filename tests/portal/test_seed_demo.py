import datetime
from collections import Counter

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.models import Organization, PrivacyConsent, User
from accounts.validators import normalize_moroccan_phone
from calls.enums import CallKind, CallStatus, QuestionKind, RoundKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step
from calls.selectors import form_steps
from juries.models import JurorProfile
from notifications.models import Message
from submissions import services
from submissions.enums import RECEIVED, ApplicationStatus, EventKind
from submissions.models import Answer, Application, ApplicationEvent, Attachment, Submission
from tests.portal.demo import seed_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]
S = ApplicationStatus

PASSWORD = "demo-2026!"
JURORS = {f"jury{n}@demo.ma" for n in range(1, 9)}
LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"
SIL, MOURAFAKA = "recherche-action-sil-2026", "mourafaka-2027"
CALL_SLUGS = [LALLA_2025, LALLA_2026, SIL, MOURAFAKA]
LANGUAGES = ("fr", "ar", "en")
ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


def counts():
    return {
        "users": User.objects.count(),
        "organizations": Organization.objects.count(),
        "juror profiles": JurorProfile.objects.count(),
        "verified primary addresses": EmailAddress.objects.filter(
            verified=True, primary=True
        ).count(),
        "e-mail addresses": EmailAddress.objects.count(),
        "consents": PrivacyConsent.objects.count(),
    }


def rows():
    """Every demo row as stored, timestamps of updates included."""
    return {
        "users": list(User.objects.order_by("email").values()),
        "organizations": list(Organization.objects.order_by("owner__email").values()),
        "juror profiles": list(JurorProfile.objects.order_by("user__email").values()),
        "addresses": list(EmailAddress.objects.order_by("email").values()),
        "consents": list(PrivacyConsent.objects.order_by("user__email").values()),
        "calls": list(Call.objects.order_by("slug").values()),
        "organizers": sorted(Call.organizers.through.objects.values_list("call_id", "user_id")),
        "rules": list(EligibilityRule.objects.order_by("pk").values()),
        "steps": list(Step.objects.order_by("pk").values()),
        "questions": list(Question.objects.order_by("pk").values()),
        "rounds": list(Round.objects.order_by("pk").values()),
        "prizes": list(PrizeCategory.objects.order_by("pk").values()),
        "applications": list(Application.objects.order_by("pk").values()),
        "answers": list(Answer.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        "submissions": list(Submission.objects.order_by("pk").values()),
        "events": list(ApplicationEvent.objects.order_by("pk").values()),
        "outbox": list(Message.objects.order_by("pk").values_list("pk", "to_email", "template")),
    }


def is_arabic(text):
    return bool(set(text) & ARABIC_LETTERS)


def test_the_first_run_creates_the_accounts_the_calls_and_the_applications(first_run):
    assert first_run.splitlines()[:2] == [
        "Demo data ready: 51 accounts (51 created, 0 updated), 40 organizations, 8 juror profiles.",
        "4 calls (4 created, 0 updated), 58 applications (58 created): "
        "4 draft, 11 submitted, 18 eligible, 8 ineligible, 6 winner, 1 special-mention, "
        "10 not-selected.",
    ]


def test_seed_demo_creates_every_demo_account():
    assert counts() == {
        "users": 51,
        "organizations": 40,
        "juror profiles": 8,
        "verified primary addresses": 51,
        "e-mail addresses": 51,
        "consents": 51,
    }


def test_seed_demo_twice_changes_nothing():
    first = rows()

    output = seed_demo()

    assert rows() == first
    assert output.splitlines()[:2] == [
        "Demo data ready: 51 accounts (0 created, 0 updated), 40 organizations, 8 juror profiles.",
        "4 calls (0 created, 0 updated), 58 applications (0 created): "
        "4 draft, 11 submitted, 18 eligible, 8 ineligible, 6 winner, 1 special-mention, "
        "10 not-selected.",
    ]


def test_seed_demo_puts_back_what_someone_changed(client):
    total = counts()
    coop = User.objects.get(email="coop01@demo.ma")
    coop.set_password("changed-it-2026")
    coop.is_organizer = True
    coop.save()
    EmailAddress.objects.filter(user=coop).update(verified=False)
    Organization.objects.filter(owner=coop).update(members_count=500, women_members_count=3)
    JurorProfile.objects.filter(user__email="jury1@demo.ma").update(languages=[])

    output = seed_demo()

    assert counts() == total
    assert output.splitlines()[0] == (
        "Demo data ready: 51 accounts (0 created, 1 updated), 40 organizations, 8 juror profiles."
    )
    organization = Organization.objects.get(owner__email="coop01@demo.ma")
    assert (organization.members_count, organization.women_members_count) == (46, 46)
    assert JurorProfile.objects.get(user__email="jury1@demo.ma").languages == ["fr", "ar"]
    assert User.objects.get(email="coop01@demo.ma").is_organizer is False
    response = client.post(reverse("account_login"), {"login": coop.email, "password": PASSWORD})
    assert response.status_code == 302


def test_every_region_has_at_least_two_organizations():
    per_region = Counter(Organization.objects.values_list("region", flat=True))

    assert set(per_region) == set(Region.values)
    assert min(per_region.values()) == 2
    assert sum(per_region.values()) == 40


def test_every_organization_has_a_consistent_profile():
    problems = []
    for organization in Organization.objects.all():
        try:
            phone = normalize_moroccan_phone(organization.contact_phone)
        except ValidationError:
            phone = None
        checks = {
            "women within members": (
                organization.women_members_count <= organization.members_count
            ),
            "youth within members": (
                organization.youth_members_count <= organization.members_count
            ),
            "7 to 120 members": 7 <= organization.members_count <= 120,
            "phone in E.164": phone == organization.contact_phone,
            "founded 2008-2025": 2008 <= organization.founded_on.year <= 2025,
            "registration number unless informal": (
                bool(organization.registration_number)
                != (organization.legal_form == LegalForm.INFORMAL_GROUP)
            ),
            "known sector": organization.sector in Sector.values,
        }
        problems += [(organization.name, check) for check, ok in checks.items() if not ok]

    assert problems == []


def test_applicants_are_mostly_cooperatives_with_many_womens_cooperatives():
    forms = Counter(Organization.objects.values_list("legal_form", flat=True))
    womens_cooperatives = [
        organization
        for organization in Organization.objects.filter(legal_form=LegalForm.COOPERATIVE)
        if organization.women_share >= 80
    ]

    assert forms == {
        LegalForm.COOPERATIVE: 33,
        LegalForm.ASSOCIATION: 5,
        LegalForm.COMPANY: 1,
        LegalForm.INFORMAL_GROUP: 1,
    }
    assert len(womens_cooperatives) == 23
    languages = set(
        User.objects.filter(organization__isnull=False).values_list("language", flat=True)
    )
    assert languages == {Language.FRENCH, Language.ARABIC, Language.ENGLISH}


def test_demo_roles():
    organizers = set(User.objects.filter(is_organizer=True).values_list("email", flat=True))
    superusers = set(User.objects.filter(is_superuser=True).values_list("email", flat=True))
    staff = set(User.objects.filter(is_staff=True).values_list("email", flat=True))
    jurors = set(JurorProfile.objects.values_list("user__email", flat=True))
    owners = set(Organization.objects.values_list("owner__email", flat=True))

    assert organizers == {"organizer@demo.ma", "organizer2@demo.ma"}
    assert superusers == {"admin@demo.ma"}
    assert staff == {"admin@demo.ma"}
    assert jurors == JURORS
    assert owners == {f"coop{n:02d}@demo.ma" for n in range(1, 41)}


def test_juror_profiles_name_known_sectors_regions_and_languages():
    problems = []
    for profile in JurorProfile.objects.select_related("user"):
        if not profile.expertise_sectors or not set(profile.expertise_sectors) <= set(
            Sector.values
        ):
            problems.append((profile.user.email, "sectors", profile.expertise_sectors))
        if not profile.regions or not set(profile.regions) <= set(Region.values):
            problems.append((profile.user.email, "regions", profile.regions))
        if not profile.languages or not set(profile.languages) <= {"fr", "ar", "en"}:
            problems.append((profile.user.email, "languages", profile.languages))

    assert problems == []
    profiles = JurorProfile.objects.all()
    assert len({tuple(profile.expertise_sectors) for profile in profiles}) == 8


@pytest.mark.parametrize(
    ("email", "landing", "shown"),
    [
        ("coop01@demo.ma", "me:dashboard", "Coopérative Tifaouine d&#x27;argan"),
        ("jury1@demo.ma", "jury:workspace", "Nadia"),
        ("organizer@demo.ma", "manage:home", "Salma"),
        ("admin@demo.ma", "manage:home", "Hicham"),
    ],
)
def test_demo_people_log_in_through_the_login_page(client, email, landing, shown):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse(landing)
    page = client.get(response.url)
    assert page.status_code == 200
    assert shown in page.content.decode()


def test_seed_demo_prints_the_logins():
    lines = seed_demo().splitlines()

    assert "Demo logins — password for every account: demo-2026!" in lines
    logins = [line.split()[0] for line in lines if line.startswith("  ")]
    assert logins == [
        "organizer@demo.ma",
        "organizer2@demo.ma",
        "admin@demo.ma",
        "jury1@demo.ma",
        "coop01@demo.ma",
    ]
    assert [line for line in lines if "…" in line] == [
        "  jury1@demo.ma … jury8@demo.ma    jurors",
        "  coop01@demo.ma … coop40@demo.ma  applicants (40 organizations across the 12 regions)",
    ]
    assert lines[-1] == "Open http://127.0.0.1:8000/fr/"


# The demo calls.


def test_the_four_demo_calls_show_their_statuses():
    now = timezone.now()
    calls = {call.slug: call for call in Call.objects.all()}

    assert {slug: call.status_at(now) for slug, call in calls.items()} == {
        LALLA_2025: CallStatus.RESULTS_PUBLISHED,
        LALLA_2026: CallStatus.IN_REVIEW,
        SIL: CallStatus.OPEN,
        MOURAFAKA: CallStatus.UPCOMING,
    }
    assert {slug: (call.kind, call.reference_prefix) for slug, call in calls.items()} == {
        LALLA_2025: (CallKind.PRIZE, "LAM"),
        LALLA_2026: (CallKind.PRIZE, "LAM"),
        SIL: (CallKind.ACTION_RESEARCH, "SIL"),
        MOURAFAKA: (CallKind.SUPPORT_PROGRAMME, "MRF"),
    }
    assert [slug for slug, call in calls.items() if call.blind_review] == [LALLA_2026]
    assert all(call.is_published for call in calls.values())


def test_the_open_call_closes_in_weeks_at_midnight_in_morocco():
    call = Call.objects.get(slug=SIL)
    closes = timezone.localtime(call.closes_at)

    assert datetime.timedelta(days=14) <= call.closes_at - timezone.now()
    assert call.closes_at - timezone.now() <= datetime.timedelta(days=60)
    assert (closes.hour, closes.minute) == (23, 59)
    assert call.max_applications_per_organization == 2


def test_organizer2_runs_only_the_action_research_call():
    organizers = {
        call.slug: {user.email for user in call.organizers.all()} for call in Call.objects.all()
    }

    assert organizers == {
        LALLA_2025: {"organizer@demo.ma"},
        LALLA_2026: {"organizer@demo.ma"},
        SIL: {"organizer2@demo.ma"},
        MOURAFAKA: {"organizer@demo.ma"},
    }


@pytest.mark.parametrize("slug", CALL_SLUGS)
def test_every_call_has_rules_a_form_rounds_and_prizes_in_three_languages(slug):
    call = Call.objects.get(slug=slug)
    rules = list(call.eligibility_rules.all())
    steps = list(call.steps.prefetch_related("questions"))
    questions = [question for step in steps for question in step.questions.all()]

    texts = [
        (call, ("title", "summary", "rules")),
        *[(rule, ("statement",)) for rule in rules if rule.kind == RuleKind.DECLARATION],
        *[(step, ("title", "intro")) for step in steps],
        *[(question, ("label",)) for question in questions],
        *[(prize, ("label",)) for prize in call.prize_categories.all()],
    ]
    untranslated = [
        (str(row), f"{name}_{language}")
        for row, names in texts
        for name in names
        for language in LANGUAGES
        if not getattr(row, f"{name}_{language}")
    ]
    assert untranslated == []
    assert all(is_arabic(getattr(row, f"{names[0]}_ar")) for row, names in texts)
    assert call.rules_fr.count("\n\n") >= 3
    assert len({rule.kind for rule in rules}) >= 4
    assert RuleKind.DECLARATION in {rule.kind for rule in rules}
    assert 3 <= len(steps) <= 4
    assert all(step.questions.all() for step in steps)
    last_step_kinds = {question.kind for question in steps[-1].questions.all()}
    assert last_step_kinds == {QuestionKind.FILE}
    assert call.rounds.exists()
    assert call.prize_categories.exists()


def test_the_calls_ask_every_kind_of_question():
    kinds = set(Question.objects.values_list("kind", flat=True))
    lalla_kinds = set(
        Question.objects.filter(step__call__slug=LALLA_2026).values_list("kind", flat=True)
    )

    assert kinds == set(QuestionKind.values)
    assert lalla_kinds == set(QuestionKind.values)


def test_questions_are_configured_like_an_organizer_would():
    questions = Question.objects.all()

    long_texts = questions.filter(kind=QuestionKind.LONG_TEXT)
    numbers = questions.filter(kind=QuestionKind.NUMBER)
    choices = questions.filter(kind__in=[QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE])
    certificate = questions.get(
        step__call__slug=LALLA_2026, label_fr__startswith="Attestation d'inscription"
    )
    budget = questions.get(step__call__slug=LALLA_2026, label_fr__startswith="Budget détaillé")

    assert all(question.word_limit for question in long_texts)
    assert all(
        question.min_value is not None and question.max_value > question.min_value
        for question in numbers
    )
    assert all(
        len(question.choices) >= 3
        and all(set(choice) == {"value", *LANGUAGES} for choice in question.choices)
        for question in choices
    )
    assert (certificate.file_types, certificate.max_files) == (["pdf", "jpeg", "png"], 3)
    assert (budget.file_types, budget.required) == (["xlsx", "pdf"], False)


def test_the_womens_prize_rewards_six_cooperatives_in_three_rounds():
    call = Call.objects.get(slug=LALLA_2026)

    prizes = [
        (prize.label_fr, prize.amount_mad, prize.count) for prize in call.prize_categories.all()
    ]
    rules = {rule.kind: rule for rule in call.eligibility_rules.all()}

    assert prizes == [
        ("1er prix", 100_000, 1),
        ("2e prix", 70_000, 1),
        ("3e prix", 50_000, 1),
        ("Prix spécial de l'innovation", 30_000, 1),
        ("Prix d'encouragement", 20_000, 2),
    ]
    assert list(call.rounds.values_list("kind", flat=True)) == [
        RoundKind.SCREENING,
        RoundKind.SHORTLIST,
        RoundKind.FINAL,
    ]
    assert rules[RuleKind.LEGAL_FORM_IN].choices == [LegalForm.COOPERATIVE]
    assert rules[RuleKind.WOMEN_SHARE_MIN].number == 80
    assert rules[RuleKind.FOUNDED_AT_LEAST_MONTHS].number == 12
    mourafaka_regions = EligibilityRule.objects.get(
        call__slug=MOURAFAKA, kind=RuleKind.REGION_IN
    ).choices
    assert sorted(mourafaka_regions) == sorted(Region.values)


def test_seed_demo_puts_back_a_changed_call_without_touching_the_questions_ids():
    questions = dict(Question.objects.values_list("pk", "label_fr"))
    call = Call.objects.get(slug=LALLA_2026)
    Call.objects.filter(pk=call.pk).update(title_fr="Changé", blind_review=False, results_at=None)
    call.organizers.add(User.objects.get(email="organizer2@demo.ma"))
    first_question = Question.objects.filter(step__call=call).order_by("pk").first()
    Question.objects.filter(pk=first_question.pk).update(label_ar="", word_limit=5)
    Step.objects.create(call=call, position=9, title_fr="En trop")
    call.prize_categories.first().delete()

    output = seed_demo()

    call.refresh_from_db()
    assert output.splitlines()[1].startswith("4 calls (0 created, 1 updated), 58 applications")
    assert (call.title_fr, call.blind_review) == (
        "Prix national Lalla Al Moutaaouina 2026 — 7e édition",
        True,
    )
    assert dict(Question.objects.values_list("pk", "label_fr")) == questions
    first_question.refresh_from_db()
    assert (first_question.label_ar, first_question.word_limit) == ("عنوان المشروع", None)
    assert not Step.objects.filter(title_fr="En trop").exists()
    assert call.prize_categories.count() == 5
    assert [user.email for user in call.organizers.all()] == ["organizer@demo.ma"]


def test_statuses_hold_whenever_the_demo_is_loaded_and_dates_stay_put_day_to_day():
    later = datetime.datetime(2027, 6, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False):
        seed_demo()
        first = {call.slug: call for call in Call.objects.all()}
        assert {slug: call.status for slug, call in first.items()} == {
            LALLA_2025: CallStatus.RESULTS_PUBLISHED,
            LALLA_2026: CallStatus.IN_REVIEW,
            SIL: CallStatus.OPEN,
            MOURAFAKA: CallStatus.UPCOMING,
        }
    with time_machine.travel(later + datetime.timedelta(days=3), tick=False):
        output = seed_demo()
        again = {call.slug: call for call in Call.objects.all()}

    dates = ("opens_at", "closes_at", "results_at", "results_published_at")
    assert output.splitlines()[1].startswith("4 calls (0 created, 0 updated), 58 applications")
    assert {slug: [getattr(call, name) for name in dates] for slug, call in again.items()} == {
        slug: [getattr(call, name) for name in dates] for slug, call in first.items()
    }


def test_seed_demo_prints_the_address_of_each_call():
    lines = seed_demo().splitlines()

    assert [line for line in lines if line.startswith("- ")] == [
        f"- http://127.0.0.1:8000/fr/calls/{LALLA_2025}/ (results published, 20 applications)",
        f"- http://127.0.0.1:8000/fr/calls/{LALLA_2026}/ (in review, 28 applications)",
        f"- http://127.0.0.1:8000/fr/calls/{SIL}/ (open, 10 applications)",
        f"- http://127.0.0.1:8000/fr/calls/{MOURAFAKA}/ (upcoming, 0 applications)",
    ]


# The demo applications.


def statuses(slug):
    return dict(
        Counter(Application.objects.filter(call__slug=slug).values_list("status", flat=True))
    )


def text_answers(slug):
    """The answers typed as text (not choices, numbers or dates)."""
    return list(
        Answer.objects.filter(
            application__call__slug=slug,
            question__kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT],
        ).select_related("application__organization")
    )


def test_each_call_has_its_applications_in_their_statuses():
    assert statuses(LALLA_2025) == {
        S.WINNER: 6,
        S.SPECIAL_MENTION: 1,
        S.NOT_SELECTED: 10,
        S.INELIGIBLE: 3,
    }
    assert statuses(LALLA_2026) == {S.ELIGIBLE: 18, S.INELIGIBLE: 5, S.SUBMITTED: 5}
    assert statuses(SIL) == {S.SUBMITTED: 6, S.DRAFT: 4}
    assert statuses(MOURAFAKA) == {}
    received = Application.objects.filter(call__slug=LALLA_2026, status__in=RECEIVED)
    assert received.count() >= 25


@pytest.mark.parametrize(
    ("slug", "prefix", "count"), [(LALLA_2025, "LAM", 20), (LALLA_2026, "LAM", 28), (SIL, "SIL", 6)]
)
def test_submitted_applications_are_numbered_from_one_with_the_calls_prefix(slug, prefix, count):
    call = Call.objects.get(slug=slug)
    year = timezone.localtime(call.opens_at).year

    references = sorted(
        call.applications.exclude(status=S.DRAFT).values_list("reference", flat=True)
    )

    assert references == [f"{prefix}-{year}-{n:04d}" for n in range(1, count + 1)]
    if slug == LALLA_2026:
        assert references[0] == "LAM-2026-0001"


def test_every_application_was_started_and_submitted_while_its_call_was_open():
    problems = []
    for application in Application.objects.select_related("call"):
        call = application.call
        moments = [application.created_at]
        if application.status != S.DRAFT:
            moments += [application.submitted_at, application.last_submitted_at]
            moments += list(application.submissions.values_list("submitted_at", flat=True))
        if not all(call.is_open_at(moment) for moment in moments):
            problems.append(str(application))
        if application.status != S.DRAFT and application.created_at >= application.submitted_at:
            problems.append(f"{application} started after it was submitted")
    assert problems == []


def test_received_applications_have_their_answers_documents_and_submission():
    problems = []
    received = Application.objects.filter(status__in=RECEIVED).prefetch_related(
        "attachments", "submissions", "answers"
    )
    for application in received:
        required = Question.objects.filter(
            step__call=application.call_id, required=True, kind=QuestionKind.FILE
        )
        attached = {attachment.question_id for attachment in application.attachments.all()}
        if not set(required.values_list("pk", flat=True)) <= attached:
            problems.append((str(application), "a required document is missing"))
        if [s.number for s in application.submissions.all()] != [1]:
            problems.append((str(application), "not submitted exactly once"))
        if len(application.answers.all()) < 8:
            problems.append((str(application), "few answers"))
    assert problems == []
    content_types = set(Attachment.objects.values_list("content_type", flat=True))
    assert content_types == {
        "application/pdf",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert Attachment.objects.filter(original_name="النظام-الأساسي.pdf").exists()


def test_screening_follows_eligibility_and_says_why():
    events = ApplicationEvent.objects.filter(
        kind=EventKind.STATUS_CHANGED, to_status=S.INELIGIBLE
    ).select_related("actor")

    assert set(
        Application.objects.filter(status=S.ELIGIBLE).values_list(
            "eligible_at_submission", flat=True
        )
    ) == {True}
    assert events.count() == 8
    assert {event.actor.email for event in events} == {"organizer@demo.ma"}
    assert all(event.reason for event in events)


def test_eligibility_at_submission_is_judged_on_the_day_of_submission():
    screened = Application.objects.filter(status__in=[S.ELIGIBLE, S.INELIGIBLE])

    verdicts = {(a.status, a.eligible_at_submission) for a in screened}

    assert verdicts == {(S.ELIGIBLE, True), (S.INELIGIBLE, False)}


def test_coop01_and_coop02_each_have_a_submitted_application_they_may_still_change_and_a_draft():
    for email in ("coop01@demo.ma", "coop02@demo.ma"):
        applications = Application.objects.filter(applicant__email=email).select_related("call")
        submitted = [a for a in applications if a.status == S.SUBMITTED and a.call.is_open]
        drafts = [a for a in applications if a.status == S.DRAFT and a.call.is_open]

        assert len(submitted) >= 1, email
        assert len(drafts) >= 1, email
        assert drafts[0].form_data["step_data"]["organization"], email


def test_some_applications_are_written_in_arabic():
    answers = text_answers(LALLA_2026)
    arabic = [answer for answer in answers if is_arabic(answer.value)]
    in_arabic_only = {
        application
        for application in Application.objects.filter(call__slug=LALLA_2026)
        if all(is_arabic(a.value) for a in answers if a.application_id == application.pk)
    }

    assert len(arabic) >= 30
    assert len(in_arabic_only) >= 10
    assert any(is_arabic(answer.value) for answer in text_answers(SIL))


def test_under_blind_review_no_answer_names_the_cooperative():
    named = [
        answer.application.reference
        for answer in text_answers(LALLA_2026)
        if answer.application.organization.name.lower() in answer.value.lower()
    ]

    assert named == []


def test_a_draft_resumes_in_the_wizard_where_it_was_left(client):
    draft = Application.objects.get(applicant__email="coop02@demo.ma", status=S.DRAFT)
    client.force_login(draft.applicant)

    first, second = (f"part-{step.pk}" for step in form_steps(call=draft.call)[:2])
    with translation.override("ar"):
        left_at = reverse("apply:step", kwargs={"slug": SIL, "pk": draft.pk, "step": second})
        earlier = reverse("apply:step", kwargs={"slug": SIL, "pk": draft.pk, "step": first})

    assert draft.form_step == second
    assert client.get(left_at).status_code == 200
    response = client.get(earlier)
    assert response.status_code == 200
    assert "سنكون عشرين شابة مع الباحثين" in response.content.decode()


def test_the_dashboard_shows_the_demo_applications(client):
    client.force_login(User.objects.get(email="coop01@demo.ma"))

    content = client.get(reverse("me:dashboard")).content.decode()

    sil = Application.objects.get(applicant__email="coop01@demo.ma", status=S.SUBMITTED)
    assert sil.reference in content
    assert "LAM-2025-0001" in content


def test_seed_demo_leaves_applications_that_moved_on_and_replaces_a_withdrawn_one():
    organizer = User.objects.get(email="organizer@demo.ma")
    coop01 = User.objects.get(email="coop01@demo.ma")
    shortlisted = Application.objects.filter(call__slug=LALLA_2026, status=S.ELIGIBLE).first()
    services.application_transition(application=shortlisted, to=S.SHORTLISTED, actor=organizer)
    withdrawn = Application.objects.get(applicant=coop01, call__slug=SIL, status=S.SUBMITTED)
    services.application_withdraw(application=withdrawn, actor=coop01)
    total = Application.objects.count()

    output = seed_demo()

    shortlisted.refresh_from_db()
    assert shortlisted.status == S.SHORTLISTED
    assert Application.objects.count() == total + 1
    # One draft per call and applicant: the draft becomes the submitted application, and
    # a new draft is started.
    assert "58 applications (2 created)" in output.splitlines()[1]
    assert sorted(
        Application.objects.filter(applicant=coop01, call__slug=SIL).values_list(
            "status", flat=True
        )
    ) == [S.DRAFT, S.SUBMITTED, S.WITHDRAWN]
