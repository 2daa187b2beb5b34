"""The baseline the optimal assignment is measured against: a greedy round-robin.

In k rounds, each application in turn takes the least loaded juror it may have (no
conflict, not already its juror, below their cap); ties go to the better match, then to
the lower index. Same signature and result type as `juries.assignment.solve`, so the
service plans and writes its result the same way.
"""

import numpy as np

from juries.assignment import MATCH_MAX, OUTSIDE, Objective, Solution, Weights, balance_cost


def greedy_solve(
    *,
    n_applications,
    n_jurors,
    k,
    caps,
    pair_applications,
    pair_jurors,
    pair_matches=None,
    pair_current=None,
    fixed_applications=(),
    fixed_jurors=(),
) -> Solution:
    n, m = int(n_applications), int(n_jurors)
    pa = np.asarray(pair_applications, dtype=np.int64)
    pj = np.asarray(pair_jurors, dtype=np.int64)
    matches = (
        np.asarray(pair_matches, dtype=np.int64) if pair_matches is not None else np.zeros_like(pa)
    )
    current = (
        np.asarray(pair_current, dtype=bool)
        if pair_current is not None
        else np.zeros(pa.shape, dtype=bool)
    )
    fa = np.asarray(fixed_applications, dtype=np.int64)
    fj = np.asarray(fixed_jurors, dtype=np.int64)
    inside = fj != OUTSIDE

    allowed = np.zeros((n, m), dtype=bool)
    allowed[pa, pj] = True
    # Lower is better: load first, then the better match (scores run 0 … MATCH_MAX).
    preference = np.zeros((n, m), dtype=np.int64)
    preference[pa, pj] = MATCH_MAX - matches
    caps = np.asarray(caps, dtype=np.int64)
    loads = np.bincount(fj[inside], minlength=m).astype(np.int64)
    counts = np.bincount(fa, minlength=n).astype(np.int64)
    chosen_grid = np.zeros((n, m), dtype=bool)
    blocked = np.iinfo(np.int64).max
    for _round in range(k):
        for a in range(n):
            if counts[a] >= k:
                continue
            candidates = allowed[a] & (loads < caps)
            if not candidates.any():
                continue
            score = np.where(candidates, loads * (MATCH_MAX + 1) + preference[a], blocked)
            j = int(score.argmin())
            chosen_grid[a, j] = True
            allowed[a, j] = False
            loads[j] += 1
            counts[a] += 1

    chosen = chosen_grid[pa, pj]
    return Solution(
        chosen=chosen,
        applications=pa[chosen],
        jurors=pj[chosen],
        loads=loads,
        assigned=counts,
        needed=int(np.clip(k - np.bincount(fa, minlength=n), 0, None).sum()),
        capacity=int(np.clip(caps - np.bincount(fj[inside], minlength=m), 0, None).sum()),
        objective=Objective(
            assigned=int(fa.size + chosen.sum()),
            kept=int((chosen & current).sum()),
            balance=balance_cost(loads),
            match=int(matches[chosen].sum()),
        ),
        weights=Weights(balance=0, move=0),
        short=[],
    )
