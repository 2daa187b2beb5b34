"""Optimal assignment of applications to jurors, as a min-cost flow (no database here).

The problem: each of `n` applications needs `k` jurors; each of `m` jurors takes at most
their cap; some pairs are not allowed (conflicts of interest: the pair is simply not
offered); some pairs are fixed (an evaluation already started stays and counts).
Among all the ways to do it, the solver picks, in this order of priority:

1. the most assignments (every application gets its k jurors whenever that is possible);
2. the fewest moves: an existing assignment not yet started ("current" pair) stays
   unless moving it lets more applications get their jurors;
3. the most balanced loads: the t-th application given to a juror costs more than the
   (t-1)-th (convex cost, so the loads end up as even as caps and conflicts allow);
4. the best matches: a juror who knows the application's sector (expertise), its region
   or its language is preferred.

The network: source → application (capacity: what it still needs) → juror (one arc per
allowed pair, capacity 1) → sink (one unit arc per free place of the juror, the t-th
costing BALANCE · (fixed load + t)). OR-Tools' `SimpleMinCostFlow` computes the maximum
flow (priority 1, exactly) and, among maximum flows, the one of least cost. Priorities
2-4 are folded into integer costs whose weights make each level outweigh everything
below it (see `weights`):

- a pair's match score is a bit mask, EXPERTISE (4) + REGION (2) + LANGUAGE (1): an
  expertise match outweighs a region and a language match together, a region match a
  language match; the arc costs MATCH_MAX - score (0 … 7);
- BALANCE = 7 · F + 1, where F is the most assignments the solver can make: the match
  costs of any two solutions differ by at most 7 · F, so one step of balance outweighs
  every match preference;
- MOVE = BALANCE · F · P + 7 · F + 1 (P the highest load position offered), added to
  every pair that is not a current one: it outweighs any difference in balance and
  matches. It is 0 when there is no current pair (a first run), which keeps costs small.

At 5,000 applications × 300 jurors × k = 3 the largest arc cost is about 10^11, far within
the 64-bit costs OR-Tools scales by the number of nodes (it answers BAD_COST_RANGE, raised
here, only around 100,000 applications).

Everything is built from numpy arrays: no Python loop over the arcs (a 5,000 × 300 jury
has 1.5 million of them).
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

EXPERTISE, REGION, LANGUAGE = 4, 2, 1
MATCH_MAX = EXPERTISE + REGION + LANGUAGE
OUTSIDE = -1  # the juror of a fixed pair who is not among the candidates (a juror who left)


class Shortfall(StrEnum):
    """Why an application gets fewer than k jurors."""

    TOO_FEW_JURORS = "too-few-jurors"  # k is larger than the number of jurors
    CONFLICTS = "conflicts"  # fewer than k jurors without a conflict of interest
    JURORS_FULL = "jurors-full"  # every juror without a conflict who could take it is full


@dataclass(frozen=True)
class Short:
    application: int  # index
    assigned: int  # jurors it has (fixed ones included)
    missing: int
    reason: Shortfall
    free_jurors: int  # jurors without a conflict of interest (fixed ones included)


@dataclass(frozen=True)
class Objective:
    """What the solver optimizes, best first: more assigned, more kept, lower balance cost,
    higher match score. `key` orders solutions (lower is better)."""

    assigned: int  # pairs in the solution, fixed ones included
    kept: int  # current pairs kept
    balance: int  # Σ over jurors of 1 + 2 + … + load (fixed pairs included)
    match: int  # Σ of the match scores of the pairs chosen (fixed ones excluded)

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (-self.assigned, -self.kept, self.balance, -self.match)


@dataclass(frozen=True)
class Weights:
    balance: int
    move: int


@dataclass
class Solution:
    chosen: np.ndarray  # bool, one per offered pair: is it in the solution
    applications: np.ndarray  # the chosen pairs' application indices
    jurors: np.ndarray  # the chosen pairs' juror indices
    loads: np.ndarray  # per juror, fixed pairs included
    assigned: np.ndarray  # per application, fixed pairs included
    needed: int  # places still to fill: Σ max(0, k - fixed pairs of the application)
    capacity: int  # free places of the jurors: Σ max(0, cap - fixed load)
    objective: Objective
    weights: Weights
    short: list[Short] = field(default_factory=list)

    @property
    def capacity_short(self) -> bool:
        """The jurors' caps cannot hold what is needed, whatever the conflicts."""
        return self.capacity < self.needed


def _int_array(values, dtype=np.int64) -> np.ndarray:
    return np.asarray(values if values is not None else (), dtype=dtype).reshape(-1)


def weights(*, flow: int, top_position: int, with_moves: bool) -> Weights:
    """Cost weights that keep the priorities lexicographic (see the module's docstring)."""
    flow = max(int(flow), 1)
    balance = MATCH_MAX * flow + 1
    move = balance * flow * max(int(top_position), 1) + MATCH_MAX * flow + 1 if with_moves else 0
    return Weights(balance=balance, move=move)


