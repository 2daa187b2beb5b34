"""Scoring statistics: evaluation totals, per-application summaries, per-juror normalization
and the jurors' agreement (Krippendorff's alpha). Pure Python: no model, no database.

Every total is "on the grid's scale": points out of 100, whatever the criteria's scales.
"""

import math
import statistics
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext

# Lower bounds of the agreement readings (Krippendorff's usual cut-offs).
GOOD_AGREEMENT = 0.8
TENTATIVE_AGREEMENT = 0.667
SOME_AGREEMENT = 0.0


@dataclass(frozen=True)
class GridCriterion:
    id: int
    weight: int  # percent, the grid's weights add up to 100
    min_score: Decimal
    max_score: Decimal


def evaluation_total(
    scores: Mapping[int, Decimal | None], criteria: Sequence[GridCriterion]
) -> float | None:
    """The weighted total out of 100, or None when a criterion has no score (or there is no
    criterion). Each criterion gives weight × (score − min)/(max − min); the sum is divided by
    the sum of the weights, so a grid whose weights do not add up to 100 still gives 0..100."""
    if not criteria:
        return None
    points = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            return None
        low, high = Fraction(criterion.min_score), Fraction(criterion.max_score)
        points += criterion.weight * (Fraction(score) - low) / (high - low)
    return float(points * 100 / sum(criterion.weight for criterion in criteria))


@dataclass(frozen=True)
class Summary:
    count: int  # evaluations received
    mean: float | None
    median: float | None
    spread: float | None  # max − min of the totals (0 with one total, None with none)
    stdev: float | None  # population standard deviation, None with fewer than 2


def summarize(totals: Sequence[float]) -> Summary:
    if not totals:
        return Summary(count=0, mean=None, median=None, spread=None, stdev=None)
    return Summary(
        count=len(totals),
        mean=statistics.fmean(totals),
        median=float(statistics.median(totals)),
        spread=float(max(totals) - min(totals)),
        stdev=statistics.pstdev(totals) if len(totals) > 1 else None,
    )


def normalize_by_juror(totals: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Each juror's totals as z-scores (over that juror's totals), mapped back to the grid's
    scale with the mean and the standard deviation (population) of all the totals, clamped to
    0..100: a severe and a lenient juror who order applications alike end up alike.

    - empty input → {};
    - a juror with a single evaluation, or identical totals, has z = 0 → the grand mean;
    - everyone's totals identical (grand sd = 0) → the raw totals, unchanged.
    """
    if not totals:
        return {}
    grand_mean, grand_sd = statistics.fmean(totals.values()), statistics.pstdev(totals.values())
    if grand_sd == 0:
        return dict(totals)
    by_juror = defaultdict(list)
    for (juror, _application), total in totals.items():
        by_juror[juror].append(total)
    moments = {
        juror: (statistics.fmean(values), statistics.pstdev(values))
        for juror, values in by_juror.items()
    }
    normalized = {}
    for (juror, application), total in totals.items():
        mean, sd = moments[juror]
        z = (total - mean) / sd if sd else 0.0
        normalized[juror, application] = min(100.0, max(0.0, grand_mean + z * grand_sd))
    return normalized


def krippendorff_alpha_interval(units: Iterable[Sequence[float]]) -> float | None:
    """Krippendorff's alpha, interval metric, from pairs of values rather than from a
    coincidence matrix of distinct values: memory grows with the number of values only.

    `units`: the values given to each application (one per juror, missing ones absent); a
    unit with fewer than 2 values is not pairable and is left out (None counts as absent).
    With n pairable values:
    D_o = (1/n) Σ_u [Σ_{c≠k in u} (v_c − v_k)²]/(m_u − 1) and
    D_e = [Σ_{i≠j} (v_i − v_j)²]/(n(n − 1)), where a set of m values with mean v̄ has
    Σ_{i≠j} (v_i − v_j)² = 2m·Σv² − 2(Σv)² = 2m·Σ(v − v̄)² (computed around the mean).
    alpha = 1 − D_o/D_e; None when there are fewer than 2 pairable values or no variation.
    """
    values = array("d")  # every pairable value, 8 bytes each
    observed = array("d")  # one disagreement sum per pairable unit
    for unit in units:
        unit_values = [float(value) for value in unit if value is not None]
        m = len(unit_values)
        if m < 2:
            continue
        observed.append(_pair_squares(unit_values) / (m - 1))
        values.extend(unit_values)
    n = len(values)
    if n < 2 or min(values) == max(values):
        return None
    expected = _pair_squares(values) / (n * (n - 1))
    return 1.0 - (math.fsum(observed) / n) / expected


def _pair_squares(values: Sequence[float]) -> float:
    """Σ_{i≠j} (v_i − v_j)² over the ordered pairs of distinct positions: 2m·Σ(v − v̄)²."""
    mean = math.fsum(values) / len(values)
    return 2 * len(values) * math.fsum((value - mean) ** 2 for value in values)


def agreement_reading(alpha: float | None) -> str:
    """The jurors' agreement in plain words, for organizers."""
    if alpha is None:
        return gettext(
            "Not measurable: fewer than two jurors per application, or no difference between scores"
        )
    if alpha >= GOOD_AGREEMENT:
        return gettext("Jurors agree well")
    if alpha >= TENTATIVE_AGREEMENT:
        return gettext("Jurors agree moderately: compare with care")
    if alpha >= SOME_AGREEMENT:
        return gettext("Jurors agree little: discuss the scores before deciding")
    return gettext("Jurors disagree systematically: check the grid was understood the same way")


def disagreement_flag(summary: Summary, threshold: float | Decimal) -> bool:
    """Whether the jurors' totals differ by strictly more than `threshold` points."""
    return summary.spread is not None and summary.spread > threshold
