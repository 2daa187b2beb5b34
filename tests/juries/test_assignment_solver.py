"""The assignment solver alone (no database): its constraints always hold, and its
solution is as good as an exhaustive search's on every small instance hypothesis finds."""

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juries.assignment import (
    EXPERTISE,
    LANGUAGE,
    MATCH_MAX,
    OUTSIDE,
    REGION,
    Shortfall,
    balance_cost,
    feature_matches,
    solve,
    weights,
)

ALLOWED, CONFLICT, FIXED = "allowed", "conflict", "fixed"


@dataclass
class Instance:
    n: int
    m: int
    k: int
    caps: list[int]
    cells: dict[tuple[int, int], str]  # (application, juror) → allowed / conflict / fixed
    matches: dict[tuple[int, int], int]
    current: dict[tuple[int, int], bool]
    outside: list[int]  # per application: fixed pairs with a juror outside the jury

    @property
    def offered(self) -> list[tuple[int, int]]:
        return sorted(cell for cell, state in self.cells.items() if state == ALLOWED)

    @property
    def fixed(self) -> list[tuple[int, int]]:
        inside = [cell for cell, state in self.cells.items() if state == FIXED]
        return sorted(inside) + [(a, OUTSIDE) for a, count in enumerate(self.outside)
                                 for _ in range(count)]  # fmt: skip

    def run(self):
        offered, fixed = self.offered, self.fixed
        return solve(
            n_applications=self.n,
            n_jurors=self.m,
            k=self.k,
            caps=self.caps,
            pair_applications=[a for a, _ in offered],
            pair_jurors=[j for _, j in offered],
            pair_matches=[self.matches[cell] for cell in offered],
            pair_current=[self.current[cell] for cell in offered],
            fixed_applications=[a for a, _ in fixed],
            fixed_jurors=[j for _, j in fixed],
        )


@st.composite
def instances(draw):
    n = draw(st.integers(0, 5))
    m = draw(st.integers(0, 4))
    k = draw(st.integers(1, 3))
    caps = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m))
    cells, matches, current = {}, {}, {}
    for a in range(n):
        for j in range(m):
            cells[(a, j)] = draw(st.sampled_from([ALLOWED, ALLOWED, ALLOWED, CONFLICT, FIXED]))
            matches[(a, j)] = draw(st.integers(0, MATCH_MAX))
            current[(a, j)] = draw(st.booleans()) if cells[(a, j)] == ALLOWED else False
    outside = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    return Instance(n, m, k, caps, cells, matches, current, outside)


def exhaustive_best(instance: Instance) -> tuple[int, int, int, int]:
    """The best objective key over every possible choice: for each application, every
    subset of its offered jurors it still has room for; caps checked. Partial choices
    reaching the same juror loads are merged keeping the best (kept, match) — assigned
    count and balance depend on the loads alone, so nothing better is lost."""
    fixed_loads = [0] * instance.m
    fixed_counts = [0] * instance.n
    for a, j in instance.fixed:
        fixed_counts[a] += 1
        if j != OUTSIDE:
            fixed_loads[j] += 1
    room = [max(0, cap - load) for cap, load in zip(instance.caps, fixed_loads, strict=True)]
    states = {tuple([0] * instance.m): (0, 0)}  # new loads → best (kept, match)
    for a in range(instance.n):
        offered = [j for (aa, j) in instance.offered if aa == a]
        need = max(0, instance.k - fixed_counts[a])
        options = [
            combo
            for size in range(min(need, len(offered)) + 1)
            for combo in itertools.combinations(offered, size)
        ]
        following = {}
        for loads, (kept, match) in states.items():
            for combo in options:
                new = list(loads)
                for j in combo:
                    new[j] += 1
                if any(new[j] > room[j] for j in combo):
                    continue
                value = (
                    kept + sum(instance.current[(a, j)] for j in combo),
                    match + sum(instance.matches[(a, j)] for j in combo),
                )
                key = tuple(new)
                if key not in following or value > following[key]:
                    following[key] = value
        states = following
    return min(
        (
            -(len(instance.fixed) + sum(loads)),
            -kept,
            balance_cost(np.add(fixed_loads, loads)),
            -match,
        )
        for loads, (kept, match) in states.items()
    )


