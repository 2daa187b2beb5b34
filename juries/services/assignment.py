"""Giving a jury's applications to its members: automatically (a plan previewed, then
applied) or by hand (one pair added or removed by an organizer).

The automatic plan comes from `juries.assignment.solve` (an optimal min-cost flow): every
application gets the jury's k jurors when caps and conflicts allow it, loads as even as
possible, expertise, region and language matches preferred, and as few changes as
possible to what is already assigned. What already exists is treated so:

- an assignment whose evaluation exists (started or submitted) always stays. It counts
  toward the application's k (and takes a place of the juror) when the juror can still
  finish it: an active member without a conflict of interest; a submitted evaluation also
  counts when its juror has left the jury. A draft of a juror who left, or of a juror who
  declared a conflict since, stays as a record but does not count: someone else is
  given the application;
- an assignment not started yet is removed when its juror left the jury (inactive), has
  a conflict of interest with it, or the application is no longer in the round's pool;
- an organizer's manual assignment not started yet stays as it is (it counts and takes
  a place);
- an automatic assignment not started yet stays unless moving it lets more applications
  get their jurors (the solver's second priority, above balance and matches).

Loading what the solver needs takes a constant number of queries, whatever the numbers
of jurors and applications; writing back uses `bulk_create`.

Refusals raise `AssignmentError` with a translated message for the organizer;
`PermissionDenied` when the actor may not manage the jury.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.enums import RoundKind
from calls.models import Round
from juries import assignment as solver
from juries.conflicts import conflict_of, conflicted_pairs
from juries.enums import AssignmentSource, ConflictSource, EvaluationStatus
from juries.models import Assignment, Evaluation, Jury, JuryMember
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import Application
from submissions.services import event_record

S = ApplicationStatus

# The applications a round's jury evaluates, by the round's kind: those the round decides
# on, and those it already moved on (so that deciding during the round takes nothing
# away from the jurors). Screening judges what was received (submitted, or already found
# eligible); the shortlist round chooses among the eligible; the final round among the
# shortlisted (finalists included).
POOL_STATUSES: dict[str, tuple[str, ...]] = {
    RoundKind.SCREENING: (S.SUBMITTED, S.ELIGIBLE),
    RoundKind.SHORTLIST: (S.ELIGIBLE, S.SHORTLISTED),
    RoundKind.FINAL: (S.SHORTLISTED, S.FINALIST),
}
# Ids per `IN (…)` list when writing back (SQLite allows a limited number of parameters).
BATCH = 900


class AssignmentError(Exception):
    """An assignment change the rules refuse; the message is translated, for the organizer."""


class Removal(StrEnum):
    """Why the plan takes an assignment back (stored in the history's `why`)."""

    INACTIVE = "inactive"
    CONFLICT = "conflict"
    OUT_OF_POOL = "out-of-pool"
    MOVED = "moved"


@dataclass(frozen=True)
class PlannedPair:
    member_id: int
    application_id: int
    expertise: bool
    region: bool
    language: bool


@dataclass(frozen=True)
class PlannedRemoval:
    assignment_id: int
    member_id: int
    application_id: int
    why: str  # a `Removal`


@dataclass(frozen=True)
class MemberLoad:
    member_id: int
    name: str
    is_active: bool
    cap: int
    before: int  # assignments the member has now
    added: int
    removed: int
    started: int  # of them, with an evaluation (they stay)

    @property
    def after(self) -> int:
        return self.before - self.removed + self.added


@dataclass(frozen=True)
class ShortApplication:
    application_id: int
    reference: str
    assigned: int
    missing: int
    reason: str  # a `juries.assignment.Shortfall`
    message: str


@dataclass
class AssignmentPlan:
    """What applying the automatic assignment would change, and how good it is."""

    jury_id: int
    k: int
    fingerprint: str  # of the data the plan was made from; `assignment_apply` compares it
    applications: int  # in the round's pool
    jurors: int  # active members
    additions: list[PlannedPair] = field(default_factory=list)
    removals: list[PlannedRemoval] = field(default_factory=list)
    loads: list[MemberLoad] = field(default_factory=list)
    short: list[ShortApplication] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what keeps it from being complete
    assignments: int = 0  # counted pairs of active members once applied
    expertise_share: float = 0.0  # of those, the share with an expertise match
    region_share: float = 0.0
    language_share: float = 0.0
    needed: int = 0  # places to fill beyond what stays
    capacity: int = 0  # free places of the active members
    objective: solver.Objective | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.additions or self.removals)

    @property
    def is_complete(self) -> bool:
        return not self.short