def balance_cost(loads: np.ndarray) -> int:
    loads = _int_array(loads)
    return int((loads * (loads + 1) // 2).sum())


def solve(
    *,
    n_applications: int,
    n_jurors: int,
    k: int,
    caps: Sequence[int] | np.ndarray,
    pair_applications: Sequence[int] | np.ndarray,
    pair_jurors: Sequence[int] | np.ndarray,
    pair_matches: Sequence[int] | np.ndarray | None = None,
    pair_current: Sequence[bool] | np.ndarray | None = None,
    fixed_applications: Sequence[int] | np.ndarray = (),
    fixed_jurors: Sequence[int] | np.ndarray = (),
) -> Solution:
    """The optimal assignment.

    - `caps[j]`: the most applications juror j evaluates, fixed pairs included.
    - `pair_applications[i]`, `pair_jurors[i]`: the pairs that may be chosen (each at
      most once; conflicted and fixed pairs are left out); `pair_matches[i]` their match
      score (EXPERTISE | REGION | LANGUAGE bits, 0 … 7); `pair_current[i]` marks the
      existing assignments not yet started, which the solver moves only when it must.
    - `fixed_applications[i]`, `fixed_jurors[i]`: pairs that stay whatever happens (an
      evaluation exists): they count toward the application's k and take a place of the
      juror (OUTSIDE as juror: counts toward k only).

    Never raises on an infeasible instance: what cannot be assigned is in `short`.
    """
    n, m, k = int(n_applications), int(n_jurors), int(k)
    if n < 0 or m < 0 or k < 0:
        raise ValueError("n_applications, n_jurors and k must be non-negative")
    caps = _int_array(caps)
    if caps.shape != (m,):
        raise ValueError(f"caps has {caps.size} values for {m} jurors")
    pa = _int_array(pair_applications)
    pj = _int_array(pair_jurors)
    if pa.shape != pj.shape:
        raise ValueError("pair_applications and pair_jurors differ in length")
    matches = _int_array(pair_matches) if pair_matches is not None else np.zeros_like(pa)
    current = (
        np.asarray(pair_current, dtype=bool).reshape(-1)
        if pair_current is not None
        else np.zeros(pa.shape, dtype=bool)
    )
    if matches.shape != pa.shape or current.shape != pa.shape:
        raise ValueError("pair_matches and pair_current need one value per pair")
    if pa.size and (pa.min() < 0 or pa.max() >= n or pj.min() < 0 or pj.max() >= m):
        raise ValueError("a pair names an application or a juror out of range")
    if matches.size and (matches.min() < 0 or matches.max() > MATCH_MAX):
        raise ValueError(f"match scores run from 0 to {MATCH_MAX}")
    fa = _int_array(fixed_applications)
    fj = _int_array(fixed_jurors)
    if fa.shape != fj.shape:
        raise ValueError("fixed_applications and fixed_jurors differ in length")
    if fa.size and (fa.min() < 0 or fa.max() >= n or fj.min() < OUTSIDE or fj.max() >= m):
        raise ValueError("a fixed pair names an application or a juror out of range")
    inside = fj != OUTSIDE
    _check_pairs(pa * max(m, 1) + pj, fa[inside] * max(m, 1) + fj[inside])

    fixed_counts = np.bincount(fa, minlength=n) if n else np.zeros(0, np.int64)
    fixed_loads = np.bincount(fj[inside], minlength=m) if m else np.zeros(0, np.int64)
    need = np.clip(k - fixed_counts, 0, None)
    free = np.clip(caps - fixed_loads, 0, None)
    degree_a = np.bincount(pa, minlength=n) if n else np.zeros(0, np.int64)
    degree_j = np.bincount(pj, minlength=m) if m else np.zeros(0, np.int64)
    # Places worth offering: never more than the pairs a juror has, nor than is needed.
    places = np.minimum(free, np.minimum(degree_j, int(need.sum())))
    flow_bound = int(min(need.sum(), np.minimum(need, degree_a).sum(), places.sum()))

    # Juror → sink: one unit arc per place, the t-th costing BALANCE · (fixed load + t).
    place_jurors = np.repeat(np.arange(m, dtype=np.int64), places)
    starts = np.repeat(np.cumsum(places) - places, places)
    positions = fixed_loads[place_jurors] + np.arange(place_jurors.size) - starts + 1
    top = int(positions.max()) if positions.size else 1
    w = weights(flow=flow_bound, top_position=top, with_moves=bool(current.any()))

    chosen = np.zeros(pa.shape, dtype=bool)
    if flow_bound > 0:
        source, sink = 0, n + m + 1
        app_nodes = np.arange(1, n + 1, dtype=np.int64)
        tails = np.concatenate([np.zeros(n, np.int64), 1 + pa, 1 + n + place_jurors])
        heads = np.concatenate([app_nodes, 1 + n + pj, np.full(place_jurors.size, sink)])
        capacities = np.concatenate(
            [need, np.ones(pa.size, np.int64), np.ones(place_jurors.size, np.int64)]
        )
        costs = np.concatenate(
            [
                np.zeros(n, np.int64),
                (MATCH_MAX - matches) + w.move * (~current),
                w.balance * positions,
            ]
        )
        network = SimpleMinCostFlow()
        network.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32),
            heads.astype(np.int32),
            capacities.astype(np.int64),
            costs.astype(np.int64),
        )
        network.set_node_supply(source, flow_bound)
        network.set_node_supply(sink, -flow_bound)
        status = network.solve_max_flow_with_min_cost()
        if status != network.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status!r}")
        pair_arcs = np.arange(n, n + pa.size, dtype=np.int32)
        chosen = network.flows(pair_arcs).astype(bool)

    ca, cj = pa[chosen], pj[chosen]
    loads = fixed_loads + (np.bincount(cj, minlength=m) if m else 0)
    assigned = fixed_counts + (np.bincount(ca, minlength=n) if n else 0)
    objective = Objective(
        assigned=int(fa.size + chosen.sum()),
        kept=int((chosen & current).sum()),
        balance=balance_cost(loads),
        match=int(matches[chosen].sum()),
    )
    short = _shortfalls(
        k=k,
        m=m,
        assigned=assigned,
        fixed_counts=fixed_counts,
        outside_counts=np.bincount(fa[~inside], minlength=n) if n else fixed_counts,
        degree_a=degree_a,
    )
    return Solution(
        chosen=chosen,
        applications=ca,
        jurors=cj,
        loads=np.asarray(loads, dtype=np.int64),
        assigned=np.asarray(assigned, dtype=np.int64),
        needed=int(need.sum()),
        capacity=int(free.sum()),
        objective=objective,
        weights=w,
        short=short,
    )


