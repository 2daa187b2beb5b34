"""From the ranking to final decisions: the round deliberated on, promotion to the next
round, decisions and what they refuse, the proposed winners recorded as decisions, the lock
that writes the minutes and the final statuses, and the ranking rules fixed once the call
opens."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.enums import Outcome, PromotionRule, RankBy, TieBreak
from awards.models import Decision, Deliberation, Promotion, RankingPolicy
from awards.services.deliberation import (
    DeliberationError,
    chair_order_save,
    decision_record,
    deliberation_lock,
    deliberation_of,
    deliberation_scoreboard,
    proposal_accept,
    round_promote,
    undecided,
    winners_proposal,
)
from awards.services.policy import PolicyError, policy_is_editable, policy_of, policy_save
from awards.services.publication import results_publish
from calls.enums import RoundKind
from submissions import services as submissions
from submissions.enums import UNDER_REVIEW, EventKind
from submissions.enums import ApplicationStatus as S
from submissions.models import ApplicationEvent
from submissions.selectors import status_for_applicant
from tests.awards.conftest import (
    add_application,
    add_round,
    build_scene,
    grade,
    scored_scene,
)
from tests.factories import CallFactory, PrizeCategoryFactory

pytestmark = pytest.mark.django_db

WHY = "Le jury salue la solidité du projet."


def status(application):
    application.refresh_from_db()
    return application.status


def decide(scene, application, outcome, prize=None, *, actor=None, justification=WHY):
    return decision_record(
        deliberation=deliberation_of(scene.call),
        application=application,
        outcome=outcome,
        prize_category=prize,
        justification=justification,
        actor=actor or scene.organizer,
    )


def decide_all(scene):
    """A the first prize, B a special mention, C and D not selected."""
    a, b, c, d = scene.applications[:4]
    decide(scene, a, Outcome.PRIZE, scene.prizes[0])
    decide(scene, b, Outcome.SPECIAL_MENTION)
    decide(scene, c, Outcome.NOT_SELECTED)
    decide(scene, d, Outcome.NOT_SELECTED)


def events(application, kind):
    return list(ApplicationEvent.objects.filter(application=application, kind=kind))


# --- the round deliberated on ---------------------------------------------------------------------


def test_a_call_without_any_jury_has_no_deliberation():
    call = CallFactory()

    assert deliberation_of(call) is None
    assert not Deliberation.objects.exists()


def test_the_deliberation_follows_the_last_round_with_submitted_evaluations(scene):
    deliberation = deliberation_of(scene.call)
    assert deliberation.round == scene.round

    later = add_round(scene, kind=RoundKind.SHORTLIST, position=2)
    a = scene.applications[0]
    grade(later, later.members[0], a, 9, 9, submit=False)  # a draft: nothing submitted there

    assert deliberation_of(scene.call).round == scene.round

    chair_order_save(deliberation=deliberation, application_ids=[a.pk], actor=scene.organizer)
    grade(later, later.members[0], a, 9, 9)

    deliberation = deliberation_of(scene.call)
    assert deliberation.round == later.round
    assert deliberation.chair_order == []  # the order was for the other round's ties
    assert Deliberation.objects.count() == 1


def test_a_locked_deliberation_keeps_its_round(scene):
    decide_all(scene)
    deliberation_lock(deliberation=deliberation_of(scene.call), actor=scene.organizer)
    later = add_round(scene, kind=RoundKind.SHORTLIST, position=2)
    # An application received late and evaluated in a later round.
    straggler = add_application(scene)
    grade(later, later.members[0], straggler, 5, 5)

    assert deliberation_of(scene.call).round == scene.round


# --- promotion ------------------------------------------------------------------------------------


def test_promoting_the_top_two_shortlists_them_once(scene):
    a, b, c, d = scene.applications

    promotion = round_promote(
        round_=scene.round, rule=PromotionRule.TOP, value=Decimal(2), actor=scene.organizer
    )

    assert [status(app) for app in (a, b, c, d)] == [
        S.SHORTLISTED,
        S.SHORTLISTED,
        S.ELIGIBLE,
        S.ELIGIBLE,
    ]
    assert promotion.promoted == [a.pk, b.pk]
    assert promotion.not_promoted == [c.pk, d.pk]
    assert promotion.promoted_by == scene.organizer
    assert [len(events(app, EventKind.PROMOTED)) for app in (a, b, c, d)] == [1, 1, 0, 0]
    with pytest.raises(DeliberationError):
        round_promote(
            round_=scene.round, rule=PromotionRule.TOP, value=Decimal(3), actor=scene.organizer
        )
    assert Promotion.objects.count() == 1
    assert status(c) == S.ELIGIBLE


def test_promoting_by_threshold_moves_every_mean_at_or_above_it(scene):
    a, b, c, d = scene.applications  # means 85, 75, 60, 45

    promotion = round_promote(
        round_=scene.round, rule=PromotionRule.THRESHOLD, value=Decimal(60), actor=scene.organizer
    )

    assert promotion.promoted == [a.pk, b.pk, c.pk]
    assert [status(app) for app in (a, b, c, d)] == [S.SHORTLISTED] * 3 + [S.ELIGIBLE]


def test_promoting_by_threshold_reads_the_normalized_mean_when_the_call_ranks_by_it(scene):
    a, b, c, d = scene.applications
    board = deliberation_scoreboard(deliberation_of(scene.call))
    c_normalized = board.entry_of(c.pk).normalized_mean
    assert c_normalized < 60  # its raw mean is exactly 60
    policy = policy_of(scene.call)
    policy.rank_by = RankBy.NORMALIZED
    policy.save()

    promotion = round_promote(
        round_=scene.round, rule=PromotionRule.THRESHOLD, value=Decimal(60), actor=scene.organizer
    )

    assert promotion.promoted == [a.pk, b.pk]


def test_applications_not_screened_or_withdrawn_are_not_promoted(scene):
    unscreened = add_application(scene, status=S.SUBMITTED)
    withdrawn = add_application(scene)
    for application in (unscreened, withdrawn):
        for member in scene.members:
            grade(scene, member, application, 10, 10)  # ranked first
    submissions.application_withdraw(application=withdrawn, actor=withdrawn.applicant)

    promotion = round_promote(
        round_=scene.round, rule=PromotionRule.TOP, value=Decimal(4), actor=scene.organizer
    )

    a, b = scene.applications[:2]
    assert promotion.promoted == [a.pk, b.pk]
    assert status(unscreened) == S.SUBMITTED
    assert status(withdrawn) == S.WITHDRAWN
    assert events(unscreened, EventKind.PROMOTED) == []


def test_the_best_of_a_shortlist_round_become_finalists():
    scene = build_scene(applications=2, kind=RoundKind.SHORTLIST)
    best, other = scene.applications
    for member in scene.members:
        grade(scene, member, best, 9, 9)
        grade(scene, member, other, 5, 5)

    promotion = round_promote(
        round_=scene.round, rule=PromotionRule.TOP, value=Decimal(1), actor=scene.organizer
    )

    assert promotion.promoted == [best.pk]
    assert status(best) == S.FINALIST
    assert status(other) == S.ELIGIBLE


def test_the_final_round_has_no_next_round_to_promote_to():
    scene = build_scene(kind=RoundKind.FINAL)

    with pytest.raises(DeliberationError):
        round_promote(
            round_=scene.round, rule=PromotionRule.TOP, value=Decimal(3), actor=scene.organizer
        )
    assert not Promotion.objects.exists()


def test_promoting_nothing_is_refused(scene):
    with pytest.raises(DeliberationError):
        round_promote(
            round_=scene.round, rule=PromotionRule.TOP, value=Decimal(0), actor=scene.organizer
        )
    assert not Promotion.objects.exists()


# --- decisions ------------------------------------------------------------------------------------


def test_a_decision_records_the_prize_its_amount_and_the_history(scene):
    a = scene.applications[0]
    first = scene.prizes[0]

    decision = decide(scene, a, Outcome.PRIZE, first, justification="  Un impact net.  ")

    assert decision.prize_category == first
    assert decision.amount_mad == first.amount_mad
    assert decision.justification == "Un impact net."
    assert decision.decided_by == scene.organizer
    (event,) = events(a, EventKind.DECISION_RECORDED)
    assert event.data == {"outcome": Outcome.PRIZE, "prize_category": first.pk}
    assert event.reason == "Un impact net."
    assert status(a) == S.ELIGIBLE  # final only once locked


def test_changing_a_decision_replaces_it(scene):
    a = scene.applications[0]
    decide(scene, a, Outcome.PRIZE, scene.prizes[0])

    decision = decide(scene, a, Outcome.SPECIAL_MENTION, scene.prizes[0])

    assert Decision.objects.filter(application=a).count() == 1
    assert decision.outcome == Outcome.SPECIAL_MENTION
    assert decision.prize_category is None
    assert decision.amount_mad == 0


@pytest.mark.parametrize("refused", [S.INELIGIBLE, S.WITHDRAWN, S.SUBMITTED])
def test_a_decision_is_refused_for_an_application_out_of_the_running(scene, refused):
    if refused == S.SUBMITTED:
        application = add_application(scene, status=S.SUBMITTED)
    elif refused == S.WITHDRAWN:
        application = scene.applications[0]
        submissions.application_withdraw(application=application, actor=application.applicant)
    else:
        application = submissions.application_transition(
            application=scene.applications[0], to=S.INELIGIBLE, actor=scene.organizer
        )

    with pytest.raises(DeliberationError, match=re.escape(application.reference)):
        decide(scene, application, Outcome.PRIZE, scene.prizes[0])
    assert not Decision.objects.exists()


@pytest.mark.parametrize("justification", ["", "   \n "])
def test_a_decision_without_justification_is_refused(scene, justification):
    with pytest.raises(DeliberationError):
        decide(scene, scene.applications[0], Outcome.NOT_SELECTED, justification=justification)
    assert not Decision.objects.exists()


def test_a_prize_whose_count_is_used_up_is_refused(scene):
    a, b, c, _d = scene.applications
    first, second = scene.prizes
    decide(scene, a, Outcome.PRIZE, first)

    with pytest.raises(DeliberationError, match=re.escape(first.label)):
        decide(scene, b, Outcome.PRIZE, first)

    decide(scene, a, Outcome.PRIZE, first)  # its own prize, decided again
    decide(scene, b, Outcome.PRIZE, second)
    assert dict(Decision.objects.values_list("application_id", "prize_category_id")) == {
        a.pk: first.pk,
        b.pk: second.pk,
    }
    first.count = 2
    first.save()
    decide(scene, c, Outcome.PRIZE, first)
    assert Decision.objects.filter(prize_category=first).count() == 2


def test_a_prize_needs_one_of_the_calls_categories(scene):
    elsewhere = PrizeCategoryFactory()

    for category in (None, elsewhere):
        with pytest.raises(DeliberationError):
            decide(scene, scene.applications[0], Outcome.PRIZE, category)
    assert not Decision.objects.exists()


def test_nothing_changes_once_the_deliberation_is_locked(scene):
    decide_all(scene)
    deliberation = deliberation_of(scene.call)
    deliberation_lock(deliberation=deliberation, actor=scene.organizer)
    c = scene.applications[2]

    with pytest.raises(DeliberationError):
        decide(scene, c, Outcome.SPECIAL_MENTION)
    with pytest.raises(DeliberationError):
        chair_order_save(deliberation=deliberation, application_ids=[c.pk], actor=scene.organizer)
    with pytest.raises(DeliberationError):
        deliberation_lock(deliberation=deliberation, actor=scene.organizer)
    with pytest.raises(DeliberationError):
        proposal_accept(deliberation=deliberation, justification=WHY, actor=scene.organizer)
    assert Decision.objects.get(application=c).outcome == Outcome.NOT_SELECTED


def test_the_chairs_order_settles_a_tie_in_the_deliberation(scene):
    tied = add_application(scene)
    b = scene.applications[1]
    for member, marks in zip(scene.members, [(8, 8), (7, 7)], strict=True):
        grade(scene, member, tied, *marks)  # exactly as B
    deliberation = deliberation_of(scene.call)
    board = deliberation_scoreboard(deliberation)
    assert board.entry_of(b.pk).position == board.entry_of(tied.pk).position == 2

    chair_order_save(
        deliberation=deliberation, application_ids=[tied.pk, b.pk], actor=scene.chair.user
    )

    board = deliberation_scoreboard(deliberation_of(scene.call))
    assert (board.entry_of(tied.pk).position, board.entry_of(b.pk).position) == (2, 3)


# --- the proposed winners -------------------------------------------------------------------------


def test_accepting_the_proposal_records_the_prizes_and_the_others_not_selected(scene):
    a, b, c, d = scene.applications
    first, second = scene.prizes
    deliberation = deliberation_of(scene.call)
    decide(scene, c, Outcome.SPECIAL_MENTION)

    decisions = proposal_accept(
        deliberation=deliberation, justification=WHY, actor=scene.chair.user
    )

    outcomes = {
        decision.application_id: (decision.outcome, decision.prize_category_id)
        for decision in Decision.objects.all()
    }
    assert outcomes == {
        a.pk: (Outcome.PRIZE, first.pk),
        b.pk: (Outcome.PRIZE, second.pk),
        c.pk: (Outcome.SPECIAL_MENTION, None),  # decided before: kept
        d.pk: (Outcome.NOT_SELECTED, None),
    }
    assert len(decisions) == 3
    assert {d.justification for d in decisions} == {WHY}
    assert all(d.follows_proposal for d in decisions)
    assert {d.decided_by for d in decisions} == {scene.chair.user}
    assert undecided(deliberation) == []


def test_accepting_the_proposal_moves_prizes_given_by_hand_to_where_it_puts_them(scene):
    a, b, _c, _d = scene.applications
    first, second = scene.prizes
    decide(scene, b, Outcome.PRIZE, first)  # the second-ranked given the first prize

    proposal_accept(
        deliberation=deliberation_of(scene.call), justification=WHY, actor=scene.organizer
    )

    prizes = dict(
        Decision.objects.filter(outcome=Outcome.PRIZE).values_list(
            "application_id", "prize_category_id"
        )
    )
    assert prizes == {a.pk: first.pk, b.pk: second.pk}


def test_the_proposal_passes_over_applications_out_of_the_running(scene):
    a, b, c, _d = scene.applications
    withdrawn = add_application(scene)
    for member in scene.members:
        grade(scene, member, withdrawn, 10, 10)  # ranked first
    submissions.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    deliberation = deliberation_of(scene.call)
    first, second = scene.prizes

    proposal = winners_proposal(board=deliberation_scoreboard(deliberation), call=scene.call)
    proposal_accept(deliberation=deliberation, justification=WHY, actor=scene.organizer)

    assert proposal.awards == [(a.pk, first.pk), (b.pk, second.pk)]
    assert not Decision.objects.filter(application=withdrawn).exists()
    assert Decision.objects.get(application=a).prize_category == first
    assert Decision.objects.get(application=c).outcome == Outcome.NOT_SELECTED


def test_the_proposal_reads_the_submitted_profiles_for_the_region_cap():
    scene = build_scene()
    same_region = [add_application(scene, region="oriental") for _n in range(2)]
    elsewhere = add_application(scene, region="souss-massa")
    for application, marks in zip([*same_region, elsewhere], [(9, 9), (8, 8), (5, 5)], strict=True):
        for member in scene.members:
            grade(scene, member, application, *marks)
    policy = policy_of(scene.call)
    policy.max_winners_per_region = 1
    policy.save()

    proposal = winners_proposal(
        board=deliberation_scoreboard(deliberation_of(scene.call)), call=scene.call
    )

    assert [pk for pk, _category in proposal.awards] == [same_region[0].pk, elsewhere.pk]
    assert [(m.application_id, m.change) for m in proposal.moves] == [
        (same_region[1].pk, "left-out"),
        (elsewhere.pk, "brought-in"),
    ]


# --- locking --------------------------------------------------------------------------------------


def test_locking_is_refused_while_an_application_has_no_decision(scene):
    a, b, c, d = scene.applications
    decide(scene, a, Outcome.PRIZE, scene.prizes[0])
    decide(scene, b, Outcome.NOT_SELECTED)

    with pytest.raises(DeliberationError, match=re.escape(c.reference)):
        deliberation_lock(deliberation=deliberation_of(scene.call), actor=scene.organizer)

    assert not deliberation_of(scene.call).is_locked
    assert [status(app) for app in (a, b, c, d)] == [S.ELIGIBLE] * 4


def test_locking_is_refused_when_nobody_is_distinguished(scene):
    for application in scene.applications:
        decide(scene, application, Outcome.NOT_SELECTED)

    with pytest.raises(DeliberationError):
        deliberation_lock(deliberation=deliberation_of(scene.call), actor=scene.organizer)

    assert not deliberation_of(scene.call).is_locked
    assert {status(app) for app in scene.applications} == {S.ELIGIBLE}


def test_locking_writes_the_minutes_as_the_ranking_and_decisions_stood(scene):
    a, b, c, d = scene.applications
    decide_all(scene)
    now = timezone.now().replace(microsecond=0)

    deliberation = deliberation_lock(
        deliberation=deliberation_of(scene.call), actor=scene.chair.user, now=now
    )

    deliberation.refresh_from_db()
    assert deliberation.locked_at == now
    assert deliberation.locked_by == scene.chair.user
    minutes = deliberation.minutes
    assert minutes["round"] == scene.round.pk
    assert minutes["rank_by"] == RankBy.RAW
    assert minutes["tie_breaks"] == policy_of(scene.call).tie_breaks
    assert minutes["locked_at"] == now.isoformat()
    assert sorted(j["name"] for j in minutes["jurors"]) == sorted(
        m.user.full_name for m in scene.members
    )
    rows = minutes["rows"]
    assert [row["application"] for row in rows] == [a.pk, b.pk, c.pk, d.pk]
    assert [row["position"] for row in rows] == [1, 2, 3, 4]
    assert [row["raw_mean"] for row in rows] == [85.0, 75.0, 60.0, 45.0]
    board = deliberation_scoreboard(deliberation)
    assert [row["normalized_mean"] for row in rows] == pytest.approx(
        [board.entry_of(app.pk).normalized_mean for app in (a, b, c, d)]
    )
    assert [row["outcome"] for row in rows] == [
        Outcome.PRIZE,
        Outcome.SPECIAL_MENTION,
        Outcome.NOT_SELECTED,
        Outcome.NOT_SELECTED,
    ]
    first = rows[0]
    assert first["reference"] == a.reference
    assert first["organization"] == a.submitted_profile["name"]
    assert first["prize_category"] == scene.prizes[0].pk
    assert first["amount_mad"] == scene.prizes[0].amount_mad
    assert first["justification"] == WHY
    assert first["decided_by"] == scene.organizer.full_name
    decision = Decision.objects.get(application=a)
    assert first["decided_at"] == decision.decided_at.isoformat()
    assert first["evaluations"] == 2


def test_locking_gives_every_application_its_final_status_hidden_until_publication():
    """Screening promotes A and B; the final round decides between them; C and D, eligible
    but never promoted, are not selected; the others keep their status."""
    scene = scored_scene()
    a, b, c, d = scene.applications
    unscreened = add_application(scene, status=S.SUBMITTED)
    ineligible = add_application(scene, status=S.INELIGIBLE)
    withdrawn = add_application(scene)
    submissions.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    round_promote(
        round_=scene.round, rule=PromotionRule.TOP, value=Decimal(2), actor=scene.organizer
    )
    final = add_round(scene, kind=RoundKind.FINAL, position=2)
    for member in final.members:
        grade(final, member, a, 7, 7)
        grade(final, member, b, 8, 8)
    deliberation = deliberation_of(scene.call)
    assert deliberation.round == final.round
    assert {app.pk for app in undecided(deliberation)} == {a.pk, b.pk}
    decide(final, b, Outcome.PRIZE, scene.prizes[0])
    decide(final, a, Outcome.SPECIAL_MENTION)

    deliberation_lock(deliberation=deliberation, actor=scene.organizer)

    assert [status(app) for app in (a, b, c, d)] == [
        S.SPECIAL_MENTION,
        S.WINNER,
        S.NOT_SELECTED,
        S.NOT_SELECTED,
    ]
    assert [status(app) for app in (unscreened, ineligible, withdrawn)] == [
        S.SUBMITTED,
        S.INELIGIBLE,
        S.WITHDRAWN,
    ]
    b.refresh_from_db()
    assert status_for_applicant(b) == UNDER_REVIEW
    assert status_for_applicant(c) == UNDER_REVIEW

    results_publish(call=scene.call, actor=scene.organizer)

    b.call.refresh_from_db()
    c.call.refresh_from_db()
    assert status_for_applicant(b) == S.WINNER
    assert status_for_applicant(c) == S.NOT_SELECTED


# --- the ranking rules ----------------------------------------------------------------------------


@pytest.fixture
def upcoming():
    soon = timezone.now() + datetime.timedelta(days=5)
    return CallFactory(opens_at=soon, closes_at=soon + datetime.timedelta(days=30))


def test_the_ranking_rules_start_from_the_defaults(upcoming):
    policy = policy_of(upcoming)

    assert policy.rank_by == RankBy.RAW
    assert policy.tie_breaks == [
        TieBreak.NORMALIZED_MEAN,
        TieBreak.HEAVIEST_CRITERION,
        TieBreak.JURORS_PREFERRING,
    ]
    assert policy_of(upcoming) == policy


def test_the_ranking_rules_change_before_the_call_opens(upcoming):
    policy = policy_save(
        call=upcoming,
        actor=None,
        rank_by=RankBy.NORMALIZED,
        tie_breaks=[TieBreak.MEDIAN, TieBreak.RAW_MEAN],
        disagreement_threshold=Decimal(15),
        max_winners_per_region=2,
    )

    policy = RankingPolicy.objects.get(pk=policy.pk)
    assert policy.rank_by == RankBy.NORMALIZED
    assert policy.tie_breaks == [TieBreak.MEDIAN, TieBreak.RAW_MEAN]
    assert policy.disagreement_threshold == 15
    assert policy.max_winners_per_region == 2


def test_the_ranking_rules_are_fixed_once_the_call_has_opened(scene):
    assert not policy_is_editable(scene.call)

    with pytest.raises(PolicyError):
        policy_save(call=scene.call, actor=scene.organizer, rank_by=RankBy.NORMALIZED)

    assert policy_of(scene.call).rank_by == RankBy.RAW


def test_the_ranking_rules_follow_the_moment_given(upcoming):
    with pytest.raises(PolicyError):
        policy_save(
            call=upcoming,
            actor=None,
            now=upcoming.opens_at,
            rank_by=RankBy.NORMALIZED,
        )
    assert policy_of(upcoming).rank_by == RankBy.RAW


@pytest.mark.parametrize(
    "tie_breaks",
    [
        [TieBreak.MEDIAN, TieBreak.RAW_MEAN, TieBreak.MEDIAN],
        [TieBreak.MEDIAN, "coin-toss"],
    ],
)
def test_a_tie_break_used_twice_or_unknown_is_refused(upcoming, tie_breaks):
    with pytest.raises(PolicyError):
        policy_save(call=upcoming, actor=None, tie_breaks=tie_breaks)

    assert policy_of(upcoming).tie_breaks == [
        TieBreak.NORMALIZED_MEAN,
        TieBreak.HEAVIEST_CRITERION,
        TieBreak.JURORS_PREFERRING,
    ]


def test_an_application_withdrawn_after_its_prize_frees_the_prize_and_does_not_block_locking(
    scene,
):
    a, b, c, d = scene.applications
    decide(scene, a, Outcome.PRIZE, scene.prizes[0])
    submissions.application_withdraw(application=a, actor=a.applicant)

    decide(scene, b, Outcome.PRIZE, scene.prizes[0])
    for application in (c, d):
        decide(scene, application, Outcome.NOT_SELECTED)
    deliberation_lock(deliberation=deliberation_of(scene.call), actor=scene.organizer)

    assert [status(app) for app in (a, b, c, d)] == [
        S.WITHDRAWN,
        S.WINNER,
        S.NOT_SELECTED,
        S.NOT_SELECTED,
    ]
    assert not Decision.objects.filter(application=a).exists()
