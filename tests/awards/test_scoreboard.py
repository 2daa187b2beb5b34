"""A round's scoreboard from real evaluations: weighted totals, means, normalization,
agreement, flags, missing evaluations and the ranking the call's rules give. Every
expected number is worked out by hand from the grid (total = 6 × impact + 4 × viability)."""

import math
import statistics

import krippendorff
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from awards.enums import RankBy, TieBreak
from awards.ranking import CHAIR
from awards.scoreboard import scoreboard
from awards.statistics import agreement_reading
from juries.enums import EvaluationStatus
from juries.models import Evaluation
from juries.services import panel as panel_services
from tests.awards.conftest import add_application, assign, build_scene, grade, set_policy

pytestmark = pytest.mark.django_db


def board_of(scene, chair_order=()):
    return scoreboard(round_=scene.round, policy=scene.policy, chair_order=chair_order)


def entry(board, application):
    return board.entry_of(application.pk)


def test_totals_are_weighted_and_averaged_per_application():
    scene = build_scene(applications=2)
    a, b = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 10, 5)  # 60 + 20 = 80
    grade(scene, juror, a, 5, 10)  # 30 + 40 = 70
    grade(scene, chair, b, 7, 7)  # 70
    grade(scene, juror, b, 3, "4.5")  # 18 + 18 = 36

    board = board_of(scene)

    first = entry(board, a)
    assert sorted(e.total for e in first.evaluations) == pytest.approx([70.0, 80.0])
    by_juror = {e.member.pk: e for e in first.evaluations}
    assert by_juror[chair.pk].values == [10, 5]  # in the grid's order
    assert (first.summary.count, first.summary.mean, first.summary.median) == (2, 75.0, 75.0)
    assert first.summary.spread == pytest.approx(10.0)
    impact, viability = scene.criteria
    assert first.criterion_means == {impact.pk: 7.5, viability.pk: 7.5}
    assert first.heaviest_mean == 7.5  # impact weighs 60 %
    second = entry(board, b)
    assert second.summary.mean == pytest.approx(53.0)
    assert second.summary.spread == pytest.approx(34.0)
    assert [e.application for e in board.entries] == [a, b]
    assert [e.position for e in board.entries] == [1, 2]


def test_normalized_means_put_a_lenient_and_a_severe_juror_on_the_same_footing():
    scene = build_scene(applications=2)
    a, b = scene.applications
    lenient, severe = scene.members
    grade(scene, lenient, a, 9, 9)  # 90
    grade(scene, lenient, b, 7, 7)  # 70
    grade(scene, severe, a, 5, 5)  # 50
    grade(scene, severe, b, 3, 3)  # 30

    board = board_of(scene)

    # Each juror's better application is one of their standard deviations above their mean
    # (z = +1), mapped back with the mean (60) and deviation (√500) of the four totals.
    spread = math.sqrt(500)
    assert statistics.pstdev([90, 70, 50, 30]) == pytest.approx(spread)
    assert entry(board, a).summary.mean == 70.0
    assert entry(board, b).summary.mean == 50.0
    assert entry(board, a).normalized_mean == pytest.approx(60 + spread)
    assert entry(board, b).normalized_mean == pytest.approx(60 - spread)
    assert [e.normalized for e in entry(board, a).evaluations] == pytest.approx(
        [60 + spread, 60 + spread]
    )


def test_an_application_without_evaluation_has_no_position_and_comes_last():
    scene = build_scene(applications=4)
    a, b, waiting, unassigned = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 5, 5)
    grade(scene, chair, b, 8, 8)
    assign(scene, chair, waiting)
    assign(scene, juror, waiting)

    board = board_of(scene)

    assert [e.application for e in board.entries] == [b, a, waiting, unassigned]
    assert [e.position for e in board.entries] == [1, 2, None, None]
    assert entry(board, waiting).summary.count == 0
    assert entry(board, waiting).summary.mean is None
    assert (entry(board, waiting).assigned, entry(board, waiting).missing) == (2, 2)
    assert (entry(board, unassigned).assigned, entry(board, unassigned).missing) == (0, 0)
    assert board.without_evaluation == 2
    assert board.missing == 2


