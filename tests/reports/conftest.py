"""Scenes for the reports: a small call set up through the real services (hand-checked
figures), and large calls inserted in bulk (for query counts) with the profile snapshots
a submission writes."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.enums import LegalForm, Region, Sector
from accounts.models import User
from submissions import services as submissions
from submissions.enums import RECEIVED, ApplicationStatus
from submissions.models import Application, ApplicationEvent
from tests.browser.conftest import (  # noqa: F401 — the browser fixtures, for test_browser
    browser,
    context,
    page,
    server,
    viewport,
)
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory

MOROCCO = ZoneInfo("Africa/Casablanca")
UTC = datetime.UTC
S = ApplicationStatus


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


# October 2025: Morocco is at UTC+01:00 (Ramadan, at +00:00, was in March).
OPENS = utc(2025, 10, 1, 8, 0)
CLOSES = utc(2025, 10, 31, 22, 59)


def past_call(**kwargs):
    """A call that ran in October 2025 (closed now), run by `organizers`."""
    kwargs.setdefault("opens_at", OPENS)
    kwargs.setdefault("closes_at", CLOSES)
    return CallFactory(**kwargs)


def apply(call, *, started, submitted=None, path=(), **organization):
    """An organization's application to `call`: started at `started`, submitted at
    `submitted` (if given), then moved along `path` (statuses) as organizers do."""
    applicant = OrganizationFactory(owner__password=None, **organization).owner
    application = submissions.application_start(call=call, applicant=applicant, now=started)
    if submitted is None:
        return application
    application = submissions.application_submit(
        application=application, actor=applicant, answers={}, now=submitted, notify=False
    )
    for status in path:
        if status == S.WITHDRAWN:
            application = submissions.application_withdraw(application=application, actor=applicant)
        else:
            application = submissions.application_transition(
                application=application, to=status, actor=None, now=submitted
            )
    return application


def profile(*, region, members, women, youth, legal_form=LegalForm.COOPERATIVE, sector=None):
    return {
        "region": region,
        "legal_form": legal_form,
        "sector": sector or Sector.ARGAN,
        "members_count": members,
        "women_members_count": women,
        "youth_members_count": youth,
    }


@pytest.fixture
def organizer():
    return OrganizerFactory(password=None)


@pytest.fixture
def scene(organizer):
    """Nine applicants of an October 2025 prize, every stage of the funnel:
    a draft; received: submitted, not eligible, eligible, shortlisted then not selected,
    eligible then not selected, shortlisted then winner, special mention; and one
    withdrawn after submitting."""
    call = past_call(organizers=[organizer])
    day = utc(2025, 10, 3, 10, 0)
    E, SL = S.ELIGIBLE, S.SHORTLISTED
    rows = {
        "draft": dict(started=day, **profile(region=Region.ORIENTAL, members=5, women=5, youth=5)),
        "submitted": dict(
            path=(),
            **profile(region=Region.SOUSS_MASSA, members=24, women=20, youth=9),
        ),
        "ineligible": dict(
            path=(S.INELIGIBLE,),
            **profile(region=Region.SOUSS_MASSA, members=20, women=10, youth=10),
        ),
        "eligible": dict(
            path=(E,),
            **profile(
                region=Region.ORIENTAL,
                members=20,
                women=10,
                youth=12,
                legal_form=LegalForm.ASSOCIATION,
                sector=Sector.SAFFRON,
            ),
        ),
        "shortlisted_not_selected": dict(
            path=(E, SL, S.NOT_SELECTED),
            **profile(region=Region.CASABLANCA_SETTAT, members=10, women=4, youth=2),
        ),
        "not_selected": dict(
            path=(E, S.NOT_SELECTED),
            **profile(region=Region.SOUSS_MASSA, members=10, women=8, youth=5),
        ),
        "winner": dict(
            path=(E, SL, S.WINNER),
            **profile(
                region=Region.DRAA_TAFILALET,
                members=100,
                women=79,
                youth=0,
                sector=Sector.DATES,
            ),
        ),
        "mention": dict(
            path=(E, S.SPECIAL_MENTION),
            **profile(region=Region.ORIENTAL, members=0, women=0, youth=0),
        ),
        "withdrawn": dict(
            path=(S.WITHDRAWN,),
            **profile(region=Region.FES_MEKNES, members=10, women=10, youth=0),
        ),
    }
    applications = {}
    for name, row in rows.items():
        row.setdefault("started", day)
        if name != "draft":
            row.setdefault("submitted", day + datetime.timedelta(hours=1))
        applications[name] = apply(call, **row)
    return call, applications


# --- many applications, fast ----------------------------------------------------------

STATUS_CYCLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.SHORTLISTED,
    S.FINALIST,
    S.WINNER,
    S.SPECIAL_MENTION,
    S.NOT_SELECTED,
    S.WITHDRAWN,
)


def bulk_applications(call, count: int, *, start=None, tag="bulk"):
    """`count` applications to `call`, one applicant each, statuses cycling through every
    status, spread over the call's days, with the profile snapshots a submission writes;
    every other "not selected" one was shortlisted first (its history says so)."""
    start = start or call.opens_at
    users = User.objects.bulk_create(
        [User(email=f"{tag}-{call.pk}-{n}@example.ma", password="!") for n in range(count)]
    )
    regions, sectors, forms = (
        itertools.cycle(Region.values),
        itertools.cycle(Sector.values),
        itertools.cycle(LegalForm.values),
    )
    applications = []
    for n, user in enumerate(users):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        created = start + datetime.timedelta(hours=7 * n % (24 * 20))
        received = status != S.DRAFT
        members = 5 + n % 40
        applications.append(
            Application(
                call=call,
                applicant=user,
                status=status,
                created_at=created,
                submitted_at=created + datetime.timedelta(hours=2) if received else None,
                last_submitted_at=created + datetime.timedelta(hours=2) if received else None,
                reference_number=n + 1 if received else None,
                reference=f"{call.reference_prefix}-2025-{n + 1:04d}" if received else "",
                profile_snapshot={
                    "profile": {
                        "name": f"Coopérative {tag} {n}",
                        "region": next(regions),
                        "legal_form": next(forms),
                        "sector": next(sectors),
                        "members_count": members,
                        "women_members_count": n % (members + 1),
                        "youth_members_count": (3 * n) % (members + 1),
                    }
                }
                if received
                else {},
            )
        )
    applications = Application.objects.bulk_create(applications)
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=application,
                kind="status-changed",
                from_status=S.ELIGIBLE,
                to_status=S.SHORTLISTED,
            )
            for n, application in enumerate(applications)
            if application.status == S.NOT_SELECTED and n % 2
        ]
    )
    return applications


def received_count(applications) -> int:
    return sum(1 for application in applications if application.status in RECEIVED)


def now_local():
    return timezone.localtime(timezone.now(), MOROCCO)