@settings(max_examples=300, deadline=None)
@given(instances())
def test_solution_respects_every_constraint_and_matches_exhaustive_search(instance):
    solution = instance.run()
    chosen = chosen_pairs(solution)

    # Conflicted pairs never; each pair once; fixed pairs never offered again.
    assert all(instance.cells[cell] == ALLOWED for cell in chosen)
    assert len(set(chosen)) == len(chosen)
    # Caps: what the solver adds never takes a juror past their cap.
    fixed_loads = np.bincount(
        [j for _, j in instance.fixed if j != OUTSIDE], minlength=instance.m
    ).astype(int)
    added = np.bincount([j for _, j in chosen], minlength=instance.m).astype(int)
    for j in range(instance.m):
        assert added[j] <= max(0, instance.caps[j] - fixed_loads[j])
        assert solution.loads[j] == fixed_loads[j] + added[j]
    # Never more than k jurors, counting the fixed ones.
    fixed_counts = np.bincount([a for a, _ in instance.fixed], minlength=instance.n)
    given_ = np.bincount([a for a, _ in chosen], minlength=instance.n)
    for a in range(instance.n):
        assert given_[a] <= max(0, instance.k - fixed_counts[a])
        assert solution.assigned[a] == fixed_counts[a] + given_[a]

    # The objective the solver reports is the one of its pairs, and the optimum.
    objective = solution.objective
    assert objective.assigned == len(instance.fixed) + len(chosen)
    assert objective.kept == sum(instance.current[cell] for cell in chosen)
    assert objective.balance == balance_cost(solution.loads)
    assert objective.match == sum(instance.matches[cell] for cell in chosen)
    assert objective.key == exhaustive_best(instance)

    # Every application left short is listed, with a reason that holds.
    short = {item.application: item for item in solution.short}
    assert set(short) == {a for a in range(instance.n) if solution.assigned[a] < instance.k}
    for a, item in short.items():
        assert item.missing == instance.k - solution.assigned[a]
        if item.reason == Shortfall.TOO_FEW_JURORS:
            assert instance.m + instance.outside[a] < instance.k
        elif item.reason == Shortfall.CONFLICTS:
            assert item.free_jurors < instance.k
        else:
            # Every juror without a conflict who does not have it yet is full.
            for j in range(instance.m):
                if instance.cells[(a, j)] == ALLOWED and (a, j) not in chosen:
                    assert solution.loads[j] >= instance.caps[j]


def chosen_pairs(solution) -> list[tuple[int, int]]:
    return list(zip(solution.applications.tolist(), solution.jurors.tolist(), strict=True))


def pairs(n, m, conflicts=()):
    cells = [(a, j) for a in range(n) for j in range(m) if (a, j) not in set(conflicts)]
    return {
        "pair_applications": [a for a, _ in cells],
        "pair_jurors": [j for _, j in cells],
    }


def test_caps_too_small_for_k_are_explained_not_crashed_on():
    solution = solve(n_applications=4, n_jurors=3, k=2, caps=[1, 1, 1], **pairs(4, 3))

    assert solution.capacity_short
    assert (solution.capacity, solution.needed) == (3, 8)
    assert solution.objective.assigned == 3
    assert solution.loads.tolist() == [1, 1, 1]
    assert sum(item.missing for item in solution.short) == 5
    assert {item.reason for item in solution.short} == {Shortfall.JURORS_FULL}


def test_k_larger_than_the_jury_gives_every_juror_and_says_why():
    solution = solve(n_applications=3, n_jurors=2, k=3, caps=[5, 5], **pairs(3, 2))

    assert solution.assigned.tolist() == [2, 2, 2]
    assert [(item.missing, item.reason) for item in solution.short] == [
        (1, Shortfall.TOO_FEW_JURORS)
    ] * 3


def test_an_application_with_too_few_jurors_without_conflict_says_so():
    solution = solve(
        n_applications=2, n_jurors=3, k=2, caps=[5, 5, 5], **pairs(2, 3, conflicts=[(0, 0), (0, 1)])
    )

    assert [(item.application, item.reason, item.free_jurors) for item in solution.short] == [
        (0, Shortfall.CONFLICTS, 1)
    ]
    assert solution.assigned.tolist() == [1, 2]


def test_loads_are_balanced_before_matches_are_preferred():
    # Juror 0 matches every application on everything; balance still comes first.
    solution = solve(
        n_applications=6,
        n_jurors=3,
        k=1,
        caps=[6, 6, 6],
        pair_matches=[MATCH_MAX, 0, 0] * 6,
        **pairs(6, 3),
    )

    assert solution.loads.tolist() == [2, 2, 2]


