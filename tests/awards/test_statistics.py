"""Scoring statistics alone (no database): fixtures computed by hand, and Krippendorff's alpha
checked against the `krippendorff` package."""

import math
import tracemalloc
from decimal import Decimal

import krippendorff
import numpy as np
import pytest
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.statistics import (
    GridCriterion,
    Summary,
    agreement_reading,
    disagreement_flag,
    evaluation_total,
    krippendorff_alpha_interval,
    normalize_by_juror,
    summarize,
)

# Weights 50/30/20: two criteria scored 0–5, one scored 1–10.
GRID = [
    GridCriterion(id=1, weight=50, min_score=Decimal(0), max_score=Decimal(5)),
    GridCriterion(id=2, weight=30, min_score=Decimal(0), max_score=Decimal(5)),
    GridCriterion(id=3, weight=20, min_score=Decimal(1), max_score=Decimal(10)),
]


# Evaluation totals


def test_total_weighs_each_criterion_on_its_own_scale():
    scores = {1: Decimal(4), 2: Decimal("2.5"), 3: Decimal(7)}
    # 50 × 4/5 + 30 × 2.5/5 + 20 × (7 − 1)/(10 − 1) = 40 + 15 + 13⅓
    assert evaluation_total(scores, GRID) == pytest.approx(68 + 1 / 3)


def test_total_runs_from_0_at_every_lowest_score_to_100_at_every_highest():
    assert evaluation_total({1: Decimal(0), 2: Decimal(0), 3: Decimal(1)}, GRID) == 0
    assert evaluation_total({1: Decimal(5), 2: Decimal(5), 3: Decimal(10)}, GRID) == 100


def test_total_of_an_incomplete_evaluation_is_none():
    assert evaluation_total({1: Decimal(4), 2: None, 3: Decimal(7)}, GRID) is None
    assert evaluation_total({1: Decimal(4), 3: Decimal(7)}, GRID) is None


def test_total_stays_out_of_100_when_the_weights_do_not_add_up_to_100():
    grid = [
        GridCriterion(id=1, weight=30, min_score=Decimal(0), max_score=Decimal(5)),
        GridCriterion(id=2, weight=10, min_score=Decimal(0), max_score=Decimal(5)),
    ]
    # (30 × 5/5 + 10 × 2.5/5) / 40 × 100 = 35 / 40 × 100
    assert evaluation_total({1: Decimal(5), 2: Decimal("2.5")}, grid) == pytest.approx(87.5)


def test_total_without_criteria_is_none():
    assert evaluation_total({}, []) is None


# Summaries


def test_summary_of_no_evaluation_is_empty():
    assert summarize([]) == Summary(count=0, mean=None, median=None, spread=None, stdev=None)


def test_summary_of_one_evaluation_has_no_spread_and_no_deviation():
    assert summarize([72.5]) == Summary(count=1, mean=72.5, median=72.5, spread=0, stdev=None)


def test_summary_of_two_evaluations():
    assert summarize([60, 80]) == Summary(count=2, mean=70, median=70, spread=20, stdev=10)


def test_summary_median_of_an_odd_count_is_the_middle_total():
    summary = summarize([40, 90, 50])
    assert (summary.count, summary.mean, summary.median, summary.spread) == (3, 60, 50, 50)
    # deviations −20, 30, −10: (400 + 900 + 100) / 3
    assert summary.stdev == pytest.approx(math.sqrt(1400 / 3))


def test_summary_median_of_an_even_count_is_between_the_two_middle_totals():
    summary = summarize([10, 40, 60, 100])
    assert (summary.count, summary.mean, summary.median, summary.spread) == (4, 52.5, 50, 90)
    # deviations −42.5, −12.5, 7.5, 47.5: (1806.25 + 156.25 + 56.25 + 2256.25) / 4
    assert summary.stdev == pytest.approx(math.sqrt(1068.75))


def test_disagreement_is_flagged_only_beyond_the_threshold():
    assert not disagreement_flag(summarize([50, 75]), Decimal(25))
    assert disagreement_flag(summarize([50, 75.5]), Decimal(25))
    assert disagreement_flag(summarize([50, 75.5]), 25.0)
    assert not disagreement_flag(summarize([]), 0)


# Per-juror normalization


