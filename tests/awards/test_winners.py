"""The proposed winners alone (no database): the ranking bent by the region cap, one prize
per organization and the women-led and youth-led minimums, each change explained."""

import pytest
from django.utils import translation

from awards.winners import Constraints, Entrant, Move, Slot, constraint_label, propose

FIRST, SECOND, THIRD = 10, 20, 30  # prize category ids
THREE_PRIZES = [Slot(FIRST, 1), Slot(SECOND, 2)]


def entrant(
    application_id, region="casablanca-settat", *, organization=None, women=False, youth=False
):
    return Entrant(
        application_id=application_id,
        organization_id=organization or application_id,
        region=region,
        women_led=women,
        youth_led=youth,
    )


def left_out(application_id, constraint, instead_of):
    return Move(application_id, "left-out", constraint, instead_of)


def brought_in(application_id, constraint, instead_of):
    return Move(application_id, "brought-in", constraint, instead_of)


def test_without_constraints_the_best_ranked_win_in_category_order():
    ranked = [entrant(number) for number in range(1, 7)]
    slots = [Slot(FIRST, 1), Slot(SECOND, 2), Slot(THIRD, 2)]

    proposal = propose(ranked, slots, Constraints())

    assert proposal.awards == [(1, FIRST), (2, SECOND), (3, SECOND), (4, THIRD), (5, THIRD)]
    assert proposal.moves == []
    assert proposal.unmet == []


def test_region_cap_leaves_out_a_third_winner_from_one_region_and_takes_the_next():
    ranked = [
        entrant(1, "souss-massa"),
        entrant(2, "souss-massa"),
        entrant(3, "souss-massa"),
        entrant(4, "oriental"),
        entrant(5, "souss-massa"),
    ]

    proposal = propose(ranked, THREE_PRIZES, Constraints(max_per_region=2))

    assert proposal.awards == [(1, FIRST), (2, SECOND), (4, SECOND)]
    assert proposal.moves == [left_out(3, "region", 4), brought_in(4, "region", 3)]
    assert proposal.unmet == []


def test_one_prize_per_organization_passes_a_second_prize_to_the_next_organization():
    ranked = [
        entrant(1, organization=7),
        entrant(2, organization=7),
        entrant(3, organization=8),
        entrant(4, organization=9),
    ]

    proposal = propose(ranked, [Slot(FIRST, 2)], Constraints())

    assert proposal.awards == [(1, FIRST), (3, FIRST)]
    assert proposal.moves == [left_out(2, "organization", 3), brought_in(3, "organization", 2)]


def test_an_organization_may_win_twice_when_the_call_allows_it():
    ranked = [entrant(1, organization=7), entrant(2, organization=7), entrant(3)]

    proposal = propose(ranked, [Slot(FIRST, 2)], Constraints(one_prize_per_organization=False))

    assert proposal.awards == [(1, FIRST), (2, FIRST)]
    assert proposal.moves == []


def test_entrants_without_an_organization_or_a_region_are_never_held_back():
    ranked = [
        Entrant(1, None, "", women_led=False, youth_led=False),
        Entrant(2, None, "", women_led=False, youth_led=False),
        Entrant(3, None, "", women_led=False, youth_led=False),
    ]

    proposal = propose(ranked, THREE_PRIZES, Constraints(max_per_region=1))

    assert proposal.awards == [(1, FIRST), (2, SECOND), (3, SECOND)]
    assert proposal.moves == []


def test_women_led_minimum_swaps_the_lowest_ranked_winner_for_the_best_women_led_entrant():
    # 50 % of 3 winners: 2 women-led needed, the ranking alone gives 1
    ranked = [
        entrant(1, women=True),
        entrant(2),
        entrant(3),
        entrant(4),
        entrant(5, women=True),
        entrant(6, women=True),
    ]

    proposal = propose(ranked, THREE_PRIZES, Constraints(min_women_led_share=50))

    assert proposal.awards == [(1, FIRST), (2, SECOND), (5, SECOND)]
    assert proposal.moves == [left_out(3, "women-led", 5), brought_in(5, "women-led", 3)]
    assert proposal.unmet == []


def test_women_led_entrant_brought_in_must_fit_the_region_cap():
    # 5 would break the cap of Drâa-Tafilalet alongside 1 and 2; 6 from Fès-Meknès fits
    ranked = [
        entrant(1, "draa-tafilalet"),
        entrant(2, "draa-tafilalet"),
        entrant(3, "oriental"),
        entrant(4, "oriental"),
        entrant(5, "draa-tafilalet", women=True),
        entrant(6, "fes-meknes", women=True),
    ]

    proposal = propose(ranked, THREE_PRIZES, Constraints(max_per_region=2, min_women_led_share=30))

    assert proposal.awards == [(1, FIRST), (2, SECOND), (6, SECOND)]
    assert proposal.moves == [left_out(3, "women-led", 6), brought_in(6, "women-led", 3)]