# --- loading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    pk: int
    user_id: int
    is_active: bool
    cap: int
    name: str
    sectors: list
    regions: list
    languages: list


@dataclass(frozen=True)
class _Inputs:
    jury_id: int
    k: int
    members: list[_Member]
    applications: list[tuple]  # (pk, reference, sector, region, language)
    assignments: list[tuple]  # (pk, member_id, application_id, source, evaluation status)
    conflicts: dict[tuple[int, int], str]  # (user id, application id) → reason

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for part in (
            self.k,
            [(m.pk, m.is_active, m.cap, m.sectors, m.regions, m.languages) for m in self.members],
            self.applications,
            self.assignments,
            sorted(self.conflicts),
        ):
            digest.update(repr(part).encode())
        return digest.hexdigest()[:32]


def pool_statuses(round_kind: str) -> tuple[str, ...]:
    """The statuses of the applications a round of this kind evaluates (its pool):

    - screening: submitted and eligible — what was received and not ruled out, so jurors
      can start while the organizers are still checking eligibility;
    - shortlist: eligible and shortlisted — the round picks the shortlist among the
      eligible, and one already picked stays with its jurors;
    - final: shortlisted and finalists, for the same reason.

    Withdrawn, ineligible, not selected and winning applications are in no pool: their
    assignments not started are taken back at the next automatic run."""
    return POOL_STATUSES.get(round_kind, (S.ELIGIBLE,))


def _load(jury: Jury) -> _Inputs:
    kind = Round.objects.values_list("kind", flat=True).get(pk=jury.round_id)
    members = [
        _Member(
            pk, user_id, active, cap, full_name or email, sectors or [], regions or [], langs or []
        )
        for pk, user_id, active, cap, full_name, email, sectors, regions, langs in (
            JuryMember.objects.filter(jury_id=jury.pk)
            .order_by("pk")
            .values_list(
                "pk",
                "user_id",
                "is_active",
                "max_assignments",
                "user__full_name",
                "user__email",
                "user__juror_profile__expertise_sectors",
                "user__juror_profile__regions",
                "user__juror_profile__languages",
            )
        )
    ]
    applications = list(
        Application.objects.filter(call_id=jury.call_id, status__in=pool_statuses(kind))
        .order_by("pk")
        .values_list(
            "pk", "reference", "organization__sector", "organization__region", "applicant__language"
        )
    )
    assignments = list(
        Assignment.objects.filter(jury_id=jury.pk)
        .order_by("pk")
        .values_list("pk", "member_id", "application_id", "source", "evaluation__status")
    )
    conflicts = conflicted_pairs(
        juror_ids=[member.user_id for member in members],
        application_ids=[row[0] for row in applications],
    )
    return _Inputs(
        jury_id=jury.pk,
        k=jury.jurors_per_application,
        members=members,
        applications=applications,
        assignments=assignments,
        conflicts=conflicts,
    )


# --- planning --------------------------------------------------------------------------


def _matches(inputs: _Inputs, jurors: list[_Member], pa: np.ndarray, pj: np.ndarray):
    features = []
    for column, attribute in ((2, "sectors"), (3, "regions"), (4, "languages")):
        features.append(
            solver.feature_matches(
                application_values=[row[column] for row in inputs.applications],
                juror_values=[getattr(juror, attribute) for juror in jurors],
                pair_applications=pa,
                pair_jurors=pj,
            )
        )
    return features


@dataclass
class _Existing:
    """The jury's assignments sorted out before solving."""

    fixed_a: list[int] = field(default_factory=list)  # stay and count (solver indices)
    fixed_j: list[int] = field(default_factory=list)
    current_a: list[int] = field(default_factory=list)  # automatic, not started: may move
    current_j: list[int] = field(default_factory=list)
    current_ids: list[int] = field(default_factory=list)
    removals: list[PlannedRemoval] = field(default_factory=list)
    before: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # per member
    started: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    outside_pool: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # per juror