def test_a_lenient_and_a_severe_juror_ordering_alike_end_up_alike():
    lenient, severe = 1, 2
    totals = {(lenient, 10): 75, (lenient, 11): 80, (lenient, 12): 85}
    totals |= {(severe, 10): 35, (severe, 11): 40, (severe, 12): 45}
    # Each juror: z = ∓√(3/2), 0. All totals: mean 60, deviations ±15, ±20, ±25, so
    # sd = √(2500/6) and √(3/2) × √(2500/6) = 25.
    expected = {10: 35, 11: 60, 12: 85}
    normalized = normalize_by_juror(totals)
    assert normalized == {key: pytest.approx(expected[key[1]]) for key in totals}


def test_a_juror_with_a_single_evaluation_gets_the_grand_mean():
    totals = {(1, 10): 40, (1, 11): 60, (2, 10): 80}
    # All totals: mean 60, sd √((400 + 0 + 400)/3); juror 1: z = ∓1.
    grand_sd = math.sqrt(800 / 3)
    assert normalize_by_juror(totals) == {
        (1, 10): pytest.approx(60 - grand_sd),
        (1, 11): pytest.approx(60 + grand_sd),
        (2, 10): 60,
    }


def test_a_juror_giving_identical_totals_gets_the_grand_mean_for_each():
    totals = {(1, 10): 40, (1, 11): 60, (2, 10): 70, (2, 11): 70}
    # All totals: mean 60, sd √((400 + 0 + 100 + 100)/4); juror 1: z = ∓1.
    grand_sd = math.sqrt(150)
    assert normalize_by_juror(totals) == {
        (1, 10): pytest.approx(60 - grand_sd),
        (1, 11): pytest.approx(60 + grand_sd),
        (2, 10): 60,
        (2, 11): 60,
    }


def test_identical_totals_everywhere_are_left_unchanged():
    totals = {(1, 10): 70.5, (1, 11): 70.5, (2, 10): 70.5}
    assert normalize_by_juror(totals) == totals


def test_normalization_of_nothing_is_empty():
    assert normalize_by_juror({}) == {}


def test_normalized_totals_are_clamped_to_the_grid_scale():
    totals = {(1, 10): 0, (1, 11): 0, (1, 12): 0, (1, 13): 100}
    totals |= {(2, 10): 100, (2, 11): 100, (2, 12): 100, (2, 13): 0}
    # All totals: mean 50, sd 50. Juror 1: mean 25, sd 25√3, so z = −1/√3 for 0 and √3 for
    # 100 (50 + 50√3 > 100); juror 2 mirrored (50 − 50√3 < 0).
    low, high = 50 - 50 / math.sqrt(3), 50 + 50 / math.sqrt(3)
    assert normalize_by_juror(totals) == {
        (1, 10): pytest.approx(low),
        (1, 11): pytest.approx(low),
        (1, 12): pytest.approx(low),
        (1, 13): 100,
        (2, 10): pytest.approx(high),
        (2, 11): pytest.approx(high),
        (2, 12): pytest.approx(high),
        (2, 13): 0,
    }


# Krippendorff's alpha (interval)


def test_alpha_on_a_small_example_computed_by_hand():
    units = [[2, 4], [6, 6, 8], [8], [1, 2, 3]]  # [8]: one juror only, not pairable
    # n = 8 pairable values. Within units, Σ_{c≠k} (v_c − v_k)² / (m_u − 1): 8/1, 16/2, 12/2,
    # so D_o = 22/8. All values: mean 4, Σ(v − 4)² = 42, Σ_{i≠j} = 2 × 8 × 42 = 672,
    # D_e = 672/(8 × 7) = 12. alpha = 1 − (22/8)/12 = 37/48.
    assert krippendorff_alpha_interval(units) == pytest.approx(37 / 48)


def test_alpha_on_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders × 12 units,
    # interval alpha 0.849.
    units = [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4]]
    units += [[4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]]
    assert round(krippendorff_alpha_interval(units), 3) == 0.849


def test_alpha_leaves_out_missing_values_given_as_none():
    assert krippendorff_alpha_interval([[2, 4, None], [6, 6, 8], [8, None], [1, 2, 3]]) == (
        pytest.approx(37 / 48)
    )


