"""Reads of the organizers' jury pages: a call's rounds and their juries, a jury's
members and invitations, a round's grid, the jury's progress, the candidates of manual
assignment. Everything is found through the call (`call_for_organizer`), so another
organizer's jury, member, criterion or application is a 404 like a missing one.

Query counts do not grow with the numbers of jurors or applications."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from calls.models import Call, Round
from juries.conflicts import conflicted_pairs, declared_conflict
from juries.enums import ConflictSource, EvaluationStatus
from juries.models import (
    Assignment,
    Criterion,
    Evaluation,
    Jury,
    JuryInvitation,
    JuryMember,
)
from juries.services.assignment import pool_statuses
from juries.services.panel import late_since
from submissions.models import Application

SUBMITTED = Q(evaluation__status=EvaluationStatus.SUBMITTED)
IN_PROGRESS = Q(evaluation__status=EvaluationStatus.DRAFT)


# --- rounds and juries ----------------------------------------------------------------


def _per_round(queryset, round_path: str, total=None):
    """A subquery annotating each round with `total` (default: the number of rows) of
    `queryset`, whose rows point to the round through `round_path`."""
    rows = (
        queryset.filter(**{round_path: OuterRef("pk")})
        .order_by()
        .values(round_path)
        .annotate(total=total or Count("pk"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def rounds_with_juries(*, call: Call) -> list[Round]:
    """The call's rounds in order, each with its jury (`round.jury_or_none`) and the
    sizes the home page shows: `criteria_count`, `weight_total`, `member_count`,
    `pending_invitations`, `assignment_count`. One query."""
    rounds = list(
        call.rounds.select_related("jury")
        .annotate(
            criteria_count=_per_round(Criterion.objects.all(), "round"),
            weight_total=_per_round(Criterion.objects.all(), "round", Sum("weight")),
            member_count=_per_round(JuryMember.objects.filter(is_active=True), "jury__round"),
            pending_invitations=_per_round(
                JuryInvitation.objects.filter(accepted_at__isnull=True, declined_at__isnull=True),
                "jury__round",
            ),
            assignment_count=_per_round(Assignment.objects.all(), "jury__round"),
        )
        .order_by("position", "pk")
    )
    for round_ in rounds:
        round_.jury_or_none = round_.jury if _has_jury(round_) else None
    return rounds


def _has_jury(round_: Round) -> bool:
    try:
        round_.jury  # noqa: B018 — a reverse one-to-one raises when missing
    except Jury.DoesNotExist:
        return False
    return True


def round_of_call(*, call: Call, pk) -> Round:
    return get_object_or_404(call.rounds.all(), pk=pk)


def jury_of_call(*, call: Call, round_pk) -> Jury:
    """The jury of one of the call's rounds; 404 when the round has none yet."""
    return get_object_or_404(
        Jury.objects.filter(call=call).select_related("round", "call"), round_id=round_pk
    )


def member_of_jury(*, jury: Jury, pk) -> JuryMember:
    return get_object_or_404(jury.members.select_related("user"), pk=pk)


def invitation_of_jury(*, jury: Jury, pk) -> JuryInvitation:
    return get_object_or_404(jury.invitations.all(), pk=pk)


def criterion_of_round(*, round_: Round, pk) -> Criterion:
    return get_object_or_404(Criterion.objects.filter(round=round_), pk=pk)


def grid_criteria(*, round_: Round) -> list[Criterion]:
    return list(Criterion.objects.filter(round=round_).order_by("position", "pk"))


# --- members --------------------------------------------------------------------------