def _removal_reason(*, in_pool: bool, active: bool, conflicted: bool) -> Removal | None:
    if not in_pool:
        return Removal.OUT_OF_POOL
    if not active:
        return Removal.INACTIVE
    if conflicted:
        return Removal.CONFLICT
    return None


def _existing(inputs: _Inputs, app_index: dict, juror_index: dict) -> _Existing:
    user_of = {member.pk: member.user_id for member in inputs.members}
    existing = _Existing()
    for pk, member_id, application_id, source, status in inputs.assignments:
        existing.before[member_id] += 1
        a, j = app_index.get(application_id), juror_index.get(member_id)
        conflicted = (user_of.get(member_id), application_id) in inputs.conflicts
        if status is not None:  # an evaluation exists: the assignment stays
            existing.started[member_id] += 1
            counts = not conflicted and (j is not None or status == EvaluationStatus.SUBMITTED)
            if a is None and j is not None:
                existing.outside_pool[j] += 1  # work done all the same
            elif a is not None and counts:
                existing.fixed_a.append(a)
                existing.fixed_j.append(solver.OUTSIDE if j is None else j)
            continue
        why = _removal_reason(in_pool=a is not None, active=j is not None, conflicted=conflicted)
        if why is not None:
            existing.removals.append(PlannedRemoval(pk, member_id, application_id, why))
        elif source == AssignmentSource.MANUAL:
            existing.fixed_a.append(a)
            existing.fixed_j.append(j)
        else:
            existing.current_a.append(a)
            existing.current_j.append(j)
            existing.current_ids.append(pk)
    return existing