def test_alpha_of_perfect_agreement_is_1():
    assert krippendorff_alpha_interval([[3, 3], [5, 5, 5], [7]]) == 1.0


def test_alpha_is_negative_when_jurors_disagree_systematically():
    # D_o = (200 + 200)/4 = 100; D_e = 2 × 4 × 100/(4 × 3) = 200/3
    assert krippendorff_alpha_interval([[0, 10], [10, 0]]) == pytest.approx(-0.5)


def test_alpha_is_none_without_variation():
    assert krippendorff_alpha_interval([[4, 4], [4, 4, 4], [9]]) is None


def test_alpha_is_none_without_a_pairable_unit():
    assert krippendorff_alpha_interval([[1], [2], []]) is None
    assert krippendorff_alpha_interval([]) is None


def reference_alpha(matrix: np.ndarray) -> float | None:
    """The `krippendorff` package's alpha (coders × units, nan where missing), None where
    it is undefined (it raises, or divides 0 by 0)."""
    try:
        with np.errstate(invalid="ignore"):
            alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    except ValueError:
        return None
    return None if math.isnan(alpha) else alpha


def units_of(matrix: np.ndarray):
    """The units (columns) without their missing values, as a generator."""
    return ([value for value in column if not math.isnan(value)] for column in matrix.T)


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_the_krippendorff_package_on_random_juries(seed):
    rng = np.random.default_rng(seed)
    coders, units = 20, 200
    quality = rng.uniform(20, 90, size=units)
    severity = rng.normal(0, 8, size=(coders, 1))
    raw = np.clip(quality + severity + rng.normal(0, 5 + 10 * seed, size=(coders, units)), 0, 100)
    # The package builds units × (distinct values)² arrays: values from a pool of 60 decimals.
    pool = np.sort(rng.uniform(0, 100, size=60).round(2))
    matrix = pool[np.abs(raw[..., np.newaxis] - pool).argmin(axis=-1)]
    matrix[rng.random(size=matrix.shape) < 0.3] = np.nan

    expected = reference_alpha(matrix)
    assert expected is not None
    assert krippendorff_alpha_interval(units_of(matrix)) == pytest.approx(expected, abs=1e-9)


cells = st.one_of(st.none(), st.integers(0, 10_000).map(lambda hundredths: hundredths / 100))

# Units (columns) of 2 to 6 cells each, a cell missing or a total in hundredths.
juries = st.integers(2, 6).flatmap(
    lambda coders: st.lists(
        st.lists(cells, min_size=coders, max_size=coders), min_size=1, max_size=12
    )
)


@settings(max_examples=300, deadline=None)
@given(juries)
def test_alpha_equals_the_krippendorff_package_on_any_small_data(columns):
    matrix = np.array([[np.nan if v is None else v for v in column] for column in columns]).T
    expected = reference_alpha(matrix)
    alpha = krippendorff_alpha_interval(units_of(matrix))
    if expected is None:
        assert alpha is None
    else:
        assert alpha == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_alpha_memory_grows_with_the_values_not_with_their_distinct_pairs():
    # 200,000 distinct values in 100,000 units of 2: a coincidence matrix of distinct values
    # would hold 200,000² entries (320 GB of floats).
    units = ([2 * u * 0.0005, (2 * u + 1) * 0.0005] for u in range(100_000))
    tracemalloc.start()
    try:
        alpha = krippendorff_alpha_interval(units)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert alpha == pytest.approx(1, abs=1e-6)
    assert peak < 6 * 2**20


# Readings


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [
        (
            None,
            "Not measurable: fewer than two jurors per application, or no difference "
            "between scores",
        ),  # fmt: skip
        (1.0, "Jurors agree well"),
        (0.8, "Jurors agree well"),
        (0.79, "Jurors agree moderately: compare with care"),
        (0.667, "Jurors agree moderately: compare with care"),
        (0.666, "Jurors agree little: discuss the scores before deciding"),
        (0.0, "Jurors agree little: discuss the scores before deciding"),
        (-0.01, "Jurors disagree systematically: check the grid was understood the same way"),
    ],
)
def test_agreement_reading_of_each_band(alpha, reading):
    assert agreement_reading(alpha) == gettext(reading)
    with translation.override("en"):
        assert agreement_reading(alpha) == reading
