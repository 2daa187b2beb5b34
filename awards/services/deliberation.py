"""From the ranking to decisions: promotion between rounds, the chair's order for ties
that survive every rule, decisions with their justification, and the lock that writes the
minutes and moves every application to its final status."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Outcome, PromotionRule
from awards.models import Decision, Deliberation, Promotion
from awards.scoreboard import Scoreboard, scoreboard
from awards.services.policy import policy_of
from awards.winners import Constraints, Entrant, Proposal, Slot, propose
from calls.enums import RoundKind
from calls.models import Call, PrizeCategory, Round
from juries.conflicts import conflicted_pairs
from juries.enums import EvaluationStatus
from juries.models import Jury
from submissions.enums import ApplicationStatus as S
from submissions.enums import EventKind
from submissions.models import Application
from submissions.services import application_transition, event_record

# The statuses of screened applications still in the running, which a decision may concern.
IN_THE_RUNNING = (S.ELIGIBLE, S.SHORTLISTED, S.FINALIST)
FINAL_STATUS = {
    Outcome.PRIZE: S.WINNER,
    Outcome.SPECIAL_MENTION: S.SPECIAL_MENTION,
    Outcome.NOT_SELECTED: S.NOT_SELECTED,
}
# Promotion moves an application on to the pool of the next round.
PROMOTED_STATUS = {RoundKind.SCREENING: S.SHORTLISTED, RoundKind.SHORTLIST: S.FINALIST}


class DeliberationError(Exception):
    """A decision the rules refuse; the message is translated and meant for the organizer."""


def deliberation_round(call: Call) -> Round | None:
    """The round the call deliberates on: the last one whose jury submitted evaluations
    (or, before any, the last one with a jury)."""
    juries = Jury.objects.filter(call=call).select_related("round")
    scored = juries.filter(assignments__evaluation__status=EvaluationStatus.SUBMITTED)
    jury = (scored.distinct() or juries).order_by("-round__position", "-round_id").first()
    return jury.round if jury else None


def deliberation_of(call: Call) -> Deliberation | None:
    """The call's deliberation, opened on the round to deliberate on the first time it is
    read; None while no round has a jury. Before locking it follows later rounds."""
    deliberation = Deliberation.objects.filter(call=call).select_related("round").first()
    round_ = deliberation.round if deliberation and deliberation.is_locked else None
    round_ = round_ or deliberation_round(call)
    if round_ is None:
        return deliberation
    if deliberation is None:
        deliberation, _created = Deliberation.objects.get_or_create(
            call=call, defaults={"round": round_}
        )
    elif deliberation.round_id != round_.pk and not deliberation.is_locked:
        deliberation.round = round_
        deliberation.chair_order = []
        deliberation.save(update_fields=["round", "chair_order"])
    return deliberation


def deliberation_scoreboard(deliberation: Deliberation) -> Scoreboard:
    return scoreboard(
        round_=deliberation.round,
        policy=policy_of(deliberation.call),
        chair_order=deliberation.chair_order,
    )


# --- the proposed winners -----------------------------------------------------------------


def _is_led_by(profile: dict, field: str) -> bool:
    members = profile.get("members_count") or 0
    return bool(members) and 2 * (profile.get(field) or 0) >= members


def winners_proposal(*, board: Scoreboard, call: Call) -> Proposal:
    """The best-ranked set of winners that satisfies the call's constraints, among the
    applications still in the running (not one withdrawn, ruled out or not screened yet)."""
    policy = board.policy
    entrants = [
        Entrant(
            application_id=entry.application.pk,
            organization_id=entry.application.organization_id,
            region=entry.application.submitted_profile.get("region", ""),
            women_led=_is_led_by(entry.application.submitted_profile, "women_members_count"),
            youth_led=_is_led_by(entry.application.submitted_profile, "youth_members_count"),
        )
        for entry in board.entries
        if entry.position is not None and entry.application.status in IN_THE_RUNNING
    ]
    slots = [
        Slot(category_id=category.pk, count=category.count)
        for category in call.prize_categories.order_by("rank", "pk")
    ]
    constraints = Constraints(
        max_per_region=policy.max_winners_per_region,
        min_women_led_share=policy.min_women_led_share,
        min_youth_led_share=policy.min_youth_led_share,
        one_prize_per_organization=policy.one_prize_per_organization,
    )
    return propose(entrants, slots, constraints)


# --- promotion ------------------------------------------------------------------------------


@transaction.atomic
def round_promote(
    *,
    round_: Round,
    rule: str,
    value: Decimal,
    actor,
    now: datetime.datetime | None = None,
) -> Promotion:
    """Move the best of a round on to the next: the top `value` of the ranking, or every
    application whose mean reaches `value` (out of 100). Done once per round."""
    if round_.kind not in PROMOTED_STATUS:
        raise DeliberationError(_("The final round has no next round to move applications to."))
    if Promotion.objects.filter(from_round=round_).exists():
        raise DeliberationError(_("This round's applications have already been moved on."))
    if value <= 0:
        raise DeliberationError(_("Give a number of applications or a score above zero."))
    board = scoreboard(round_=round_, policy=policy_of(round_.call))
    ranked = [entry for entry in board.entries if entry.position is not None]
    if rule == PromotionRule.TOP:
        chosen = [entry for entry in ranked if entry.position <= int(value)]
    else:
        mean = "normalized_mean" if board.policy.rank_by == "normalized" else None
        chosen = [
            entry
            for entry in ranked
            if (getattr(entry, mean) if mean else entry.summary.mean) >= float(value)
        ]
    now = now or timezone.now()
    target = PROMOTED_STATUS[round_.kind]
    promoted = []
    for entry in chosen:
        application = entry.application
        if application.status not in IN_THE_RUNNING:
            continue  # not screened yet (eligibility comes first), ruled out or withdrawn
        if application.status == S.ELIGIBLE and target == S.FINALIST:
            # A call without a screening round: shortlisted on the way to the final.
            application_transition(application=application, to=S.SHORTLISTED, actor=actor, now=now)
        application_transition(application=application, to=target, actor=actor, now=now)
        event_record(application=application, kind=EventKind.PROMOTED, actor=actor, at=now)
        promoted.append(application.pk)
    return Promotion.objects.create(
        from_round=round_,
        rule=rule,
        value=value,
        promoted=promoted,
        not_promoted=[e.application.pk for e in board.entries if e.application.pk not in promoted],
        promoted_by=actor,
        promoted_at=now,
    )


# --- decisions ------------------------------------------------------------------------------


def _require_open(deliberation: Deliberation) -> None:
    if deliberation.is_locked:
        raise DeliberationError(_("The deliberation is locked: its decisions are final."))


@transaction.atomic
def chair_order_save(*, deliberation: Deliberation, application_ids: list[int], actor) -> None:
    """The chair's order for applications still tied after every rule."""
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    _require_open(deliberation)
    deliberation.chair_order = [int(pk) for pk in application_ids]
    deliberation.save(update_fields=["chair_order"])