def _plan(inputs: _Inputs, *, solve=solver.solve) -> AssignmentPlan:
    """The plan for `inputs`; `solve` is the optimal solver (another strategy with the same
    signature, such as the benchmark's greedy baseline, plans the same way)."""
    k = inputs.k
    app_index = {row[0]: a for a, row in enumerate(inputs.applications)}
    jurors = [member for member in inputs.members if member.is_active]
    juror_index = {member.pk: j for j, member in enumerate(jurors)}
    n, m = len(inputs.applications), len(jurors)
    existing = _existing(inputs, app_index, juror_index)
    removals = existing.removals

    # The pairs the solver may choose: every active juror × application, less conflicts
    # and fixed pairs (numpy masks over the n × m grid, no loop over pairs).
    allowed = np.ones((n, m), dtype=bool)
    juror_of_user = {member.user_id: j for j, member in enumerate(jurors)}
    conflict_cells = [
        (app_index[application_id], juror_of_user[user_id])
        for user_id, application_id in inputs.conflicts
        if application_id in app_index and user_id in juror_of_user
    ]
    if conflict_cells:
        rows, cols = zip(*conflict_cells, strict=True)
        allowed[list(rows), list(cols)] = False
    fa = np.asarray(existing.fixed_a, dtype=np.int64)
    fj = np.asarray(existing.fixed_j, dtype=np.int64)
    inside = fj != solver.OUTSIDE
    allowed[fa[inside], fj[inside]] = False
    pa, pj = np.nonzero(allowed)
    current_grid = np.zeros((n, m), dtype=bool)
    current_grid[
        np.asarray(existing.current_a, dtype=np.int64),
        np.asarray(existing.current_j, dtype=np.int64),
    ] = True
    expertise, region, language = _matches(inputs, jurors, pa, pj)

    caps = np.array(
        [member.cap - existing.outside_pool[j] for j, member in enumerate(jurors)], dtype=np.int64
    )
    solution = solve(
        n_applications=n,
        n_jurors=m,
        k=k,
        caps=np.clip(caps, 0, None),
        pair_applications=pa,
        pair_jurors=pj,
        pair_matches=solver.match_scores(expertise=expertise, region=region, language=language),
        pair_current=current_grid[pa, pj],
        fixed_applications=fa,
        fixed_jurors=fj,
    )

    chosen_grid = np.zeros((n, m), dtype=bool)
    chosen_grid[solution.applications, solution.jurors] = True
    for pk, a, j in zip(existing.current_ids, existing.current_a, existing.current_j, strict=True):
        if not chosen_grid[a, j]:
            removals.append(
                PlannedRemoval(pk, jurors[j].pk, inputs.applications[a][0], Removal.MOVED)
            )
    new = solution.chosen & ~current_grid[pa, pj]
    additions = [
        PlannedPair(jurors[j].pk, inputs.applications[a][0], bool(e), bool(r), bool(lang))
        for a, j, e, r, lang in zip(
            pa[new].tolist(),
            pj[new].tolist(),
            expertise[new].tolist(),
            region[new].tolist(),
            language[new].tolist(),
            strict=True,
        )
    ]

    added, removed = defaultdict(int), defaultdict(int)
    for pair in additions:
        added[pair.member_id] += 1
    for removal in removals:
        removed[removal.member_id] += 1
    loads = [
        MemberLoad(
            member_id=member.pk,
            name=member.name,
            is_active=member.is_active,
            cap=member.cap,
            before=existing.before[member.pk],
            added=added[member.pk],
            removed=removed[member.pk],
            started=existing.started[member.pk],
        )
        for member in inputs.members
    ]

    # Match shares over every counted pair of an active juror once applied.
    final_a = np.concatenate([solution.applications, fa[inside]])
    final_j = np.concatenate([solution.jurors, fj[inside]])
    final_e, final_r, final_l = _matches(inputs, jurors, final_a, final_j)
    total = int(final_a.size)

    plan = AssignmentPlan(
        jury_id=inputs.jury_id,
        k=k,
        fingerprint=inputs.fingerprint(),
        applications=n,
        jurors=m,
        additions=additions,
        removals=removals,
        loads=loads,
        assignments=total,
        expertise_share=float(final_e.mean()) if total else 0.0,
        region_share=float(final_r.mean()) if total else 0.0,
        language_share=float(final_l.mean()) if total else 0.0,
        needed=solution.needed,
        capacity=solution.capacity,
        objective=solution.objective,
    )
    plan.short = [
        ShortApplication(
            application_id=inputs.applications[item.application][0],
            reference=inputs.applications[item.application][1],
            assigned=item.assigned,
            missing=item.missing,
            reason=item.reason,
            message=_short_message(item, k=k, jurors=m),
        )
        for item in solution.short
    ]
    plan.problems = _problems(plan, solution)
    return plan


def _short_message(item: solver.Short, *, k: int, jurors: int) -> str:
    if item.reason == solver.Shortfall.TOO_FEW_JURORS:
        return ngettext(
            "The jury has %(jurors)s active member, fewer than the %(k)s jurors each "
            "application needs.",
            "The jury has %(jurors)s active members, fewer than the %(k)s jurors each "
            "application needs.",
            jurors,
        ) % {"jurors": jurors, "k": k}
    if item.reason == solver.Shortfall.CONFLICTS:
        return ngettext(
            "Only %(free)s juror has no conflict of interest with this application; it "
            "needs %(k)s.",
            "Only %(free)s jurors have no conflict of interest with this application; it "
            "needs %(k)s.",
            item.free_jurors,
        ) % {"free": item.free_jurors, "k": k}
    return _(
        "Every juror without a conflict of interest with this application has reached "
        "their maximum number of applications."
    )


