"""Every change to an evaluation and to a juror's conflicts of interest.

A juror starts an evaluation of an assigned application, saves it as often as they like
(autosave), then submits it, which locks it; only an organizer reopens it, with a
reason. Each save carries the version the juror's page was showing: a tab holding an
older version is refused (`StaleEvaluation`), never allowed to overwrite a newer save.
Declaring a conflict of interest removes the juror's access at once.

Keyword-only functions taking `actor=`; they re-check who may act, lock the evaluation
row, write the application's history (`submissions.services.event_record`) and raise
`EvaluationError` with a translated message the page shows.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from calls.models import Round
from juries.enums import EvaluationStatus
from juries.models import Assignment, ConflictDeclaration, Criterion, Evaluation, Jury, Score
from juries.services.panel import grid_is_valid
from notifications.services import absolute_url, email_enqueue
from submissions.enums import EventKind
from submissions.models import Application
from submissions.services import event_record


class EvaluationError(Exception):
    """A change the rules refuse; the message is translated, for the person acting."""


class StaleEvaluation(EvaluationError):
    """The evaluation changed since the page was loaded (another tab, another device)."""

    def __init__(self, evaluation: Evaluation):
        self.evaluation = evaluation
        super().__init__(
            _(
                "This evaluation was changed in another tab or on another device. "
                "What you typed here was not saved: reload the page to see the newer version."
            )
        )


class IncompleteEvaluation(EvaluationError):
    """Submitting with criteria not scored; `missing` names them."""

    def __init__(self, missing: list[Criterion]):
        self.missing = missing
        super().__init__(
            _("Score every criterion before submitting. Not scored yet: %(criteria)s.")
            % {"criteria": "; ".join(criterion.label for criterion in missing)}
        )


@dataclass(frozen=True)
class ScoreInput:
    """What the juror gave for one criterion: a value (None while undecided), a comment."""

    value: Decimal | None
    comment: str = ""


def deadline_passed(jury: Jury, now: datetime.datetime | None = None) -> bool:
    """Past the jury's deadline (the organizer extends it by moving the date)."""
    return jury.deadline is not None and (now or timezone.now()) > jury.deadline


def deadline_message(jury: Jury) -> str:
    return _(
        "The jury's deadline passed on %(date)s (Morocco time): evaluations can no longer "
        "be changed. Ask the organizers if you need more time."
    ) % {"date": date_format(timezone.localtime(jury.deadline), "DATETIME_FORMAT")}


def _require_evaluator(assignment: Assignment, actor: User) -> None:
    """The assignment's own juror, still an active member, with no conflict of interest
    (the `juries.evaluate_application` rule)."""
    member = assignment.member
    if (
        member.user_id != actor.pk
        or not member.is_active
        or not actor.has_perm("juries.evaluate_application", assignment.application)
    ):
        raise EvaluationError(_("This application is not assigned to you."))


def _require_before_deadline(jury: Jury, now: datetime.datetime) -> None:
    if deadline_passed(jury, now):
        raise EvaluationError(deadline_message(jury))


def _require_usable_grid(round_id: int, *, lock: bool = False) -> None:
    """Scores are given on a complete grid only (weights adding up to 100 %). With `lock`,
    the round's row is locked: the grid cannot change while a first submission freezes it."""
    rounds = Round.objects.select_for_update() if lock else Round.objects
    if not grid_is_valid(rounds.get(pk=round_id)):
        raise EvaluationError(
            _(
                "The scoring grid of this round is not ready yet: the organizers are "
                "finishing it. Your evaluation is kept."
            )
        )


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.status != EvaluationStatus.DRAFT:
        raise EvaluationError(
            _("This evaluation is submitted and locked. Only the organizers can reopen it.")
        )


def _require_version(evaluation: Evaluation, version: int) -> None:
    if version != evaluation.version:
        raise StaleEvaluation(evaluation)


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("assignment__jury__call", "assignment__member", "assignment__application")
        .get(pk=evaluation.pk)
    )


def _check_range(criterion: Criterion, value: Decimal | None) -> str | None:
    if value is None or criterion.min_score <= value <= criterion.max_score:
        return None
    return _("“%(criterion)s”: give a score from %(min)s to %(max)s.") % {
        "criterion": criterion.label,
        "min": criterion.min_score,
        "max": criterion.max_score,
    }