def members_with_load(*, jury: Jury) -> QuerySet[JuryMember]:
    """The jury's members (chair first, then by name) with their user and profile, and
    `assigned` (their load), `conflicted` (assignments they declared a conflict with
    since: to give to someone else), `submitted` and `in_progress` (of the others)
    counts. One query."""
    conflicted = declared_conflict(
        "user_id", "assignments__application_id", "assignments__application__organization_id"
    )
    return (
        jury.members.select_related("user", "user__juror_profile")
        .annotate(
            assigned=Count("assignments"),
            conflicted=Count("assignments", filter=conflicted),
            submitted=Count(
                "assignments",
                filter=Q(assignments__evaluation__status=EvaluationStatus.SUBMITTED) & ~conflicted,
            ),
            in_progress=Count(
                "assignments",
                filter=Q(assignments__evaluation__status=EvaluationStatus.DRAFT) & ~conflicted,
            ),
        )
        # Active members first, the chair first among them ("chair" < "member").
        .order_by("-is_active", "role", "user__full_name", "user__email")
    )


def pending_invitations(*, jury: Jury) -> QuerySet[JuryInvitation]:
    return jury.invitations.filter(accepted_at__isnull=True).order_by("-created_at")


# --- progress -------------------------------------------------------------------------


@dataclass
class JurorProgress:
    """`assigned` counts what the juror may still evaluate; `conflicted`, what they
    declared a conflict of interest with since it was given to them (to reassign)."""

    member: JuryMember
    assigned: int
    in_progress: int
    submitted: int
    is_late: bool
    conflicted: int = 0

    @property
    def todo(self) -> int:
        return self.assigned - self.in_progress - self.submitted

    @property
    def unfinished(self) -> int:
        return self.assigned - self.submitted

    @property
    def to_reassign(self) -> int:
        """What another juror must take: what they declared a conflict with and, once
        removed from the jury, what they had not finished."""
        return self.conflicted + (0 if self.member.is_active else self.unfinished)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


@dataclass
class ApplicationProgress:
    """`assigned` counts the jurors who may evaluate it; `conflicted`, those who declared
    a conflict of interest with it since (their places are to fill again)."""

    application: Application
    assigned: int
    received: int
    expected: int
    is_late: bool
    conflicted: int = 0

    @property
    def is_short(self) -> bool:
        return self.assigned < self.expected


@dataclass
class JuryProgress:
    jurors: list[JurorProgress]
    applications: list[ApplicationProgress]
    deadline: datetime.datetime | None
    is_late: bool
    assigned: int
    submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0

    @property
    def late_jurors(self) -> int:
        return sum(1 for row in self.jurors if row.is_late)


def jury_progress(*, jury: Jury, now: datetime.datetime | None = None) -> JuryProgress:
    """Per juror (assigned, in progress, submitted) and per application (evaluations
    received / expected), with late rows marked: unfinished work after the deadline or
    within 48 hours of it. An assignment whose juror declared a conflict of interest with
    the application (or its organization) since counts for neither: it is shown as to
    reassign. Two queries, whatever the numbers."""
    now = now or timezone.now()
    late_period = late_since(jury.deadline, now)
    jurors = []
    for member in members_with_load(jury=jury):
        assigned = member.assigned - member.conflicted
        jurors.append(
            JurorProgress(
                member=member,
                assigned=assigned,
                in_progress=member.in_progress,
                submitted=member.submitted,
                is_late=late_period and member.is_active and member.submitted < assigned,
                conflicted=member.conflicted,
            )
        )
    conflicted = declared_conflict("assignments__member__user_id", "pk", "organization_id")
    applications = [
        ApplicationProgress(
            application=application,
            assigned=application.assigned - application.conflicted,
            received=application.received,
            expected=jury.jurors_per_application,
            is_late=late_period
            and application.received < application.assigned - application.conflicted,
            conflicted=application.conflicted,
        )
        for application in Application.objects.filter(assignments__jury=jury)
        .annotate(
            assigned=Count("assignments"),
            conflicted=Count("assignments", filter=conflicted),
            received=Count(
                "assignments",
                filter=Q(assignments__evaluation__status=EvaluationStatus.SUBMITTED) & ~conflicted,
            ),
        )
        .order_by("reference_number", "pk")
    ]
    assigned = sum(row.assigned for row in jurors)
    submitted = sum(row.submitted for row in jurors)
    return JuryProgress(
        jurors=jurors,
        applications=applications,
        deadline=jury.deadline,
        is_late=late_period and submitted < assigned,
        assigned=assigned,
        submitted=submitted,
    )