def _problems(plan: AssignmentPlan, solution: solver.Solution) -> list[str]:
    problems = []
    if plan.applications and not plan.jurors:
        problems.append(_("The jury has no active member: nobody can be given an application."))
    elif plan.jurors < plan.k and plan.applications:
        problems.append(
            ngettext(
                "Each application needs %(k)s jurors but the jury has only %(jurors)s active "
                "member.",
                "Each application needs %(k)s jurors but the jury has only %(jurors)s active "
                "members.",
                plan.jurors,
            )
            % {"k": plan.k, "jurors": plan.jurors}
        )
    if solution.capacity_short:
        problems.append(
            _(
                "The jurors' maximums leave %(capacity)s places, fewer than the %(needed)s "
                "assignments needed (%(k)s jurors for each of %(applications)s applications, "
                "less those that stay). Raise some maximums or invite more jurors."
            )
            % {
                "capacity": solution.capacity,
                "needed": solution.needed,
                "k": plan.k,
                "applications": plan.applications,
            }
        )
    if plan.short:
        problems.append(
            ngettext(
                "%(count)s application would get fewer than %(k)s jurors.",
                "%(count)s applications would get fewer than %(k)s jurors.",
                len(plan.short),
            )
            % {"count": len(plan.short), "k": plan.k}
        )
    return problems


# --- the services ----------------------------------------------------------------------


def _require_manager(actor, jury: Jury) -> None:
    if actor is None or not actor.has_perm("juries.manage_jury", jury):
        raise PermissionDenied


def assignment_preview(*, jury: Jury, actor) -> AssignmentPlan:
    """The automatic assignment of the jury's pool, computed but not written."""
    _require_manager(actor, jury)
    return _plan(_load(jury))


def assignment_apply(*, jury: Jury, actor, plan: AssignmentPlan | None = None) -> AssignmentPlan:
    """Write the automatic assignment, atomically. With `plan` (the preview the organizer
    confirmed), refuse when anything it was made from changed since (members, caps,
    pool, assignments, evaluations started, conflicts): the organizer previews again.
    Returns the plan applied."""
    _require_manager(actor, jury)
    with transaction.atomic():
        Jury.objects.select_for_update().filter(pk=jury.pk).values_list("pk").first()
        inputs = _load(jury)
        current = _plan(inputs)
        if plan is not None and plan.fingerprint != current.fingerprint:
            raise AssignmentError(
                _(
                    "The jury, its applications, its assignments or the conflicts of interest "
                    "changed since this preview. Look at the new preview before confirming."
                )
            )
        _write(jury=jury, plan=current, inputs=inputs, actor=actor)
    return current


def _write(*, jury: Jury, plan: AssignmentPlan, inputs: _Inputs, actor) -> None:
    now = timezone.now()
    user_of = {member.pk: member.user_id for member in inputs.members}
    # Conflicts were loaded in this transaction; never write a conflicted pair.
    if any(
        (user_of[pair.member_id], pair.application_id) in inputs.conflicts
        for pair in plan.additions
    ):
        raise AssignmentError(_("A conflict of interest appeared: preview the assignment again."))

    taken_back: dict[int, list[PlannedRemoval]] = defaultdict(list)
    if plan.removals:
        ids = [removal.assignment_id for removal in plan.removals]
        free: set[int] = set()
        for start in range(0, len(ids), BATCH):
            # Lock the rows; an evaluation started meanwhile keeps its assignment.
            free.update(
                Assignment.objects.select_for_update(of=("self",))
                .filter(pk__in=ids[start : start + BATCH], evaluation__isnull=True)
                .values_list("pk", flat=True)
            )
        for removal in plan.removals:
            if removal.assignment_id in free:
                taken_back[removal.application_id].append(removal)
        free_ids = sorted(free)
        for start in range(0, len(free_ids), BATCH):
            Assignment.objects.filter(pk__in=free_ids[start : start + BATCH]).delete()

    Assignment.objects.bulk_create(
        [
            Assignment(
                jury_id=jury.pk,
                member_id=pair.member_id,
                application_id=pair.application_id,
                source=AssignmentSource.AUTOMATIC,
                created_by=actor,
                created_at=now,
            )
            for pair in plan.additions
        ],
        batch_size=BATCH // 6,
    )
    given: dict[int, list[int]] = defaultdict(list)
    for pair in plan.additions:
        given[pair.application_id].append(pair.member_id)
    for application_id in sorted(taken_back.keys() | given.keys()):
        application = Application(pk=application_id)
        if application_id in taken_back:
            removed = taken_back[application_id]
            event_record(
                application=application,
                kind=EventKind.UNASSIGNED,
                actor=actor,
                at=now,
                jury=jury.pk,
                source=AssignmentSource.AUTOMATIC,
                members=[removal.member_id for removal in removed],
                jurors=[user_of.get(removal.member_id) for removal in removed],
                why=[removal.why for removal in removed],
            )
        if application_id in given:
            members = given[application_id]
            event_record(
                application=application,
                kind=EventKind.ASSIGNED,
                actor=actor,
                at=now,
                jury=jury.pk,
                source=AssignmentSource.AUTOMATIC,
                members=members,
                jurors=[user_of[member_id] for member_id in members],
            )


