"""Large synthetic data for benchmarks (`seed_scale`): one closed call with N eligible
applications from N organizations across the 12 regions, and a screening jury of M jurors
with expertise, regions, languages and caps, plus conflicts of interest of every kind.

Written with `bulk_create` (a few dozen queries whatever N and M): 5,000 applications and
300 jurors take seconds. One password hash is computed and shared (`demo-2026!`), so the
people can log in for load tests. Everything of a scale data set hangs off its call
(`scale-<N>x<M>`) and its people's addresses (`scale-<N>x<M>-…`), which lets
`scale_remove` take it all away again.
"""

import datetime
import math
from dataclasses import dataclass

import numpy as np
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.models import Organization, User
from calls.enums import CallKind, RoundKind
from calls.models import Call, Round
from juries.enums import MemberRole
from juries.models import ConflictDeclaration, JurorProfile, Jury, JuryMember
from portal.demo import PASSWORD
from submissions.enums import ApplicationStatus
from submissions.models import Application

REGIONS = [region.value for region in Region]
SECTORS = [sector.value for sector in Sector]
PREFIX = "SCL"
# Jurors whose e-mail shares a private domain with a few applicants (automatic conflicts).
DOMAIN_SHARE = 0.05


@dataclass(frozen=True)
class ScaleData:
    call: Call
    jury: Jury
    organizer: User
    applications: int
    jurors: int
    conflicts: int
    created: bool


def scale_slug(applications: int, jurors: int) -> str:
    return f"scale-{applications}x{jurors}"


def default_caps(*, applications: int, jurors: int, k: int, rng) -> np.ndarray:
    """Caps averaging 15 % above the fair share, so that the jury can take everything but
    not evenly: from 0.9 to 1.4 times the fair share."""
    share = applications * k / max(jurors, 1)
    low, high = max(1, math.floor(0.9 * share)), max(2, math.ceil(1.4 * share))
    return rng.integers(low, high + 1, size=jurors)


def scale_remove(slug: str) -> None:
    """Take a scale data set away: its applications (with everything hanging off them),
    its people (organizations, juror profiles, memberships, conflicts), its call."""
    with transaction.atomic():
        Application.objects.filter(call__slug=slug).delete()
        User.objects.filter(email__startswith=f"{slug}-").delete()
        Call.objects.filter(slug=slug).delete()


def seed_scale(
    *,
    applications: int,
    jurors: int,
    k: int = 3,
    cap: int | None = None,
    conflicts_per_juror: int = 2,
    seed: int = 2026,
    fresh: bool = False,
) -> ScaleData:
    """The scale data set for these sizes: made unless it exists (`fresh` remakes it)."""
    slug = scale_slug(applications, jurors)
    if fresh:
        scale_remove(slug)
    existing = Jury.objects.select_related("call").filter(call__slug=slug).first()
    if existing is not None:
        return ScaleData(
            call=existing.call,
            jury=existing,
            organizer=existing.call.organizers.first(),
            applications=existing.call.applications.count(),
            jurors=existing.members.count(),
            conflicts=ConflictDeclaration.objects.filter(juror__jury_memberships__jury=existing)
            .distinct()
            .count(),
            created=False,
        )
    with transaction.atomic():
        return _make(
            slug=slug,
            applications=applications,
            jurors=jurors,
            k=k,
            cap=cap,
            conflicts_per_juror=conflicts_per_juror,
            rng=np.random.default_rng(seed),
        )