# --- manual assignment ----------------------------------------------------------------


def round_applications(*, jury: Jury) -> QuerySet[Application]:
    """The applications of the jury's round (its pool, `juries.services.assignment`),
    and any already assigned in it."""
    return (
        Application.objects.filter(call_id=jury.call_id)
        .filter(Q(status__in=pool_statuses(jury.round.kind)) | Q(assignments__jury=jury))
        .distinct()
        .select_related("organization")
        .order_by("reference_number", "pk")
    )


def application_of_jury(*, jury: Jury, pk) -> Application:
    """One of the applications of the jury's round; 404 for any other."""
    return get_object_or_404(round_applications(jury=jury), pk=pk)


@dataclass
class Candidate:
    """A juror or an application offered for manual assignment, with why it cannot be
    chosen (a conflict of interest, a removed juror), if so."""

    item: object
    load: int
    conflict: str = ""
    blocked: str = ""

    @property
    def available(self) -> bool:
        return not (self.conflict or self.blocked)


def application_assignments(*, jury: Jury, application: Application) -> list[Assignment]:
    return list(
        Assignment.objects.filter(jury=jury, application=application)
        .select_related("member__user", "evaluation")
        .order_by("member__user__full_name", "pk")
    )


def jurors_for_application(*, jury: Jury, application: Application) -> list[Candidate]:
    """The jury's active members not yet assigned this application, each with their
    load and a conflict of interest if any. Five queries."""
    assigned = Assignment.objects.filter(jury=jury, application=application).values("member_id")
    members = list(
        members_with_load(jury=jury).filter(is_active=True).exclude(pk__in=Subquery(assigned))
    )
    conflicts = conflicted_pairs(
        juror_ids=[member.user_id for member in members], application_ids=[application.pk]
    )
    return [
        Candidate(
            item=member,
            load=member.assigned,
            conflict=str(ConflictSource(conflicts[(member.user_id, application.pk)]).label)
            if (member.user_id, application.pk) in conflicts
            else "",
        )
        for member in members
    ]


def member_assignments(*, jury: Jury, member: JuryMember) -> list[Assignment]:
    return list(
        Assignment.objects.filter(jury=jury, member=member)
        .select_related("application", "evaluation")
        .order_by("application__reference_number", "pk")
    )


def applications_for_member(*, jury: Jury, member: JuryMember) -> list[Candidate]:
    """The round's applications not yet given to `member`, each with how many jurors
    it has and a conflict of interest if any. Five queries."""
    applications = list(
        round_applications(jury=jury)
        .exclude(assignments__member=member)
        .annotate(juror_count=Count("assignments", filter=Q(assignments__jury=jury), distinct=True))
    )
    conflicts = conflicted_pairs(
        juror_ids=[member.user_id], application_ids=[app.pk for app in applications]
    )
    return [
        Candidate(
            item=application,
            load=application.juror_count,
            conflict=str(ConflictSource(conflicts[(member.user_id, application.pk)]).label)
            if (member.user_id, application.pk) in conflicts
            else "",
        )
        for application in applications
    ]


def assignment_of_jury(*, jury: Jury, pk) -> Assignment:
    return get_object_or_404(Assignment.objects.filter(jury=jury), pk=pk)


def evaluation_of_jury(*, jury: Jury, pk):
    """A submitted evaluation of the jury, for the organizer's reopen action."""
    return get_object_or_404(
        Evaluation.objects.filter(assignment__jury=jury).select_related(
            "assignment__member__user", "assignment__application"
        ),
        pk=pk,
    )
