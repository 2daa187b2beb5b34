from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.models import Organization, PrivacyConsent, User
from accounts.validators import normalize_moroccan_phone
from juries.models import JurorProfile

pytestmark = pytest.mark.django_db

PASSWORD = "demo-2026!"
JURORS = {f"jury{n}@demo.ma" for n in range(1, 9)}


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
    }


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
    assert output.splitlines()[0] == (
        "Demo data ready: 51 accounts (0 created, 0 updated), 40 organizations, 8 juror profiles."
    )


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
    assert response.url == reverse("accounts:dashboard")
    dashboard = client.get(reverse("accounts:dashboard"))
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
