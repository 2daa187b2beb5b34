import datetime
from collections import Counter
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.models import Organization, PrivacyConsent, User
from accounts.validators import normalize_moroccan_phone
from calls.enums import CallKind, CallStatus, QuestionKind, RoundKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step
from juries.models import JurorProfile

pytestmark = pytest.mark.django_db

PASSWORD = "demo-2026!"
JURORS = {f"jury{n}@demo.ma" for n in range(1, 9)}
LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"
SIL, MOURAFAKA = "recherche-action-sil-2026", "mourafaka-2027"
CALL_SLUGS = [LALLA_2025, LALLA_2026, SIL, MOURAFAKA]
LANGUAGES = ("fr", "ar", "en")
ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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
    }


def is_arabic(text):
    return bool(set(text) & ARABIC_LETTERS)


def test_seed_demo_creates_every_demo_account():
    seed_demo()

    assert counts() == {
        "users": 51,
        "organizations": 40,
        "juror profiles": 8,
        "verified primary addresses": 51,
        "e-mail addresses": 51,
        "consents": 51,
    }


def test_seed_demo_twice_changes_nothing():
    seed_demo()
    first = rows()

    output = seed_demo()

    assert rows() == first
    assert output.splitlines()[:2] == [
        "Demo data ready: 51 accounts (0 created, 0 updated), 40 organizations, 8 juror profiles.",
        "4 calls (0 created, 0 updated).",
    ]


def test_seed_demo_puts_back_what_someone_changed(client):
    seed_demo()
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
    seed_demo()

    per_region = Counter(Organization.objects.values_list("region", flat=True))

    assert set(per_region) == set(Region.values)
    assert min(per_region.values()) == 2
    assert sum(per_region.values()) == 40


def test_every_organization_has_a_consistent_profile():
    seed_demo()

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
    seed_demo()

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
    seed_demo()

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
    seed_demo()

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
    ("email", "shown"),
    [
        ("coop01@demo.ma", "Coopérative Tifaouine d&#x27;argan"),
        ("jury1@demo.ma", "Nadia"),
        ("organizer@demo.ma", "Salma"),
        ("admin@demo.ma", "Hicham"),
    ],
)
def test_demo_people_log_in_through_the_login_page(client, email, shown):
    seed_demo()

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("me:dashboard")
    dashboard = client.get(reverse("me:dashboard"))
    assert dashboard.status_code == 200
    assert shown in dashboard.content.decode()


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
    seed_demo()

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
    seed_demo()

    call = Call.objects.get(slug=SIL)
    closes = timezone.localtime(call.closes_at)

    assert datetime.timedelta(days=14) <= call.closes_at - timezone.now()
    assert call.closes_at - timezone.now() <= datetime.timedelta(days=60)
    assert (closes.hour, closes.minute) == (23, 59)
    assert call.max_applications_per_organization == 2


def test_organizer2_runs_only_the_action_research_call():
    seed_demo()

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
    seed_demo()
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
    seed_demo()

    kinds = set(Question.objects.values_list("kind", flat=True))
    lalla_kinds = set(
        Question.objects.filter(step__call__slug=LALLA_2026).values_list("kind", flat=True)
    )

    assert kinds == set(QuestionKind.values)
    assert lalla_kinds == set(QuestionKind.values)


def test_questions_are_configured_like_an_organizer_would():
    seed_demo()
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
    seed_demo()
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
    seed_demo()
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
    assert output.splitlines()[1] == "4 calls (0 created, 1 updated)."
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
    assert output.splitlines()[1] == "4 calls (0 created, 0 updated)."
    assert {slug: [getattr(call, name) for name in dates] for slug, call in again.items()} == {
        slug: [getattr(call, name) for name in dates] for slug, call in first.items()
    }


def test_seed_demo_prints_the_address_of_each_call():
    lines = seed_demo().splitlines()

    assert [line for line in lines if line.startswith("- ")] == [
        f"- http://127.0.0.1:8000/fr/calls/{LALLA_2025}/ (results published)",
        f"- http://127.0.0.1:8000/fr/calls/{LALLA_2026}/ (in review)",
        f"- http://127.0.0.1:8000/fr/calls/{SIL}/ (open)",
        f"- http://127.0.0.1:8000/fr/calls/{MOURAFAKA}/ (upcoming)",
    ]