def test_a_single_juror_normalizes_to_their_own_totals_and_agreement_is_not_measurable():
    scene = build_scene(applications=3, jurors=1)
    (chair,) = scene.members
    for application, marks in zip(scene.applications, [(8, 8), (6, 6), (4, 4)], strict=True):
        grade(scene, chair, application, *marks)

    board = board_of(scene)

    assert [e.summary.mean for e in board.entries] == [80.0, 60.0, 40.0]
    assert [e.normalized_mean for e in board.entries] == pytest.approx([80.0, 60.0, 40.0])
    assert [e.summary.spread for e in board.entries] == [0.0, 0.0, 0.0]
    assert board.flagged == 0
    assert board.agreement.alpha is None
    assert board.agreement.reading == agreement_reading(None)
    assert board.agreement.reading == gettext(
        "Not measurable: fewer than two jurors per application, or no difference between scores"
    )


def test_identical_totals_everywhere_leave_the_raw_values_and_a_tie():
    scene = build_scene(applications=2)
    for application in scene.applications:
        for member in scene.members:
            grade(scene, member, application, 7, 7)  # 70

    board = board_of(scene)

    assert [e.normalized_mean for e in board.entries] == [70.0, 70.0]
    assert [e.position for e in board.entries] == [1, 1]
    assert all(e.row.tied for e in board.entries)
    assert board.agreement.alpha is None  # no difference between scores


def test_jurors_agreeing_exactly_keep_their_totals_and_agree_fully():
    scene = build_scene(applications=2)
    a, b = scene.applications
    for member in scene.members:
        grade(scene, member, a, 8, 8)  # 80
        grade(scene, member, b, 6, 6)  # 60

    board = board_of(scene)

    assert entry(board, a).normalized_mean == pytest.approx(80.0)
    assert entry(board, b).normalized_mean == pytest.approx(60.0)
    assert board.agreement.alpha == pytest.approx(1.0)
    assert board.agreement.reading == gettext("Jurors agree well")


def test_a_draft_evaluation_does_not_count_and_is_still_missing():
    scene = build_scene(applications=1)
    (a,) = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 8, 8)  # 80, submitted
    grade(scene, juror, a, 1, 1, submit=False)  # 10, a draft

    board = board_of(scene)

    only = entry(board, a)
    assert only.summary.count == 1
    assert only.summary.mean == 80.0
    assert [e.member for e in only.evaluations] == [chair]
    assert (only.assigned, only.missing) == (2, 1)
    assert board.missing == 1
    assert Evaluation.objects.filter(status=EvaluationStatus.DRAFT).count() == 1


def test_missing_evaluations_are_those_assigned_and_not_received():
    scene = build_scene(applications=2, jurors=3)
    a, b = scene.applications
    first, second, third = scene.members
    grade(scene, first, a, 5, 5)
    assign(scene, second, a)
    assign(scene, third, a)
    grade(scene, first, b, 5, 5)
    grade(scene, second, b, 6, 6)

    board = board_of(scene)

    assert (entry(board, a).assigned, entry(board, a).summary.count) == (3, 1)
    assert entry(board, a).missing == 2
    assert entry(board, b).missing == 0
    assert board.missing == 2


def test_a_juror_who_left_after_submitting_still_counts_and_their_unfinished_work_is_not_expected():
    scene = build_scene(applications=2)
    a, b = scene.applications
    chair, leaving = scene.members
    grade(scene, chair, a, 8, 8)  # 80
    grade(scene, leaving, a, 6, 6)  # 60, submitted before leaving
    grade(scene, chair, b, 5, 5)
    assign(scene, leaving, b)  # never evaluated: given to someone else
    panel_services.member_deactivate(member=leaving, actor=scene.organizer)

    board = board_of(scene)

    assert entry(board, a).summary.count == 2
    assert entry(board, a).summary.mean == 70.0
    assert (entry(board, b).assigned, entry(board, b).missing) == (1, 0)