def _make(*, slug, applications, jurors, k, cap, conflicts_per_juror, rng) -> ScaleData:
    now = timezone.now()
    password = make_password(PASSWORD)
    opens, closes = now - datetime.timedelta(days=60), now - datetime.timedelta(days=30)

    # People: an organizer, the jurors, one applicant per organization. A few jurors
    # share a private e-mail domain with a few applicants.
    shared = max(1, int(jurors * DOMAIN_SHARE)) if jurors and applications else 0
    applicant_domain = ["example.ma"] * applications
    juror_domain = ["example.ma"] * jurors
    for j in range(shared):
        domain = f"{slug}-partner{j}.ma"
        juror_domain[j] = domain
        for i in rng.choice(applications, size=min(3, applications), replace=False):
            applicant_domain[i] = domain
    languages = rng.choice(
        [Language.FRENCH, Language.ARABIC, Language.ENGLISH], size=applications, p=[0.6, 0.35, 0.05]
    )
    people = [
        User(
            email=f"{slug}-organizer@example.ma",
            full_name="Organisatrice Échelle",
            is_organizer=True,
            password=password,
        )
    ]
    people += [
        User(
            email=f"{slug}-jury{j:04d}@{juror_domain[j]}",
            full_name=f"Juré·e {j:04d}",
            language=Language.FRENCH,
            password=password,
        )
        for j in range(jurors)
    ]
    people += [
        User(
            email=f"{slug}-coop{i:05d}@{applicant_domain[i]}",
            full_name=f"Présidente {i:05d}",
            language=str(languages[i]),
            password=password,
        )
        for i in range(applications)
    ]
    people = User.objects.bulk_create(people, batch_size=500)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=person, email=person.email, verified=True, primary=True)
            for person in people
        ],
        batch_size=500,
    )
    organizer, juror_users, owners = people[0], people[1 : 1 + jurors], people[1 + jurors :]

    regions = rng.choice(REGIONS, size=applications)
    sectors = rng.choice(SECTORS, size=applications)
    members_count = rng.integers(7, 120, size=applications)
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                owner=owner,
                name=f"Coopérative Échelle {i:05d}",
                legal_form=LegalForm.COOPERATIVE,
                registration_number=f"ODCO-SCL-{i:05d}",
                region=str(regions[i]),
                province="—",
                sector=str(sectors[i]),
                founded_on=datetime.date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
                members_count=int(members_count[i]),
                women_members_count=int(members_count[i] * 3 // 4),
                youth_members_count=int(members_count[i] // 3),
                contact_phone=f"+2126{i:08d}",
            )
            for i, owner in enumerate(owners)
        ],
        batch_size=500,
    )

    call = Call.objects.create(
        slug=slug,
        kind=CallKind.PRIZE,
        title_fr=f"Appel à grande échelle ({applications} × {jurors})",
        title_ar=f"دعوة على نطاق واسع ({applications} × {jurors})",
        title_en=f"Call at scale ({applications} × {jurors})",
        opens_at=opens,
        closes_at=closes,
        is_published=False,
        reference_prefix=PREFIX,
        max_applications_per_organization=1,
    )
    call.organizers.add(organizer)
    round_ = Round.objects.create(call=call, kind=RoundKind.SCREENING, position=1)
    jury = Jury.objects.create(
        call=call, round=round_, jurors_per_application=k, deadline=now + datetime.timedelta(30)
    )
    submitted = [
        opens + (closes - opens) * ((i + 1) / (applications + 1)) for i in range(applications)
    ]
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                applicant=owner,
                organization=organization,
                status=ApplicationStatus.ELIGIBLE,
                reference=f"{PREFIX}-{closes.year}-{i + 1:05d}",
                reference_number=i + 1,
                eligible_at_submission=True,
                submitted_at=submitted[i],
                last_submitted_at=submitted[i],
                created_at=submitted[i] - datetime.timedelta(days=2),
            )
            for i, (owner, organization) in enumerate(zip(owners, organizations, strict=True))
        ],
        batch_size=500,
    )

    caps = (
        np.full(jurors, cap)
        if cap is not None
        else default_caps(applications=applications, jurors=jurors, k=k, rng=rng)
    )
    JurorProfile.objects.bulk_create(
        [
            JurorProfile(
                user=user,
                expertise_sectors=sorted(
                    str(s) for s in rng.choice(SECTORS, size=rng.integers(1, 4), replace=False)
                ),
                regions=sorted(
                    str(r) for r in rng.choice(REGIONS, size=rng.integers(1, 4), replace=False)
                ),
                languages=["fr"]
                + (["ar"] if rng.random() < 0.6 else [])
                + (["en"] if rng.random() < 0.3 else []),
            )
            for user in juror_users
        ],
        batch_size=500,
    )
    JuryMember.objects.bulk_create(
        [
            JuryMember(
                jury=jury,
                user=user,
                role=MemberRole.CHAIR if j == 0 else MemberRole.MEMBER,
                max_assignments=int(caps[j]),
                joined_at=closes,
            )
            for j, user in enumerate(juror_users)
        ],
        batch_size=500,
    )

    # Declared conflicts: with organizations, and with one application for every tenth juror.
    declarations = []
    application_ids = dict(
        Application.objects.filter(call=call).values_list("reference_number", "pk")
    )
    if applications:
        for j, user in enumerate(juror_users):
            size = min(conflicts_per_juror, applications)
            for i in rng.choice(applications, size=size, replace=False):
                declarations.append(
                    ConflictDeclaration(
                        juror=user, organization=organizations[int(i)], reason="Partenaire"
                    )
                )
            if j % 10 == 0:
                declarations.append(
                    ConflictDeclaration(
                        juror=user,
                        application_id=application_ids[int(rng.integers(applications)) + 1],
                        reason="Ancien salarié",
                    )
                )
    ConflictDeclaration.objects.bulk_create(declarations, batch_size=500)
    return ScaleData(
        call=call,
        jury=jury,
        organizer=organizer,
        applications=applications,
        jurors=jurors,
        conflicts=len(declarations),
        created=True,
    )
