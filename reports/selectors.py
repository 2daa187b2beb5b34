"""Reads of the reports: a call's dashboard for its organizers and the public impact
figures across calls.

Every figure is aggregated in SQL (`Count`/`Sum`/`Avg` with filters, `TruncDate` in
Morocco's time): the number of queries is fixed, whatever the number of applications,
and no application is ever loaded into Python. Python only walks bounded lists (the 12
regions, the sectors, the days of a call, its rounds).

An organization's region, legal form, sector and members are read from the profile it
submitted (`Application.profile_snapshot["profile"]`, through JSON key lookups that
PostgreSQL and SQLite both run), falling back on the organization's current profile
for an application received without a snapshot.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, NullIf, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import LegalForm, Region, Sector
from awards.enums import Outcome
from awards.models import Decision
from awards.selectors import AWARDED, published_calls
from calls.enums import CallStatus
from calls.models import Call, Round
from juries.conflicts import declared_conflict
from juries.enums import EvaluationStatus
from juries.models import Assignment, JuryMember
from submissions.enums import RECEIVED, ApplicationStatus
from submissions.models import Application, ApplicationEvent

MOROCCO = ZoneInfo("Africa/Casablanca")
S = ApplicationStatus

# Passed screening: eligible, and every status that comes after it.
PASSED_SCREENING = (
    S.ELIGIBLE,
    S.SHORTLISTED,
    S.FINALIST,
    S.WINNER,
    S.SPECIAL_MENTION,
    S.NOT_SELECTED,
)
# On the shortlist or beyond; a "not selected" application counts when its history
# shows it was shortlisted once.
SHORTLISTED_OR_BEYOND = (S.SHORTLISTED, S.FINALIST, S.WINNER, S.SPECIAL_MENTION)

UNKNOWN = "unknown"
UNKNOWN_LABEL = pgettext_lazy("breakdown", "Not given")


def percent(part, whole) -> float:
    """`part` of `whole` in percent, one decimal; 0 when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


# --- profiles as submitted ------------------------------------------------------------


def _text(name: str):
    return Coalesce(
        KT(f"profile_snapshot__profile__{name}"),
        F(f"organization__{name}"),
        output_field=CharField(),
    )


def _number(name: str):
    return Coalesce(
        Cast(KT(f"profile_snapshot__profile__{name}"), IntegerField()),
        F(f"organization__{name}"),
        output_field=IntegerField(),
    )


def with_profile(applications: QuerySet[Application]) -> QuerySet[Application]:
    """`applications` annotated with their organization's profile as submitted:
    `p_region`, `p_legal_form`, `p_sector`, `p_members`, `p_women`, `p_youth`."""
    return applications.annotate(
        p_region=_text("region"),
        p_legal_form=_text("legal_form"),
        p_sector=_text("sector"),
        p_members=_number("members_count"),
        p_women=_number("women_members_count"),
        p_youth=_number("youth_members_count"),
    )


@dataclass(frozen=True)
class Slice:
    """One value of a breakdown: `count` applications, `share` of the total in percent."""

    value: str
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Shares:
    """Women's and young members' shares among the organizations of received
    applications. Bands count applications; averages are of each organization's share;
    `women`/`members` are totals across them (the pooled share)."""

    total: int
    organizations: int
    women_below_50: int
    women_50_to_79: int
    women_80_and_more: int
    members_unknown: int
    women_average: float | None
    youth_led: int
    youth_average: float | None
    members: int
    women: int
    youth: int

    @property
    def women_bands(self) -> list[Slice]:
        bands = [
            Slice("below-50", str(_("Less than 50 % women")), self.women_below_50, 0),
            Slice("50-79", str(_("50 to 79 % women")), self.women_50_to_79, 0),
            Slice("80-plus", str(_("80 % women or more")), self.women_80_and_more, 0),
        ]
        if self.members_unknown:
            bands.append(Slice(UNKNOWN, str(UNKNOWN_LABEL), self.members_unknown, 0))
        return [
            Slice(band.value, band.label, band.count, percent(band.count, self.total))
            for band in bands
        ]

    @property
    def women_pooled(self) -> float:
        """Women among all the members of these organizations, in percent."""
        return percent(self.women, self.members)

    @property
    def youth_pooled(self) -> float:
        return percent(self.youth, self.members)

    @property
    def youth_led_share(self) -> float:
        return percent(self.youth_led, self.total)