def test_jurors_whose_totals_differ_by_more_than_the_threshold_are_flagged():
    scene = build_scene(applications=3)
    apart, at_threshold, close = scene.applications
    chair, juror = scene.members
    grade(scene, chair, apart, 9, 9)  # 90
    grade(scene, juror, apart, 6, 6)  # 60: 30 points apart
    grade(scene, chair, at_threshold, 8, 8)  # 80
    grade(scene, juror, at_threshold, "5.5", "5.5")  # 55: exactly 25 apart
    grade(scene, chair, close, 7, 7)
    grade(scene, juror, close, 6, 6)  # 10 apart

    board = board_of(scene)  # the default threshold: 25 points

    assert entry(board, apart).summary.spread == pytest.approx(30.0)
    assert entry(board, at_threshold).summary.spread == pytest.approx(25.0)
    assert [entry(board, app).flagged for app in (apart, at_threshold, close)] == [
        True,
        False,
        False,
    ]
    assert board.flagged == 1

    set_policy(scene.call, disagreement_threshold=20)
    board = board_of(scene)

    assert [entry(board, app).flagged for app in (apart, at_threshold, close)] == [
        True,
        True,
        False,
    ]
    assert board.flagged == 2


def test_agreement_is_measured_when_applications_have_two_jurors():
    scene = build_scene(applications=2)
    a, b = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 10, 5)  # 80
    grade(scene, juror, a, 5, 10)  # 70
    grade(scene, chair, b, 6, 6)  # 60
    grade(scene, juror, b, 4, 4)  # 40

    board = board_of(scene)

    # Observed: (2·10² + 2·20²)/4 = 250; expected: 2·4·875/(4·3) = 583.3…; α = 1 − 3/7.
    assert board.agreement.alpha == pytest.approx(4 / 7)
    reference = krippendorff.alpha(
        reliability_data=[[80, 60], [70, 40]], level_of_measurement="interval"
    )
    assert board.agreement.alpha == pytest.approx(reference)
    assert board.agreement.reading == agreement_reading(4 / 7)
    impact, viability = scene.criteria
    by_criterion = dict(board.criterion_agreements)
    assert by_criterion[impact].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[[10, 6], [5, 4]], level_of_measurement="interval")
    )
    assert by_criterion[viability].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[[5, 6], [10, 4]], level_of_measurement="interval")
    )


def test_agreement_is_not_measured_with_one_juror_per_application():
    scene = build_scene(applications=2)
    a, b = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 9, 9)
    grade(scene, juror, b, 3, 3)

    board = board_of(scene)

    assert board.agreement.alpha is None
    assert all(agreement.alpha is None for _c, agreement in board.criterion_agreements)


@pytest.fixture
def lenient_and_severe():
    """The chair scores A 80 and C 40; the other juror B 70, D 60 and E 60 (E all on
    impact). Raw means put A above B; normalized ones put B (z ≈ 1.41 on its juror's
    scale) above A (z = 1)."""
    scene = build_scene(applications=5)
    a, b, c, d, e = scene.applications
    chair, juror = scene.members
    grade(scene, chair, a, 10, 5)  # 80
    grade(scene, chair, c, 4, 4)  # 40
    grade(scene, juror, b, 5, 10)  # 70
    grade(scene, juror, d, 6, 6)  # 60, impact 6
    grade(scene, juror, e, 10, 0)  # 60, impact 10
    return scene