def conflicted_for(*, actor, call: Call, application_ids) -> set[int]:
    """The applications `actor` may not decide on: a chair bound by a conflict of
    interest with them (declared, or the same private e-mail domain), as when scoring.
    Their decisions are the organizers', who have no such bar."""
    if actor.has_perm("calls.manage_call", call):
        return set()
    pairs = conflicted_pairs(juror_ids=[actor.pk], application_ids=application_ids)
    return {application_id for _juror_id, application_id in pairs}


@transaction.atomic
def decision_record(
    *,
    deliberation: Deliberation,
    application: Application,
    outcome: str,
    justification: str,
    actor,
    prize_category: PrizeCategory | None = None,
    public_summary: str = "",
    follows_proposal: bool = True,
    now: datetime.datetime | None = None,
) -> Decision:
    """Record (or change) the decision on one application, while the deliberation is open."""
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    _require_open(deliberation)
    application = Application.objects.get(pk=application.pk, call_id=deliberation.call_id)
    if conflicted_for(actor=actor, call=deliberation.call, application_ids=[application.pk]):
        raise DeliberationError(
            _(
                "You have a conflict of interest with “%(reference)s”: its decision is left "
                "to the organizers."
            )
            % {"reference": application.reference}
        )
    if application.status == S.SUBMITTED:
        raise DeliberationError(
            _("“%(reference)s” is not screened yet: check its eligibility first.")
            % {"reference": application.reference}
        )
    if application.status not in IN_THE_RUNNING:
        raise DeliberationError(
            _("“%(reference)s” is %(status)s: it cannot receive a decision.")
            % {"reference": application.reference, "status": application.get_status_display()}
        )
    justification = justification.strip()
    if not justification:
        raise DeliberationError(_("Say why: every decision needs a justification."))
    if outcome == Outcome.PRIZE:
        _require_prize_available(deliberation, application, prize_category)
    else:
        prize_category = None
    now = now or timezone.now()
    decision, _created = Decision.objects.update_or_create(
        application=application,
        defaults={
            "deliberation": deliberation,
            "outcome": outcome,
            "prize_category": prize_category,
            "amount_mad": prize_category.amount_mad if prize_category else 0,
            "justification": justification,
            "public_summary": public_summary.strip(),
            "follows_proposal": follows_proposal,
            "decided_by": actor,
            "decided_at": now,
        },
    )
    event_record(
        application=application,
        kind=EventKind.DECISION_RECORDED,
        actor=actor,
        reason=justification,
        at=now,
        outcome=outcome,
        prize_category=prize_category.pk if prize_category else None,
    )
    return decision