@dataclass(frozen=True)
class Breakdown:
    """Received applications by region, legal form and sector, and the shares."""

    total: int
    regions: list[Slice]
    legal_forms: list[Slice]
    sectors: list[Slice]
    shares: Shares


def _slices(counts: dict, choices, total: int, *, by_count=False) -> list[Slice]:
    """Every value of `choices` (zeros included), then any value outside them."""
    slices = [
        Slice(value, str(label), counts.get(value, 0), percent(counts.get(value, 0), total))
        for value, label in choices.choices
    ]
    others = sum(n for value, n in counts.items() if value not in choices.values)
    if others:
        slices.append(Slice(UNKNOWN, str(UNKNOWN_LABEL), others, percent(others, total)))
    if by_count:
        slices.sort(key=lambda s: -s.count)  # stable: ties keep the choices' order
    return slices


def _grouped(applications: QuerySet, column: str) -> dict[str, int]:
    return dict(
        applications.order_by().values_list(column).annotate(n=Count("pk")).values_list(column, "n")
    )


def _share_of(part, whole) -> ExpressionWrapper:
    """`part` of `whole` in percent, in SQL (NULL when `whole` is 0)."""
    as_float = FloatField()
    return ExpressionWrapper(
        Cast(part, as_float) * Value(100.0) / NullIf(Cast(whole, as_float), Value(0.0)),
        output_field=as_float,
    )


def _shares(applications: QuerySet) -> Shares:
    known = Q(p_members__gt=0)
    women, members, youth = F("p_women"), F("p_members"), F("p_youth")
    row = applications.order_by().aggregate(
        total=Count("pk"),
        organizations=Count("organization", distinct=True),
        members_unknown=Count("pk", filter=~known | Q(p_members__isnull=True)),
        # 100·w/m < 50  ⇔  2w < m, and so on: whole numbers, no rounding at the edges.
        women_below_50=Count("pk", filter=known & LessThan(women * 2, members)),
        women_50_to_79=Count(
            "pk",
            filter=known
            & GreaterThanOrEqual(women * 2, members)
            & LessThan(women * 5, members * 4),
        ),
        women_80_and_more=Count("pk", filter=known & GreaterThanOrEqual(women * 5, members * 4)),
        youth_led=Count("pk", filter=known & GreaterThanOrEqual(youth * 2, members)),
        women_average=Avg(_share_of(women, members), filter=known),
        youth_average=Avg(_share_of(youth, members), filter=known),
        members=Coalesce(Sum(members, filter=known), 0),
        women=Coalesce(Sum(women, filter=known), 0),
        youth=Coalesce(Sum(youth, filter=known), 0),
    )
    for key in ("women_average", "youth_average"):
        if row[key] is not None:
            row[key] = round(row[key], 1)
    return Shares(**row)


def profile_breakdown(applications: QuerySet[Application]) -> Breakdown:
    """`applications` (received ones) by region (the 12, zeros shown), legal form,
    sector, women's and youth shares, from the profiles as submitted. Four queries."""
    applications = with_profile(applications)
    shares = _shares(applications)
    total = shares.total
    return Breakdown(
        total=total,
        regions=_slices(_grouped(applications, "p_region"), Region, total),
        legal_forms=_slices(_grouped(applications, "p_legal_form"), LegalForm, total),
        sectors=_slices(_grouped(applications, "p_sector"), Sector, total, by_count=True),
        shares=shares,
    )