def _status_write(
    *,
    evaluation: Evaluation,
    to: str,
    actor: User,
    kind: str,
    now: datetime.datetime,
    reason: str = "",
) -> None:
    """The only place `Evaluation.status` is written (callers hold the row lock)."""
    previous = evaluation.status
    evaluation.status = to
    evaluation.submitted_at = now if to == EvaluationStatus.SUBMITTED else None
    evaluation.version += 1
    evaluation.updated_at = now
    evaluation.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    assignment = evaluation.assignment
    event_record(
        application=assignment.application,
        kind=kind,
        actor=actor,
        reason=reason,
        at=now,
        from_status=previous,
        to_status=to,
        evaluation=evaluation.pk,
        jury=assignment.jury_id,
        member=assignment.member_id,
    )


def evaluation_start(
    *, assignment: Assignment, actor: User, now: datetime.datetime | None = None
) -> Evaluation:
    """The juror's evaluation of the assignment, created (as a draft) on first use.

    Two tabs starting at once get the same evaluation (one per assignment).
    """
    now = now or timezone.now()
    assignment = Assignment.objects.select_related("jury", "member", "application").get(
        pk=assignment.pk
    )
    _require_evaluator(assignment, actor)
    existing = Evaluation.objects.filter(assignment=assignment).first()
    if existing:
        return existing
    _require_before_deadline(assignment.jury, now)
    try:
        with transaction.atomic():
            return Evaluation.objects.create(assignment=assignment, started_at=now, updated_at=now)
    except IntegrityError:
        return Evaluation.objects.get(assignment=assignment)