def _standing(decisions):
    """Decisions on applications still in the running: one withdrawn since has none."""
    return decisions.filter(application__status__in=IN_THE_RUNNING)


def _require_prize_available(
    deliberation: Deliberation, application: Application, category: PrizeCategory | None
) -> None:
    if category is None or category.call_id != deliberation.call_id:
        raise DeliberationError(_("Choose one of the call's prizes."))
    given = (
        _standing(Decision.objects.filter(deliberation=deliberation, prize_category=category))
        .exclude(application=application)
        .count()
    )
    if given >= category.count:
        raise DeliberationError(
            _("All the “%(prize)s” prizes are given: change another decision first.")
            % {"prize": category.label}
        )


@transaction.atomic
def proposal_accept(
    *, deliberation: Deliberation, justification: str, actor, now=None
) -> list[Decision]:
    """Record the proposed winners as decisions, and every other ranked application not
    decided yet as not selected, with the same justification. A chair's conflicts of
    interest are passed over: those decisions stay the organizers'."""
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    _require_open(deliberation)
    board = deliberation_scoreboard(deliberation)
    proposal = winners_proposal(board=board, call=deliberation.call)
    categories = {c.pk: c for c in deliberation.call.prize_categories.all()}
    barred = conflicted_for(
        actor=actor,
        call=deliberation.call,
        application_ids=[entry.application.pk for entry in board.entries],
    )
    awarded = {pk: category for pk, category in proposal.awards if pk not in barred}
    # Clear earlier prize decisions the proposal does not confirm (another application, or
    # the same one with another prize) so the proposal's categories are free to give.
    given = Decision.objects.filter(deliberation=deliberation, outcome=Outcome.PRIZE)
    Decision.objects.filter(
        pk__in=[
            pk
            for pk, application_id, category_id in given.values_list(
                "pk", "application_id", "prize_category_id"
            )
            if awarded.get(application_id) != category_id and application_id not in barred
        ]
    ).delete()
    decided = set(
        Decision.objects.filter(deliberation=deliberation).values_list("application_id", flat=True)
    )
    decisions = []
    for entry in board.entries:
        application = entry.application
        if application.status not in IN_THE_RUNNING or application.pk in barred:
            continue
        if application.pk in awarded:
            decisions.append(
                decision_record(
                    deliberation=deliberation,
                    application=application,
                    outcome=Outcome.PRIZE,
                    prize_category=categories[awarded[application.pk]],
                    justification=justification,
                    actor=actor,
                    now=now,
                )
            )
        elif application.pk not in decided:
            decisions.append(
                decision_record(
                    deliberation=deliberation,
                    application=application,
                    outcome=Outcome.NOT_SELECTED,
                    justification=justification,
                    actor=actor,
                    now=now,
                )
            )
    return decisions


def undecided(deliberation: Deliberation) -> list[Application]:
    """Applications in the running in the deliberated round with no decision yet."""
    board = deliberation_scoreboard(deliberation)
    decided = set(deliberation.decisions.values_list("application_id", flat=True))
    return [
        entry.application
        for entry in board.entries
        if entry.application.status in IN_THE_RUNNING and entry.application.pk not in decided
    ]