def test_among_balanced_solutions_expertise_outweighs_region_and_language():
    # Two applications, two jurors, one each: juror 0 knows application 0's sector,
    # juror 1 its region and language. Application 1 matches nobody.
    solution = solve(
        n_applications=2,
        n_jurors=2,
        k=1,
        caps=[1, 1],
        pair_matches=[EXPERTISE, REGION | LANGUAGE, 0, 0],
        **pairs(2, 2),
    )

    assert sorted(chosen_pairs(solution)) == [
        (0, 0),
        (1, 1),
    ]


def test_a_juror_removed_keeps_what_was_started_and_only_their_others_move():
    # Six applications, three jurors, k = 2: each juror has four.
    first = solve(n_applications=6, n_jurors=3, k=2, caps=[4, 4, 4], **pairs(6, 3))
    held = sorted(chosen_pairs(first))
    assert first.loads.tolist() == [4, 4, 4]
    # Juror 2 leaves after submitting one evaluation (it stays, juror outside the jury);
    # juror 0 has started one (it stays, fixed). The other pairs of jurors 0 and 1 are
    # current: the solver may move them, but has no reason to.
    submitted = next(pair for pair in held if pair[1] == 2)
    started = next(pair for pair in held if pair[1] == 0)
    current = [pair for pair in held if pair[1] != 2 and pair != started]
    offered = [(a, j) for a in range(6) for j in range(2) if (a, j) != started]
    second = solve(
        n_applications=6,
        n_jurors=2,
        k=2,
        caps=[6, 6],
        pair_applications=[a for a, _ in offered],
        pair_jurors=[j for _, j in offered],
        pair_current=[pair in current for pair in offered],
        fixed_applications=[submitted[0], started[0]],
        fixed_jurors=[OUTSIDE, 0],
    )
    chosen = set(chosen_pairs(second))

    assert set(current) <= chosen  # nothing of the jurors who stayed moved
    assert len(chosen - set(current)) == 3  # juror 2's three not started went to others
    assert second.objective.assigned == 12
    assert second.short == []


def test_a_current_pair_moves_when_that_gives_an_application_its_jurors():
    # Application 0 holds juror 0; application 1 can only have juror 0 (conflict with 1).
    solution = solve(
        n_applications=2,
        n_jurors=2,
        k=1,
        caps=[1, 1],
        pair_current=[True, False, False],
        **pairs(2, 2, conflicts=[(1, 1)]),
    )

    assert sorted(chosen_pairs(solution)) == [
        (0, 1),
        (1, 0),
    ]
    assert solution.objective.kept == 0


def test_weights_make_each_priority_outweigh_the_next():
    w = weights(flow=15_000, top_position=60, with_moves=True)

    assert w.balance > MATCH_MAX * 15_000
    assert w.move > w.balance * 15_000 * 60 + MATCH_MAX * 15_000
    assert weights(flow=15_000, top_position=60, with_moves=False).move == 0


def test_empty_jury_or_pool_is_no_error():
    nobody = solve(n_applications=2, n_jurors=0, k=2, caps=[], **pairs(2, 0))
    nothing = solve(n_applications=0, n_jurors=2, k=2, caps=[3, 3], **pairs(0, 2))

    assert [item.reason for item in nobody.short] == [Shortfall.TOO_FEW_JURORS] * 2
    assert nothing.short == []
    assert nothing.loads.tolist() == [0, 0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"pair_applications": [0, 0], "pair_jurors": [1, 1]}, "offered twice"),
        ({"pair_applications": [0], "pair_jurors": [5]}, "out of range"),
        (
            {
                "pair_applications": [0],
                "pair_jurors": [0],
                "fixed_applications": [0],
                "fixed_jurors": [0],
            },
            "also offered",
        ),
        ({"pair_applications": [0], "pair_jurors": [0], "pair_matches": [9]}, "match scores"),
    ],
)
def test_malformed_input_is_a_programming_error(arguments, message):
    with pytest.raises(ValueError, match=message):
        solve(n_applications=2, n_jurors=2, k=1, caps=[1, 1], **arguments)


def test_feature_matches_reads_each_pair_from_the_lookup_tables():
    result = feature_matches(
        application_values=["argan", None, "honey"],
        juror_values=[["argan", "dates"], None],
        pair_applications=np.array([0, 0, 1, 2, 2]),
        pair_jurors=np.array([0, 1, 0, 0, 1]),
    )

    assert result.tolist() == [True, False, False, False, False]
