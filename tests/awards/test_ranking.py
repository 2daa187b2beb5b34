"""The ranking alone (no database): primary mean, tie-break rules in the call's order, the
chair's order for what is left, and the same result whatever the input's order."""

import random

import pytest
from django.utils import translation

from awards.enums import RankBy, TieBreak
from awards.ranking import CHAIR, Candidate, rank, tie_break_explanation


def candidate(
    application_id,
    raw=70.0,
    *,
    normalized=None,
    median=None,
    heaviest=None,
    totals=None,
    reference=None,
):
    return Candidate(
        application_id=application_id,
        reference=reference or f"LAM-2026-{application_id:04d}",
        raw_mean=raw,
        normalized_mean=raw if normalized is None else normalized,
        median=raw if median is None else median,
        heaviest_mean=raw if heaviest is None else heaviest,
        juror_totals=totals or {},
    )


def summary(rows):
    """(application id, position, decided_by, tied) per row, in the ranking's order."""
    return [(row.candidate.application_id, row.position, row.decided_by, row.tied) for row in rows]


def test_raw_ranking_orders_by_the_mean_of_the_jurors_totals():
    first, second = candidate(1, 80.0, normalized=60.0), candidate(2, 70.0, normalized=75.0)

    rows = rank([second, first], rank_by=RankBy.RAW, tie_breaks=[])

    assert summary(rows) == [(1, 1, None, False), (2, 2, None, False)]


def test_normalized_ranking_orders_by_the_normalized_mean():
    first, second = candidate(1, 80.0, normalized=60.0), candidate(2, 70.0, normalized=75.0)

    rows = rank([first, second], rank_by=RankBy.NORMALIZED, tie_breaks=[])

    assert summary(rows) == [(2, 1, None, False), (1, 2, None, False)]


@pytest.mark.parametrize(
    ("rule", "rank_by", "better"),
    [
        (TieBreak.NORMALIZED_MEAN, RankBy.RAW, {"normalized": 71.5}),
        (TieBreak.RAW_MEAN, RankBy.NORMALIZED, {"raw": 70.5, "normalized": 70.0}),
        (TieBreak.MEDIAN, RankBy.RAW, {"median": 72.0}),
        (TieBreak.HEAVIEST_CRITERION, RankBy.RAW, {"heaviest": 8.5}),
    ],
)
def test_each_tie_break_rule_puts_the_application_with_the_higher_value_first(
    rule, rank_by, better
):
    tied = candidate(1, 70.0, heaviest=8.0)
    ahead = candidate(2, **{"raw": 70.0, "heaviest": 8.0, **better})

    rows = rank([tied, ahead], rank_by=rank_by, tie_breaks=[rule])

    assert summary(rows) == [(2, 1, None, False), (1, 2, rule.value, False)]


def test_jurors_preferring_counts_the_jurors_who_scored_it_above_each_other_tied_application():
    # juror 1: A 80 > B 70 > C 60; juror 2: B 75 = C 75 > A 60; juror 3 (not A): B 80 > C 75.
    # A beats B and C for juror 1: 2. B beats C (juror 1), A (juror 2), C (juror 3): 3.
    # C beats A (juror 2): 1. So B, A, C.
    a = candidate(1, totals={1: 80, 2: 60})
    b = candidate(2, totals={1: 70, 2: 75, 3: 80})
    c = candidate(3, totals={1: 60, 2: 75, 3: 75})

    rows = rank([a, b, c], rank_by=RankBy.RAW, tie_breaks=[TieBreak.JURORS_PREFERRING])

    assert summary(rows) == [
        (2, 1, None, False),
        (1, 2, "jurors-preferring", False),
        (3, 3, "jurors-preferring", False),
    ]


def test_jurors_preferring_compares_only_the_applications_still_tied():
    # C wins on the median. Between A and B alone, A is preferred by jurors 1 and 3, B by
    # juror 2: A first. Counted against C as well, juror 4 (B 90 > C 10) would tie them 5-5.
    a = candidate(1, median=70.0, totals={1: 90, 2: 50, 3: 95})
    b = candidate(2, median=70.0, totals={1: 80, 2: 60, 3: 70, 4: 90})
    c = candidate(3, median=80.0, totals={1: 50, 2: 40, 3: 30, 4: 10})

    rows = rank(
        [b, c, a], rank_by=RankBy.RAW, tie_breaks=[TieBreak.MEDIAN, TieBreak.JURORS_PREFERRING]
    )

    assert summary(rows) == [
        (3, 1, None, False),
        (1, 2, "median", False),
        (2, 3, "jurors-preferring", False),
    ]


def test_rules_apply_in_the_order_the_call_set_them():
    a = candidate(1, normalized=72.0, median=60.0)
    b = candidate(2, normalized=70.0, median=65.0)

    normalized_first = rank(
        [a, b], rank_by=RankBy.RAW, tie_breaks=[TieBreak.NORMALIZED_MEAN, TieBreak.MEDIAN]
    )
    median_first = rank(
        [a, b], rank_by=RankBy.RAW, tie_breaks=[TieBreak.MEDIAN, TieBreak.NORMALIZED_MEAN]
    )

    assert summary(normalized_first) == [(1, 1, None, False), (2, 2, "normalized-mean", False)]
    assert summary(median_first) == [(2, 1, None, False), (1, 2, "median", False)]