def test_the_ranking_follows_the_mean_the_policy_ranks_by(lenient_and_severe):
    scene = lenient_and_severe
    a, b, c, _d, _e = scene.applications

    set_policy(scene.call, rank_by=RankBy.RAW)
    raw = board_of(scene)
    set_policy(scene.call, rank_by=RankBy.NORMALIZED)
    normalized = board_of(scene)

    assert entry(raw, a).normalized_mean < entry(raw, b).normalized_mean
    assert [e.application for e in raw.entries[:2]] == [a, b]
    assert [e.application for e in normalized.entries[:2]] == [b, a]
    assert entry(raw, c).position == entry(normalized, c).position == 5


def test_equal_means_are_split_by_the_policys_tie_breaks_in_order(lenient_and_severe):
    scene = lenient_and_severe
    _a, _b, _c, d, e = scene.applications

    set_policy(scene.call, tie_breaks=[TieBreak.MEDIAN, TieBreak.HEAVIEST_CRITERION])
    board = board_of(scene)

    assert (entry(board, e).position, entry(board, d).position) == (3, 4)
    assert entry(board, d).row.decided_by == TieBreak.HEAVIEST_CRITERION
    assert entry(board, d).decided_by_label == str(TieBreak.HEAVIEST_CRITERION.label)
    assert not entry(board, d).row.tied

    set_policy(scene.call, tie_breaks=[TieBreak.MEDIAN])
    board = board_of(scene)

    assert entry(board, d).position == entry(board, e).position == 3
    assert entry(board, d).row.tied
    assert entry(board, e).row.tied


def test_a_tie_that_survives_every_rule_is_tied_until_the_chair_orders_it():
    scene = build_scene(applications=3)
    first, second, last = scene.applications
    for member in scene.members:
        grade(scene, member, first, 7, 7)
        grade(scene, member, second, 7, 7)
        grade(scene, member, last, 2, 2)
    assert scene.policy.tie_breaks  # every default rule is tried

    board = board_of(scene)

    assert [entry(board, app).position for app in (first, second, last)] == [1, 1, 3]
    assert entry(board, first).row.tied
    assert entry(board, second).row.tied

    board = board_of(scene, chair_order=[second.pk, first.pk])

    assert [e.application for e in board.entries] == [second, first, last]
    assert [e.position for e in board.entries] == [1, 2, 3]
    assert not entry(board, first).row.tied
    assert entry(board, first).row.decided_by == CHAIR
    assert entry(board, first).decided_by_label == gettext("Chair's decision")


def test_the_scoreboard_runs_the_same_few_queries_for_5_and_for_30_applications():
    scene = build_scene(applications=5)

    def grade_all():
        for application in scene.applications:
            for index, member in enumerate(scene.members):
                if not application.assignments.filter(member=member).exists():
                    grade(scene, member, application, 5 + index, (application.pk % 5) + 3)

    grade_all()
    policy = scene.policy
    with CaptureQueriesContext(connection) as few:
        board = scoreboard(round_=scene.round, policy=policy)
        [(e.application.organization.name, e.decided_by_label) for e in board.entries]
    assert len(board.entries) == 5

    for _n in range(25):
        add_application(scene)
    grade_all()
    with CaptureQueriesContext(connection) as many:
        board = scoreboard(round_=scene.round, policy=policy)
        [(e.application.organization.name, e.decided_by_label) for e in board.entries]
    assert len(board.entries) == 30

    assert len(many.captured_queries) == len(few.captured_queries) == 5


def test_the_criteria_are_headed_once_for_every_scores_table_of_the_board():
    scene = build_scene(applications=1)
    impact, viability = scene.criteria
    viability.label_fr = "Viabilité économique et sociale du projet"
    viability.save()

    board = board_of(scene)

    headings = [(h.label, h.short_label, h.weight) for h in board.criterion_headings]
    assert headings == [
        ("Impact", "Impact", 60),
        ("Viabilité économique et sociale du projet", "Viabilité économi…", 40),
    ]
    assert board.criterion_headings is board.criterion_headings  # worked out once
