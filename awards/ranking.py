"""The ranking of a call's applications from their scores (no database here).

Applications are ordered by the call's primary mean (raw or normalized), best first.
Applications with exactly the same primary mean (compared at 6 decimals, so float noise
never breaks a tie) form a group that the call's tie-break rules split, in the order the
call set them: each rule orders the group by its own value, best first, and the
applications it cannot separate go on to the next rule. What is still tied after every
rule is ordered by the chair, as far as the chair has decided; the rest shares one
position (competition style: two tied at 3, then 5) until the chair settles it.

The result depends on the scores only: the input's order never changes it.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext

from awards.enums import RankBy, TieBreak

CHAIR = "chair"
PRECISION = 6  # decimals compared: float noise below this never separates two applications


@dataclass(frozen=True)
class Candidate:
    application_id: int
    reference: str  # orders an unresolved tie for display, nothing else
    raw_mean: float | None  # None: no evaluation received
    normalized_mean: float | None
    median: float | None
    heaviest_mean: float | None  # mean score on the heaviest criterion
    juror_totals: Mapping[int, float]  # juror id → that juror's total for this application


@dataclass(frozen=True)
class RankedRow:
    """One line of the ranking.

    `decided_by` names what separated the row from the one just above: None for the
    primary mean (or the first row), a `TieBreak` value, or "chair". A row the chair placed
    is always marked "chair". Rows of a tie share the position and what separated the tie
    from the row above it. Applications without any evaluation have no position.
    """

    position: int | None
    candidate: Candidate
    decided_by: str | None
    tied: bool  # shares its position: the chair still has to decide


Key = Callable[[Candidate, Sequence[Candidate]], float | None]
Block = tuple[tuple[Candidate, ...], str | None]  # candidates sharing a position, and why apart


def _jurors_preferring(candidate: Candidate, group: Sequence[Candidate]) -> float:
    """How many (juror, other application of the group) pairs have the juror scoring this
    application strictly higher than the other one."""
    return sum(
        1
        for other in group
        if other is not candidate
        for juror, total in candidate.juror_totals.items()
        if juror in other.juror_totals and _rounded(total) > _rounded(other.juror_totals[juror])
    )


PRIMARY_KEYS: dict[str, Key] = {
    RankBy.RAW: lambda candidate, group: candidate.raw_mean,
    RankBy.NORMALIZED: lambda candidate, group: candidate.normalized_mean,
}
TIE_BREAK_KEYS: dict[str, Key] = {
    TieBreak.NORMALIZED_MEAN: lambda candidate, group: candidate.normalized_mean,
    TieBreak.RAW_MEAN: lambda candidate, group: candidate.raw_mean,
    TieBreak.MEDIAN: lambda candidate, group: candidate.median,
    TieBreak.HEAVIEST_CRITERION: lambda candidate, group: candidate.heaviest_mean,
    TieBreak.JURORS_PREFERRING: _jurors_preferring,
}


def rank(
    candidates: Sequence[Candidate],
    *,
    rank_by: str,
    tie_breaks: Sequence[str],
    chair_order: Sequence[int] = (),
) -> list[RankedRow]:
    """The ranking, best first, then the applications without any evaluation."""
    primary = PRIMARY_KEYS[RankBy(rank_by)]
    rules = [TieBreak(rule).value for rule in tie_breaks]
    chair_place = {application_id: place for place, application_id in enumerate(chair_order)}

    evaluated = [candidate for candidate in candidates if candidate.raw_mean is not None]
    blocks: list[Block] = []
    for group in _split(evaluated, primary):
        blocks += _settle(group, rules, chair_place, separated_by=None)

    rows = []
    position = 1
    for block, decided_by in blocks:
        rows += [RankedRow(position, candidate, decided_by, len(block) > 1) for candidate in block]
        position += len(block)
    unevaluated = [candidate for candidate in candidates if candidate.raw_mean is None]
    rows += [RankedRow(None, candidate, None, False) for candidate in _by_reference(unevaluated)]
    return rows


def tie_break_explanation(rule: str) -> str:
    """What a `decided_by` value means, in the active language."""
    if rule == CHAIR:
        return gettext("Chair's decision")
    return str(TieBreak(rule).label)


def _settle(
    group: Sequence[Candidate],
    rules: Sequence[str],
    chair_place: Mapping[int, int],
    separated_by: str | None,
) -> list[Block]:
    """Order a group tied so far with the remaining rules, then the chair's order."""
    if len(group) == 1:
        return [(tuple(group), separated_by)]
    if not rules:
        return _chair(group, chair_place, separated_by)
    rule, *later_rules = rules
    blocks = []
    for index, subgroup in enumerate(_split(group, TIE_BREAK_KEYS[rule])):
        blocks += _settle(subgroup, later_rules, chair_place, rule if index else separated_by)
    return blocks


def _split(group: Sequence[Candidate], key: Key) -> list[list[Candidate]]:
    """The group cut into subgroups of equal key, best first; a missing key comes last."""
    values = {candidate.application_id: _rounded(key(candidate, group)) for candidate in group}

    def order(candidate: Candidate) -> tuple[bool, float]:
        value = values[candidate.application_id]
        return (value is None, -value if value is not None else 0.0)

    ordered = sorted(_by_reference(group), key=order)
    return [list(subgroup) for _, subgroup in groupby(ordered, key=order)]


def _chair(
    group: Sequence[Candidate], chair_place: Mapping[int, int], separated_by: str | None
) -> list[Block]:
    """The chair's order first; the applications the chair has not placed stay tied."""
    placed = sorted(
        (candidate for candidate in group if candidate.application_id in chair_place),
        key=lambda candidate: chair_place[candidate.application_id],
    )
    blocks: list[Block] = [((candidate,), CHAIR) for candidate in placed]
    unplaced = [candidate for candidate in group if candidate.application_id not in chair_place]
    if unplaced:
        blocks.append((tuple(_by_reference(unplaced)), CHAIR if placed else separated_by))
    return blocks


def _by_reference(candidates: Sequence[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda candidate: (candidate.reference, candidate.application_id))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, PRECISION)