@transaction.atomic
def evaluation_save(
    *,
    evaluation: Evaluation,
    actor: User,
    version: int,
    scores: Mapping[int, ScoreInput],
    overall_comment: str | None,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """Keep the juror's draft: the scores given so far (a value may stay empty), the
    comments. Criteria left out of `scores`, and the overall comment when None, stay as
    stored (the page could not accept what was typed there). `version` is the one the
    juror's page shows: an older one is refused, so a stale tab never overwrites a newer
    save. Saving what is already stored changes nothing and is accepted whatever the
    version (nothing is overwritten)."""
    now = now or timezone.now()
    evaluation = _locked(evaluation)
    assignment = evaluation.assignment
    _require_evaluator(assignment, actor)
    _require_draft(evaluation)
    _require_before_deadline(assignment.jury, now)
    _require_usable_grid(assignment.jury.round_id)

    criteria = {c.pk: c for c in Criterion.objects.filter(round_id=assignment.jury.round_id)}
    given = {pk: score for pk, score in scores.items() if pk in criteria}
    problems = [
        problem
        for pk, score in given.items()
        if (problem := _check_range(criteria[pk], score.value)) is not None
    ]
    if problems:
        raise EvaluationError(" ".join(problems))

    stored = {score.criterion_id: score for score in evaluation.scores.all()}
    created, updated = [], []
    for pk, score in given.items():
        comment = score.comment.strip()
        current = stored.get(pk)
        if current is None:
            if score.value is not None or comment:
                created.append(
                    Score(
                        evaluation=evaluation, criterion_id=pk, value=score.value, comment=comment
                    )
                )
        elif current.value != score.value or current.comment != comment:
            current.value, current.comment = score.value, comment
            updated.append(current)
    overall_comment = (
        evaluation.overall_comment if overall_comment is None else overall_comment.strip()
    )
    if not created and not updated and overall_comment == evaluation.overall_comment:
        return evaluation
    _require_version(evaluation, version)

    Score.objects.bulk_create(created)
    Score.objects.bulk_update(updated, ["value", "comment"])
    evaluation.overall_comment = overall_comment
    evaluation.version += 1
    evaluation.updated_at = now
    evaluation.save(update_fields=["overall_comment", "version", "updated_at"])
    return evaluation


@transaction.atomic
def evaluation_submit(
    *,
    evaluation: Evaluation,
    actor: User,
    version: int,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """Submit the saved evaluation: every criterion of the round scored within its range.
    It is then locked; the application's history records it. Submitting again (a second
    tab, a double click) changes nothing."""
    now = now or timezone.now()
    evaluation = _locked(evaluation)
    assignment = evaluation.assignment
    _require_evaluator(assignment, actor)
    if evaluation.status == EvaluationStatus.SUBMITTED:
        return evaluation
    _require_before_deadline(assignment.jury, now)
    _require_version(evaluation, version)
    _require_usable_grid(assignment.jury.round_id, lock=True)

    criteria = list(Criterion.objects.filter(round_id=assignment.jury.round_id))
    if not criteria:
        raise EvaluationError(_("This round has no scoring grid yet: nothing can be submitted."))
    values = {score.criterion_id: score.value for score in evaluation.scores.all()}
    missing = [criterion for criterion in criteria if values.get(criterion.pk) is None]
    if missing:
        raise IncompleteEvaluation(missing)
    problems = [
        problem
        for criterion in criteria
        if (problem := _check_range(criterion, values[criterion.pk])) is not None
    ]
    if problems:
        raise EvaluationError(" ".join(problems))

    _status_write(
        evaluation=evaluation,
        to=EvaluationStatus.SUBMITTED,
        actor=actor,
        kind=EventKind.EVALUATION_SUBMITTED,
        now=now,
    )
    return evaluation


@transaction.atomic
def evaluation_reopen(
    *,
    evaluation: Evaluation,
    actor: User,
    reason: str,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """An organizer of the call gives a submitted evaluation back to its juror, saying why.

    The reason goes to the application's history and to the juror by e-mail. The juror can
    change it again before the jury's deadline (extend the deadline when it has passed).
    Reopening a draft changes nothing.
    """
    now = now or timezone.now()
    evaluation = _locked(evaluation)
    assignment = evaluation.assignment
    if not actor.has_perm("juries.manage_jury", assignment.jury):
        raise EvaluationError(_("Only the organizers of the call may reopen an evaluation."))
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("Say why the evaluation is reopened: the juror will read it."))
    if evaluation.status == EvaluationStatus.DRAFT:
        return evaluation
    _status_write(
        evaluation=evaluation,
        to=EvaluationStatus.DRAFT,
        actor=actor,
        kind=EventKind.EVALUATION_REOPENED,
        now=now,
        reason=reason,
    )
    _reopened_enqueue(assignment=assignment, reason=reason)
    return evaluation


def _reopened_enqueue(*, assignment: Assignment, reason: str) -> None:
    """Tell the juror; the message names the application by its reference only."""
    juror = assignment.member.user
    email_enqueue(
        to=juror.email,
        template="juries/email/evaluation_reopened",
        context={
            "reference": assignment.application.reference,
            "call_title": assignment.jury.call.title,
            "reason": reason,
            "deadline": assignment.jury.deadline,
            "url": absolute_url("jury:assignment", language=juror.language, pk=assignment.pk),
        },
        language=juror.language,
    )


@transaction.atomic
def conflict_declare(
    *,
    actor: User,
    application: Application | None = None,
    organization: Organization | None = None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> ConflictDeclaration:
    """The juror declares a conflict of interest with one application (one assigned to
    them) or with an organization. Their access to the applications concerned ends at
    once (drafts are kept, for the organizers to reassign); the history of each assigned
    application concerned records it. Declaring again changes nothing."""
    if (application is None) == (organization is None):
        raise ValueError("Declare a conflict with an application or an organization.")
    now = now or timezone.now()
    if not actor.has_perm("juries.open_workspace"):
        raise EvaluationError(_("Only jurors declare conflicts of interest here."))
    mine = Assignment.objects.filter(member__user=actor, member__is_active=True)
    if application is not None and not mine.filter(application=application).exists():
        raise EvaluationError(_("This application is not assigned to you."))
    declaration, created = ConflictDeclaration.objects.get_or_create(
        juror=actor,
        application=application,
        organization=organization,
        defaults={"reason": reason.strip()[:300], "declared_at": now},
    )
    if not created:
        return declaration
    if application is not None:
        concerned = mine.filter(application=application)
    else:
        concerned = mine.filter(application__organization=organization)
    for application_id in sorted(set(concerned.values_list("application_id", flat=True))):
        event_record(
            application=Application(pk=application_id),
            kind=EventKind.CONFLICT_DECLARED,
            actor=actor,
            reason=declaration.reason,
            at=now,
            declaration=declaration.pk,
            target="application" if application is not None else "organization",
        )
    return declaration


def score_text(value: Decimal | None) -> str:
    """A score as a juror reads it: 3, 3.5 (in the page's number format), or a dash."""
    if value is None:
        return "—"
    return number_format(
        value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    )