def test_women_led_minimum_spares_a_youth_led_winner_the_youth_minimum_needs():
    # the lowest-ranked winner, 3, is the only youth-led one: 2 gives its place instead
    ranked = [entrant(1), entrant(2), entrant(3, youth=True), entrant(4, women=True)]
    constraints = Constraints(min_women_led_share=30, min_youth_led_share=30)

    proposal = propose(ranked, THREE_PRIZES, constraints)

    assert proposal.awards == [(1, FIRST), (3, SECOND), (4, SECOND)]
    assert proposal.moves == [left_out(2, "women-led", 4), brought_in(4, "women-led", 2)]
    assert proposal.unmet == []


def test_youth_led_minimum_never_undoes_the_women_led_minimum():
    # 2 women-led and 2 youth-led needed among 3. After 3 gives way to 5, only women-led
    # winners are left to swap, and the youth-led entrants left are not women-led.
    ranked = [
        entrant(1, women=True),
        entrant(2, women=True),
        entrant(3),
        entrant(4),
        entrant(5, youth=True),
        entrant(6, youth=True),
    ]
    constraints = Constraints(min_women_led_share=50, min_youth_led_share=50)

    proposal = propose(ranked, THREE_PRIZES, constraints)

    assert proposal.awards == [(1, FIRST), (2, SECOND), (5, SECOND)]
    assert proposal.moves == [left_out(3, "youth-led", 5), brought_in(5, "youth-led", 3)]
    assert proposal.unmet == ["youth-led"]


def test_youth_led_minimum_swaps_a_women_led_winner_only_for_a_women_and_youth_led_entrant():
    ranked = [
        entrant(1, women=True),
        entrant(2, women=True),
        entrant(3),
        entrant(4),
        entrant(5, youth=True),
        entrant(6, youth=True),
        entrant(7, women=True, youth=True),
    ]
    constraints = Constraints(min_women_led_share=50, min_youth_led_share=50)

    proposal = propose(ranked, THREE_PRIZES, constraints)

    assert proposal.awards == [(1, FIRST), (5, SECOND), (7, SECOND)]
    assert proposal.moves == [
        left_out(2, "youth-led", 7),
        brought_in(7, "youth-led", 2),
        left_out(3, "youth-led", 5),
        brought_in(5, "youth-led", 3),
    ]
    assert proposal.unmet == []


def test_a_place_passed_on_twice_shows_only_the_net_change():
    # the region cap gives 3's place to 4, then the women-led minimum gives it to 5
    ranked = [
        entrant(1, "oriental"),
        entrant(2, "oriental"),
        entrant(3, "oriental"),
        entrant(4, "souss-massa"),
        entrant(5, "souss-massa", women=True),
    ]
    constraints = Constraints(max_per_region=2, min_women_led_share=30)

    proposal = propose(ranked, THREE_PRIZES, constraints)

    assert proposal.awards == [(1, FIRST), (2, SECOND), (5, SECOND)]
    assert proposal.moves == [left_out(3, "region", 5), brought_in(5, "women-led", 3)]


def test_an_entrant_left_out_by_the_region_cap_can_come_back_for_a_minimum():
    # 3 is women-led but a third Oriental winner; swapping out 2 makes room for it
    ranked = [
        entrant(1, "oriental"),
        entrant(2, "oriental"),
        entrant(3, "oriental", women=True),
        entrant(4, "souss-massa"),
    ]
    constraints = Constraints(max_per_region=2, min_women_led_share=30)

    proposal = propose(ranked, THREE_PRIZES, constraints)

    assert proposal.awards == [(1, FIRST), (3, SECOND), (4, SECOND)]
    assert proposal.moves == [left_out(2, "women-led", 4), brought_in(4, "region", 2)]


def test_a_minimum_without_enough_entrants_is_reported_unmet():
    ranked = [entrant(number) for number in range(1, 6)]

    proposal = propose(ranked, THREE_PRIZES, Constraints(min_women_led_share=40))

    assert proposal.awards == [(1, FIRST), (2, SECOND), (3, SECOND)]
    assert proposal.moves == []
    assert proposal.unmet == ["women-led"]


def test_fewer_entrants_than_prizes_gives_what_there_is():
    ranked = [entrant(1), entrant(2)]

    proposal = propose(ranked, [Slot(FIRST, 1), Slot(SECOND, 3)], Constraints())

    assert proposal.awards == [(1, FIRST), (2, SECOND)]
    assert proposal.moves == []


def test_an_entrant_left_out_with_nobody_to_take_its_place():
    ranked = [entrant(1, organization=7), entrant(2, organization=7)]

    proposal = propose(ranked, THREE_PRIZES, Constraints())

    assert proposal.awards == [(1, FIRST)]
    assert proposal.moves == [left_out(2, "organization", None)]


def test_no_entrant_gives_no_award():
    proposal = propose([], THREE_PRIZES, Constraints(min_women_led_share=50))

    assert proposal.awards == []
    assert proposal.unmet == []


@pytest.mark.parametrize(
    ("constraint", "label"),
    [
        ("region", "Region cap"),
        ("women-led", "Minimum share of women-led organizations"),
        ("youth-led", "Minimum share of youth-led organizations"),
        ("organization", "One prize per organization"),
    ],
)
def test_constraint_labels(constraint, label):
    with translation.override("en"):
        assert constraint_label(constraint) == label