# --- locking --------------------------------------------------------------------------------


@transaction.atomic
def deliberation_lock(
    *, deliberation: Deliberation, actor, now: datetime.datetime | None = None
) -> Deliberation:
    """Make the decisions final: write the minutes (the ranking as it stood, who decided
    what and when) and give every application of the call still in the running its final
    status — decided ones theirs, the others (not promoted, never ranked) not selected.
    Applicants learn it only when the results are published."""
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    _require_open(deliberation)
    missing = undecided(deliberation)
    if missing:
        raise DeliberationError(
            _("%(count)s application(s) still have no decision, for example %(reference)s.")
            % {"count": len(missing), "reference": missing[0].reference}
        )
    if not _standing(deliberation.decisions.exclude(outcome=Outcome.NOT_SELECTED)).exists():
        raise DeliberationError(_("No prize or special mention is decided yet."))
    # A decision on an application withdrawn since is void: its prize was given again.
    deliberation.decisions.exclude(application__status__in=IN_THE_RUNNING).delete()
    now = now or timezone.now()
    board = deliberation_scoreboard(deliberation)
    deliberation.minutes = minutes_snapshot(deliberation=deliberation, board=board, now=now)
    deliberation.locked_at = now
    deliberation.locked_by = actor
    deliberation.save(update_fields=["minutes", "locked_at", "locked_by"])
    outcomes = dict(deliberation.decisions.values_list("application_id", "outcome"))
    remaining = Application.objects.filter(call_id=deliberation.call_id, status__in=IN_THE_RUNNING)
    for application in remaining.order_by("pk"):
        target = FINAL_STATUS[outcomes.get(application.pk, Outcome.NOT_SELECTED)]
        application_transition(
            application=application,
            to=target,
            actor=actor,
            reason=_("Deliberation locked"),
            now=now,
        )
    return deliberation


def minutes_snapshot(*, deliberation: Deliberation, board: Scoreboard, now) -> dict:
    """What the minutes record, as plain data: it never changes after locking."""
    decisions = {
        d.application_id: d
        for d in deliberation.decisions.select_related("prize_category", "decided_by")
    }
    members = []
    if board.jury:
        members = [
            {"name": m.user.full_name or m.user.email, "role": m.role}
            for m in board.jury.members.filter(
                Q(is_active=True) | Q(assignments__evaluation__status=EvaluationStatus.SUBMITTED)
            )
            .distinct()
            .select_related("user")
        ]
    rows = []
    for entry in board.entries:
        decision = decisions.get(entry.application.pk)
        rows.append(
            {
                "application": entry.application.pk,
                "reference": entry.application.reference,
                "organization": entry.application.submitted_profile.get("name", ""),
                "region": entry.application.submitted_profile.get("region", ""),
                "position": entry.position,
                "tied": bool(entry.row and entry.row.tied),
                "decided_by_rule": entry.row.decided_by if entry.row else None,
                "raw_mean": entry.summary.mean,
                "normalized_mean": entry.normalized_mean,
                "median": entry.summary.median,
                "spread": entry.summary.spread,
                "evaluations": entry.summary.count,
                "flagged": entry.flagged,
                "outcome": decision.outcome if decision else None,
                "prize_category": decision.prize_category_id if decision else None,
                "prize_label": decision.prize_category.label
                if decision and decision.prize_category
                else "",
                "amount_mad": decision.amount_mad if decision else 0,
                "justification": decision.justification if decision else "",
                "decided_by": _name(decision.decided_by) if decision else "",
                "decided_at": decision.decided_at.isoformat() if decision else None,
                "follows_proposal": decision.follows_proposal if decision else True,
            }
        )
    return {
        "round": deliberation.round_id,
        "round_kind": deliberation.round.kind,
        "rank_by": board.policy.rank_by,
        "tie_breaks": list(board.policy.tie_breaks),
        "chair_order": list(deliberation.chair_order),
        "alpha": board.agreement.alpha,
        "jurors": members,
        "rows": rows,
        "locked_at": now.isoformat(),
    }


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""