def test_a_rule_that_cannot_separate_passes_the_tie_to_the_next_rule():
    a = candidate(1, median=65.0, heaviest=7.0)
    b = candidate(2, median=65.0, heaviest=9.0)

    rows = rank(
        [a, b], rank_by=RankBy.RAW, tie_breaks=[TieBreak.MEDIAN, TieBreak.HEAVIEST_CRITERION]
    )

    assert summary(rows) == [(2, 1, None, False), (1, 2, "heaviest-criterion", False)]


def test_a_tie_surviving_every_rule_shares_its_position_and_the_next_position_skips():
    top = candidate(1, 90.0)
    tied_a = candidate(2, 70.0, reference="LAM-2026-0020")
    tied_b = candidate(3, 70.0, reference="LAM-2026-0010")
    last = candidate(4, 50.0)
    rules = [TieBreak.NORMALIZED_MEAN, TieBreak.MEDIAN, TieBreak.JURORS_PREFERRING]

    rows = rank([last, tied_a, top, tied_b], rank_by=RankBy.RAW, tie_breaks=rules)

    # the tie is listed by reference: LAM-2026-0010 before LAM-2026-0020
    assert summary(rows) == [
        (1, 1, None, False),
        (3, 2, None, True),
        (2, 2, None, True),
        (4, 4, None, False),
    ]


def test_float_noise_does_not_break_a_tie():
    a = candidate(1, 0.1 + 0.2)
    b = candidate(2, 0.3)

    rows = rank([a, b], rank_by=RankBy.RAW, tie_breaks=[])

    assert summary(rows) == [(1, 1, None, True), (2, 1, None, True)]


def test_the_chairs_order_settles_a_tie_that_survived_every_rule():
    top = candidate(9, 90.0)
    a, b, c = candidate(1), candidate(2), candidate(3)

    rows = rank(
        [a, b, c, top], rank_by=RankBy.RAW, tie_breaks=[TieBreak.MEDIAN], chair_order=[3, 9, 1]
    )

    # the chair's mention of application 9, which is not tied, changes nothing
    assert summary(rows) == [
        (9, 1, None, False),
        (3, 2, CHAIR, False),
        (1, 3, CHAIR, False),
        (2, 4, CHAIR, False),
    ]


def test_applications_the_chair_has_not_placed_stay_tied_after_those_placed():
    a, b, c = candidate(1), candidate(2), candidate(3)

    rows = rank([a, b, c], rank_by=RankBy.RAW, tie_breaks=[], chair_order=[2])

    assert summary(rows) == [(2, 1, CHAIR, False), (1, 2, CHAIR, True), (3, 2, CHAIR, True)]


def test_applications_without_any_evaluation_come_last_without_a_position():
    unscored_b = candidate(1, None, reference="LAM-2026-0900")
    unscored_a = candidate(2, None, reference="LAM-2026-0100")
    scored = candidate(3, 40.0)

    rows = rank([unscored_b, scored, unscored_a], rank_by=RankBy.RAW, tie_breaks=[])

    assert summary(rows) == [(3, 1, None, False), (2, None, None, False), (1, None, None, False)]


def test_the_input_order_never_changes_the_ranking():
    candidates = [
        candidate(1, 82.0),
        candidate(2, 75.0, normalized=74.0, reference="LAM-2026-0031"),
        candidate(3, 75.0, normalized=74.0, reference="LAM-2026-0030"),
        candidate(4, 75.0, normalized=76.0),
        candidate(5, 60.0, totals={1: 70, 2: 50}),
        candidate(6, 60.0, totals={1: 60, 2: 55}),
        candidate(7, 60.0, totals={1: 65, 2: 52}),
        candidate(8, None),
        candidate(9, 60.0),
    ]
    options = {
        "rank_by": RankBy.RAW,
        "tie_breaks": [TieBreak.NORMALIZED_MEAN, TieBreak.JURORS_PREFERRING],
        "chair_order": [6],
    }
    expected = [
        (1, 1, None, False),
        (4, 2, None, False),
        (3, 3, "normalized-mean", True),
        (2, 3, "normalized-mean", True),
        # 5 beats 6 and 7 (juror 1): 2; 6 beats 5 and 7 (juror 2): 2; 7 beats 5 (juror 2) and
        # 6 (juror 1): 2; 9 has no jurors: 0. The chair put 6 first; 5 and 7 stay tied.
        (6, 5, CHAIR, False),
        (5, 6, CHAIR, True),
        (7, 6, CHAIR, True),
        (9, 8, "jurors-preferring", False),
        (8, None, None, False),
    ]
    shuffler = random.Random(2026)

    for _ in range(20):
        shuffler.shuffle(candidates)
        assert summary(rank(candidates, **options)) == expected


def test_a_single_application_is_first():
    only = candidate(1, 55.0)

    rows = rank([only], rank_by=RankBy.NORMALIZED, tie_breaks=[TieBreak.MEDIAN])

    assert summary(rows) == [(1, 1, None, False)]
    assert rows[0].candidate == only


def test_no_application_gives_an_empty_ranking():
    assert rank([], rank_by=RankBy.RAW, tie_breaks=[TieBreak.MEDIAN]) == []


def test_an_unknown_tie_break_rule_is_refused():
    with pytest.raises(ValueError, match="coin-toss"):
        rank([candidate(1)], rank_by=RankBy.RAW, tie_breaks=["coin-toss"])


def test_tie_break_explanations_name_the_rule_and_the_chair():
    with translation.override("en"):
        assert tie_break_explanation("median") == "Higher median of the jurors' totals"
        assert tie_break_explanation(CHAIR) == "Chair's decision"