# --- a call's dashboard ---------------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    """From the first draft to the decision. `started` counts applicants (accounts) who
    started an application, withdrawn and discarded ones included; the others count
    applications. `submitted` is every received application (not withdrawn)."""

    started: int
    drafts: int
    submitted: int
    eligible: int
    shortlisted: int
    winners: int
    special_mentions: int
    withdrawn: int
    ineligible: int

    def stages(self) -> list[tuple[str, str, int]]:
        """(key, label, count) of each stage, in order."""
        return [
            ("started", str(_("Accounts that started an application")), self.started),
            ("drafts", str(_("Drafts not yet submitted")), self.drafts),
            ("submitted", str(_("Applications received")), self.submitted),
            ("eligible", str(_("Eligible")), self.eligible),
            ("shortlisted", str(_("Shortlisted")), self.shortlisted),
            ("winners", str(_("Winners")), self.winners),
            ("special_mentions", str(_("Special mentions")), self.special_mentions),
        ]


def call_funnel(*, call: Call) -> Funnel:
    """The call's funnel. One query."""
    shortlisted_once = Exists(
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status=S.SHORTLISTED)
    )
    row = (
        Application.objects.filter(call=call)
        .order_by()
        .aggregate(
            started=Count("applicant", distinct=True),
            drafts=Count("pk", filter=Q(status=S.DRAFT)),
            submitted=Count("pk", filter=Q(status__in=RECEIVED)),
            eligible=Count("pk", filter=Q(status__in=PASSED_SCREENING)),
            shortlisted=Count(
                "pk",
                filter=Q(status__in=SHORTLISTED_OR_BEYOND)
                | Q(shortlisted_once, status=S.NOT_SELECTED),
            ),
            winners=Count("pk", filter=Q(status=S.WINNER)),
            special_mentions=Count("pk", filter=Q(status=S.SPECIAL_MENTION)),
            withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
            ineligible=Count("pk", filter=Q(status=S.INELIGIBLE)),
        )
    )
    return Funnel(**row)


@dataclass(frozen=True)
class Day:
    """One Moroccan day of a call: what it added and the running totals at its end."""

    date: datetime.date
    started: int
    submitted: int
    started_total: int
    submitted_total: int