def assignment_add(
    *, jury: Jury, member: JuryMember, application: Application, actor
) -> Assignment:
    """An organizer gives `application` to `member` by hand. Refused for a juror with a
    conflict of interest, a member who left the jury or is at their maximum, an
    application outside the round's pool, or a pair that already exists."""
    _require_manager(actor, jury)
    with transaction.atomic():
        Jury.objects.select_for_update().filter(pk=jury.pk).values_list("pk").first()
        member = JuryMember.objects.select_related("user").get(pk=member.pk)
        name = str(member.user)
        if member.jury_id != jury.pk:
            raise AssignmentError(_("%(juror)s is not a member of this jury.") % {"juror": name})
        if not member.is_active:
            raise AssignmentError(
                _("%(juror)s no longer sits on this jury: they cannot be given applications.")
                % {"juror": name}
            )
        kind = Round.objects.values_list("kind", flat=True).get(pk=jury.round_id)
        application = Application.objects.get(pk=application.pk)
        if application.call_id != jury.call_id or application.status not in pool_statuses(kind):
            raise AssignmentError(
                _("%(reference)s is not among the applications this round evaluates.")
                % {"reference": application.reference or application.pk}
            )
        if Assignment.objects.filter(member=member, application=application).exists():
            raise AssignmentError(
                _("%(juror)s already has %(reference)s.")
                % {"juror": name, "reference": application.reference}
            )
        reason = conflict_of(juror=member.user, application=application)
        if reason is not None:
            raise AssignmentError(
                _(
                    "%(juror)s has a conflict of interest with %(reference)s (%(reason)s): "
                    "they may not evaluate it."
                )
                % {
                    "juror": name,
                    "reference": application.reference,
                    "reason": ConflictSource(reason).label,
                }
            )
        load = Assignment.objects.filter(member=member).count()
        if load >= member.max_assignments:
            raise AssignmentError(
                ngettext(
                    "%(juror)s already has %(count)s application, their maximum. Raise it "
                    "before giving them another.",
                    "%(juror)s already has %(count)s applications, their maximum. Raise it "
                    "before giving them another.",
                    load,
                )
                % {"juror": name, "count": load}
            )
        assignment = Assignment.objects.create(
            jury=jury,
            member=member,
            application=application,
            source=AssignmentSource.MANUAL,
            created_by=actor,
        )
        event_record(
            application=application,
            kind=EventKind.ASSIGNED,
            actor=actor,
            at=assignment.created_at,
            jury=jury.pk,
            source=AssignmentSource.MANUAL,
            members=[member.pk],
            jurors=[member.user_id],
        )
    return assignment


def assignment_remove(*, assignment: Assignment, actor) -> None:
    """An organizer takes an application back from a juror. Refused once the juror has
    submitted their evaluation; a draft evaluation goes with the assignment (the history
    says so)."""
    jury = Jury.objects.get(pk=assignment.jury_id)
    _require_manager(actor, jury)
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update()
            .select_related("member__user", "application")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None:
            return
        status = (
            Evaluation.objects.filter(assignment_id=locked.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status == EvaluationStatus.SUBMITTED:
            raise AssignmentError(
                _(
                    "%(juror)s has submitted their evaluation of %(reference)s: the "
                    "assignment stays."
                )
                % {"juror": str(locked.member.user), "reference": locked.application.reference}
            )
        event_record(
            application=locked.application,
            kind=EventKind.UNASSIGNED,
            actor=actor,
            jury=jury.pk,
            source=AssignmentSource.MANUAL,
            members=[locked.member_id],
            jurors=[locked.member.user_id],
            draft_discarded=status is not None,
        )
        locked.delete()