def _check_pairs(keys: np.ndarray, fixed_keys: np.ndarray) -> None:
    """No pair offered twice, no fixed pair offered. Sorting is skipped when the pairs come
    sorted (as `np.nonzero` gives them); `np.unique` would hash 1.5 M keys for nothing."""
    ordered = keys if np.all(keys[1:] > keys[:-1]) else np.sort(keys)
    if ordered.size > 1 and np.any(ordered[1:] == ordered[:-1]):
        raise ValueError("a pair is offered twice")
    if ordered.size and fixed_keys.size:
        at = np.clip(np.searchsorted(ordered, fixed_keys), 0, ordered.size - 1)
        if np.any(ordered[at] == fixed_keys):
            raise ValueError("a fixed pair is also offered")


def _shortfalls(*, k, m, assigned, fixed_counts, outside_counts, degree_a) -> list[Short]:
    """Why each application left short is short. After a maximum flow, an application
    still short has no free juror without conflict left (otherwise the flow would have
    used that path): either such jurors are too few, or they are all full."""
    short = []
    possible = fixed_counts + degree_a  # jurors without conflict, fixed ones included
    for a in np.flatnonzero(assigned < k):
        if m + outside_counts[a] < k:
            reason = Shortfall.TOO_FEW_JURORS
        elif possible[a] < k:
            reason = Shortfall.CONFLICTS
        else:
            reason = Shortfall.JURORS_FULL
        short.append(
            Short(
                application=int(a),
                assigned=int(assigned[a]),
                missing=int(k - assigned[a]),
                reason=reason,
                free_jurors=int(possible[a]),
            )
        )
    return short


def feature_matches(
    *,
    application_values: Sequence[Hashable | None],
    juror_values: Sequence[Iterable[Hashable] | None],
    pair_applications: np.ndarray,
    pair_jurors: np.ndarray,
) -> np.ndarray:
    """For each pair, whether the application's value (a sector, a region, a language) is
    among the juror's. Loops over applications and jurors only; the pairs are numpy."""
    vocabulary: dict[Hashable, int] = {}
    codes = np.array(
        [
            vocabulary.setdefault(value, len(vocabulary)) if value not in (None, "") else -1
            for value in application_values
        ],
        dtype=np.int64,
    ).reshape(-1)
    table = np.zeros((len(juror_values), len(vocabulary) + 1), dtype=bool)
    for j, values in enumerate(juror_values):
        for value in values or ():
            column = vocabulary.get(value)
            if column is not None:
                table[j, column] = True
    pa, pj = _int_array(pair_applications), _int_array(pair_jurors)
    if not pa.size:
        return np.zeros(0, dtype=bool)
    return table[pj, codes[pa]]  # code -1 reads the last column, always False


def match_scores(*, expertise: np.ndarray, region: np.ndarray, language: np.ndarray) -> np.ndarray:
    return (
        EXPERTISE * np.asarray(expertise, dtype=np.int64)
        + REGION * np.asarray(region, dtype=np.int64)
        + LANGUAGE * np.asarray(language, dtype=np.int64)
    )