def call_days(call: Call, *, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The first and last Moroccan day the evolution shows: from the opening day to the
    closing day, or to today while the call is open; None before it opens."""
    first = timezone.localdate(call.opens_at, MOROCCO)
    last = timezone.localdate(call.closes_at - datetime.timedelta(microseconds=1), MOROCCO)
    last = min(last, today)
    return (first, last) if first <= last else None


def _per_day(applications: QuerySet, column: str) -> dict[datetime.date, int]:
    return dict(
        applications.order_by()
        .annotate(day=TruncDate(column, tzinfo=MOROCCO))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )


def daily_evolution(*, call: Call, today: datetime.date | None = None) -> list[Day]:
    """Day by day (in Morocco's time) from the call's opening, the applicants who started
    their first application that day and the applications first submitted that day, with
    running totals. An applicant counts on the day of their first application to the
    call; a submission counts on its first submission day while it is still received
    (withdrawn ones leave the totals). Whatever happened before the first day counts on
    it, and after the last day on the last, so the totals end at the funnel's figures.
    Two queries (none before the call opens)."""
    today = today or timezone.localdate(timezone.now(), MOROCCO)
    span = call_days(call, today=today)
    if span is None:
        return []
    first, last = span
    applications = Application.objects.filter(call=call)
    earlier = Application.objects.filter(call=call, applicant=OuterRef("applicant")).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    started = _per_day(applications.filter(~Exists(earlier)), "created_at")
    submitted = _per_day(
        applications.filter(status__in=RECEIVED, submitted_at__isnull=False), "submitted_at"
    )

    def clamp(counts):
        clamped = {}
        for day, n in counts.items():
            day = min(max(day, first), last)
            clamped[day] = clamped.get(day, 0) + n
        return clamped

    started, submitted = clamp(started), clamp(submitted)
    days, started_total, submitted_total = [], 0, 0
    day = first
    while day <= last:
        started_total += started.get(day, 0)
        submitted_total += submitted.get(day, 0)
        days.append(
            Day(day, started.get(day, 0), submitted.get(day, 0), started_total, submitted_total)
        )
        day += datetime.timedelta(days=1)
    return days


@dataclass(frozen=True)
class RoundProgress:
    """A round's jury: evaluations expected (assignments without a declared conflict)
    and submitted, as `juries.selectors.manage.jury_progress` counts them."""

    round: Round
    jurors: int
    assigned: int
    submitted: int
    deadline: datetime.datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0

    @property
    def remaining(self) -> int:
        return self.assigned - self.submitted


def _round_subquery(queryset: QuerySet, aggregate) -> Coalesce:
    rows = (
        queryset.filter(jury__round=OuterRef("pk"))
        .order_by()
        .values("jury__round")
        .annotate(total=aggregate)
        .values("total")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def jury_rounds(*, call: Call) -> list[RoundProgress]:
    """The call's rounds with a jury, in order, with their progress. One query."""
    conflicted = declared_conflict(
        "member__user_id", "application_id", "application__organization_id"
    )
    assignments = Assignment.objects.all()
    rounds = (
        call.rounds.filter(jury__isnull=False)
        .select_related("jury")
        .annotate(
            jurors=_round_subquery(JuryMember.objects.filter(is_active=True), Count("pk")),
            assigned=_round_subquery(assignments, Count("pk", filter=~conflicted)),
            submitted=_round_subquery(
                assignments,
                Count(
                    "pk",
                    filter=Q(evaluation__status=EvaluationStatus.SUBMITTED) & ~conflicted,
                ),
            ),
        )
        .order_by("position", "pk")
    )
    return [
        RoundProgress(
            round=round_,
            jurors=round_.jurors,
            assigned=round_.assigned,
            submitted=round_.submitted,
            deadline=round_.jury.deadline,
        )
        for round_ in rounds
    ]


@dataclass(frozen=True)
class Phase:
    status: CallStatus
    # The next date that matters and how many Moroccan days until it (0: today).
    next_label: str
    next_at: datetime.datetime | None
    days_left: int | None


def call_phase(call: Call, *, now: datetime.datetime) -> Phase:
    """The call's status (`Call.status_at`) and the next date that matters."""
    status = call.status_at(now)
    upcoming = {
        CallStatus.UPCOMING: (_("Opens"), call.opens_at),
        CallStatus.OPEN: (_("Closes"), call.closes_at),
        CallStatus.IN_REVIEW: (_("Results expected"), call.results_at),
    }
    label, moment = upcoming.get(status, ("", None))
    days_left = None
    if moment is not None:
        days_left = (timezone.localdate(moment, MOROCCO) - timezone.localdate(now, MOROCCO)).days
    return Phase(status=status, next_label=str(label), next_at=moment, days_left=days_left)


@dataclass(frozen=True)
class Dashboard:
    call: Call
    phase: Phase
    funnel: Funnel
    days: list[Day]
    breakdown: Breakdown
    rounds: list[RoundProgress]


def call_dashboard(*, call: Call, now: datetime.datetime | None = None) -> Dashboard:
    """Everything the call's dashboard shows. Eight queries, whatever the numbers of
    applications, jurors and days."""
    now = now or timezone.now()
    return Dashboard(
        call=call,
        phase=call_phase(call, now=now),
        funnel=call_funnel(call=call),
        days=daily_evolution(call=call, today=timezone.localdate(now, MOROCCO)),
        breakdown=profile_breakdown(Application.objects.filter(call=call, status__in=RECEIVED)),
        rounds=jury_rounds(call=call),
    )


# --- public impact --------------------------------------------------------------------


def impact_calls(*, now: datetime.datetime | None = None) -> QuerySet[Call]:
    """The calls the impact figures cover: published and closed, so that no open call's
    partial figures are ever shown."""
    return Call.objects.filter(is_published=True, closes_at__lte=now or timezone.now())


@dataclass(frozen=True)
class Awards:
    """Prizes and special mentions of the calls whose results are public."""

    amount_mad: int
    prizes: int
    special_mentions: int
    organizations: int


@dataclass(frozen=True)
class CallImpact:
    """One call's line of the impact table (no applicant named)."""

    call: Call
    received: int
    organizations: int
    results_public: bool
    amount_mad: int
    laureates: int


@dataclass
class Impact:
    calls: list[CallImpact]
    breakdown: Breakdown
    awards: Awards
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def received(self) -> int:
        return self.breakdown.total

    @property
    def organizations(self) -> int:
        return self.breakdown.shares.organizations


def _awarded_decisions(*, now) -> QuerySet[Decision]:
    """Prizes and special mentions of calls whose results are public."""
    return Decision.objects.filter(
        outcome__in=AWARDED,
        deliberation__call__in=published_calls(now=now).filter(closes_at__lte=now),
    )


def impact_figures(*, now: datetime.datetime | None = None) -> Impact:
    """The impact page's figures across published, closed calls: received applications
    by region, legal form and sector, women's and youth shares, prizes awarded in MAD
    and organizations supported, and one line per call. Six queries, whatever the
    numbers of calls and applications."""
    now = now or timezone.now()
    calls = impact_calls(now=now)
    received = Application.objects.filter(call__in=calls, status__in=RECEIVED)
    per_call = received.filter(call=OuterRef("pk")).order_by().values("call")
    decisions = _awarded_decisions(now=now).filter(deliberation__call=OuterRef("pk"))
    decisions = decisions.order_by().values("deliberation__call")

    def scalar(queryset, aggregate):
        rows = queryset.annotate(total=aggregate).values("total")[:1]
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    rows = calls.annotate(
        received=scalar(per_call, Count("pk")),
        organizations=scalar(per_call, Count("organization", distinct=True)),
        amount_mad=scalar(decisions, Sum("amount_mad")),
        laureates=scalar(decisions, Count("pk")),
        results_public=Exists(published_calls(now=now).filter(pk=OuterRef("pk"))),
    ).order_by("-closes_at", "pk")
    lines = [
        CallImpact(
            call=call,
            received=call.received,
            organizations=call.organizations,
            results_public=call.results_public,
            amount_mad=call.amount_mad,
            laureates=call.laureates,
        )
        for call in rows
    ]
    awarded = _awarded_decisions(now=now).aggregate(
        amount_mad=Coalesce(Sum("amount_mad", filter=Q(outcome=Outcome.PRIZE)), 0),
        prizes=Count("pk", filter=Q(outcome=Outcome.PRIZE)),
        special_mentions=Count("pk", filter=Q(outcome=Outcome.SPECIAL_MENTION)),
        organizations=Count("application__organization", distinct=True),
    )
    return Impact(
        calls=lines, breakdown=profile_breakdown(received), awards=Awards(**awarded), now=now
    )


def impact_tables(impact: Impact) -> list[tuple[str, str, list[str], list[Iterable]]]:
    """The impact figures as plain tables (key, title, headers, rows) for the downloads:
    counts and shares only, no applicant, organization, e-mail or reference."""
    shares = impact.breakdown.shares
    awards = impact.awards
    summary = [
        (_("Calls covered"), impact.call_count),
        (_("Applications received"), impact.received),
        (_("Applicant organizations"), impact.organizations),
        (_("Women among members (%)"), shares.women_pooled),
        (_("Average women's share per organization (%)"), shares.women_average),
        (_("Young members among members (%)"), shares.youth_pooled),
        (_("Applications from youth-led organizations"), shares.youth_led),
        (_("Prizes awarded"), awards.prizes),
        (_("Special mentions"), awards.special_mentions),
        (_("Amount awarded (MAD)"), awards.amount_mad),
        (_("Organizations supported"), awards.organizations),
    ]

    def slices(items):
        return [(item.label, item.count, item.share) for item in items]

    count_headers = [str(_("Applications")), str(_("Share of applications (%)"))]
    return [
        (
            "summary",
            str(_("Summary")),
            [str(_("Figure")), str(_("Value"))],
            [(str(label), value) for label, value in summary],
        ),
        (
            "regions",
            str(_("By region")),
            [str(_("Region")), *count_headers],
            slices(impact.breakdown.regions),
        ),
        (
            "sectors",
            str(_("By sector")),
            [str(_("Sector")), *count_headers],
            slices(impact.breakdown.sectors),
        ),
        (
            "legal_forms",
            str(_("By legal form")),
            [str(_("Legal form")), *count_headers],
            slices(impact.breakdown.legal_forms),
        ),
        (
            "women",
            str(_("Women's share of members")),
            [str(_("Organizations with")), *count_headers],
            slices(shares.women_bands),
        ),
        (
            "calls",
            str(_("By call")),
            [
                str(_("Call")),
                str(_("Closed on")),
                str(_("Applications received")),
                str(_("Applicant organizations")),
                str(_("Prizes and mentions")),
                str(_("Amount awarded (MAD)")),
            ],
            [
                (
                    line.call.title,
                    timezone.localdate(line.call.closes_at, MOROCCO),
                    line.received,
                    line.organizations,
                    line.laureates if line.results_public else None,
                    line.amount_mad if line.results_public else None,
                )
                for line in impact.calls
            ],
        ),
    ]
