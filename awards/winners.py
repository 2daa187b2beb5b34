"""The proposed winners of a call: its ranking bent as little as its constraints need
(no database here).

In plain words, with N the number of prizes:

1. Walk down the ranking and take each application, unless it would give its region more
   winners than the region cap, or give its organization a second prize. Stop at N.
   Applications without a region or without an organization are never held back by
   these two rules.
2. Women-led minimum: it needs ceil(minimum % × winners / 100) women-led winners. While
   there are fewer, the lowest-ranked winner that is not women-led gives its place to the
   best-ranked women-led application not yet taken that fits the region cap and the
   organization rule. A swap that would push the youth-led winners below their minimum is
   made only when no other swap is possible (step 3 can still repair it).
3. Youth-led minimum: the same with youth-led applications; here a women-led winner is
   never swapped out if that would put the women-led winners below their minimum.
4. A minimum that no swap can reach any more is reported as unmet.
5. Categories go down the final set in ranking order: the best-ranked winner gets the
   first category, until its count is used up, then the next category.

Every change against the ranking alone (its first N) is explained by a pair of moves: the
application left out, with the constraint that cost it its place, and the one brought in
instead, with the constraint that let it in. When a place passes on twice (a region cap
brings in an application that a minimum then swaps out), only the net change is shown.
With fewer applications than prizes, every application that fits wins.
"""

from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext


class Change(StrEnum):
    LEFT_OUT = "left-out"  # would have won on rank alone
    BROUGHT_IN = "brought-in"  # wins because of a constraint


class Constraint(StrEnum):
    REGION = "region"
    WOMEN_LED = "women-led"
    YOUTH_LED = "youth-led"
    ORGANIZATION = "organization"


@dataclass(frozen=True)
class Entrant:
    application_id: int
    organization_id: int | None
    region: str
    women_led: bool
    youth_led: bool


@dataclass(frozen=True)
class Slot:
    """One prize category and how many prizes it has; slots come first prize first."""

    category_id: int
    count: int


@dataclass(frozen=True)
class Constraints:
    max_per_region: int | None = None
    min_women_led_share: int | None = None  # percent of the winners
    min_youth_led_share: int | None = None
    one_prize_per_organization: bool = True


@dataclass(frozen=True)
class Move:
    application_id: int
    change: str  # a Change
    constraint: str  # a Constraint
    instead_of: int | None  # the application it changed places with, when there is one


@dataclass(frozen=True)
class Proposal:
    awards: list[tuple[int, int]]  # (application id, category id), best first
    moves: list[Move]
    unmet: list[str]  # the minimums (Constraint values) the applications could not reach


def constraint_label(constraint: str) -> str:
    """What a constraint is called, in the active language."""
    labels = {
        Constraint.REGION: gettext("Region cap"),
        Constraint.WOMEN_LED: gettext("Minimum share of women-led organizations"),
        Constraint.YOUTH_LED: gettext("Minimum share of youth-led organizations"),
        Constraint.ORGANIZATION: gettext("One prize per organization"),
    }
    return labels[Constraint(constraint)]


def propose(ranked: Sequence[Entrant], slots: Sequence[Slot], constraints: Constraints) -> Proposal:
    """The winners the constraints lead to, with their categories and why they differ
    from the ranking alone; `ranked` is best first and holds ranked applications only."""
    prizes = sum(slot.count for slot in slots)
    selection = _Selection(ranked, prizes, constraints)
    selection.fill()

    minimums = [
        (Constraint.WOMEN_LED, constraints.min_women_led_share, _is_women_led),
        (Constraint.YOUTH_LED, constraints.min_youth_led_share, _is_youth_led),
    ]
    set_minimums = [(constraint, share, wanted) for constraint, share, wanted in minimums if share]
    unmet = []
    for step, (constraint, share, wanted) in enumerate(set_minimums):
        earlier = [(share, wanted) for _, share, wanted in set_minimums[:step]]
        later = [(share, wanted) for _, share, wanted in set_minimums[step + 1 :]]
        if not selection.reach(constraint, share, wanted, kept=earlier, spared=later):
            unmet.append(constraint)

    categories = [slot.category_id for slot in slots for _ in range(slot.count)]
    awards = [
        (entrant.application_id, category)
        for entrant, category in zip(selection.winners(), categories, strict=False)
    ]
    return Proposal(awards=awards, moves=selection.seats.moves(), unmet=unmet)


Wanted = Callable[[Entrant], bool]
Minimum = tuple[int, Wanted]  # percent of the winners, and who counts towards it


def _is_women_led(entrant: Entrant) -> bool:
    return entrant.women_led


def _is_youth_led(entrant: Entrant) -> bool:
    return entrant.youth_led


def _needed(share: int, winners: int) -> int:
    return -(-share * winners // 100)  # rounded up: 40 % of 3 winners needs 2


class _Selection:
    """The winners being chosen from the ranking, and the seats that explain them."""

    def __init__(self, ranked: Sequence[Entrant], prizes: int, constraints: Constraints):
        self.ranked = ranked
        self.prizes = prizes
        self.constraints = constraints
        self.rank_of = {entrant.application_id: index for index, entrant in enumerate(ranked)}
        self.taken: list[Entrant] = []
        self.seats = _Seats(ranked[:prizes])

    def winners(self) -> list[Entrant]:
        return sorted(self.taken, key=lambda entrant: self.rank_of[entrant.application_id])

    def fill(self) -> None:
        """Take the best-ranked entrants that the region cap and the organization rule let in."""
        for index, entrant in enumerate(self.ranked):
            if len(self.taken) == self.prizes:
                return
            blocker = self.blocker(self.taken, entrant)
            if blocker is not None:
                if index < self.prizes:
                    self.seats.lose(entrant, blocker)
                continue
            self.taken.append(entrant)
            if index >= self.prizes:
                self.seats.fill(entrant)

    def blocker(self, winners: Sequence[Entrant], entrant: Entrant) -> Constraint | None:
        """The rule the entrant would break by joining `winners`, if any."""
        if (
            self.constraints.one_prize_per_organization
            and entrant.organization_id is not None
            and any(winner.organization_id == entrant.organization_id for winner in winners)
        ):
            return Constraint.ORGANIZATION
        cap = self.constraints.max_per_region
        if (
            cap is not None
            and entrant.region
            and Counter(winner.region for winner in winners)[entrant.region] >= cap
        ):
            return Constraint.REGION
        return None

    def reach(
        self,
        constraint: Constraint,
        share: int,
        wanted: Wanted,
        *,
        kept: Sequence[Minimum],
        spared: Sequence[Minimum],
    ) -> bool:
        """Swap winners until `share` percent of them are `wanted`; False when it cannot.

        A swap never breaks a `kept` minimum; it breaks a `spared` one only when no other
        swap is possible (that minimum's own step comes later and can repair it).
        """
        while sum(map(wanted, self.taken)) < _needed(share, len(self.taken)):
            swap = self._best_swap(wanted, [*kept, *spared]) or self._best_swap(wanted, kept)
            if swap is None:
                return False
            out, brought_in = swap
            self.taken.remove(out)
            self.taken.append(brought_in)
            self.seats.swap(out, brought_in, constraint)
        return True

    def _best_swap(self, wanted: Wanted, kept: Sequence[Minimum]) -> tuple[Entrant, Entrant] | None:
        """The lowest-ranked winner not `wanted`, replaced by the best-ranked `wanted`
        entrant not taken that fits the rules without breaking a `kept` minimum."""
        outs = [entrant for entrant in reversed(self.winners()) if not wanted(entrant)]
        ins = [entrant for entrant in self.ranked if wanted(entrant) and entrant not in self.taken]
        for out in outs:
            others = [entrant for entrant in self.taken if entrant is not out]
            for brought_in in ins:
                if self.blocker(others, brought_in) is None and all(
                    self._still_met(out, brought_in, share, counted) for share, counted in kept
                ):
                    return out, brought_in
        return None

    def _still_met(self, out: Entrant, brought_in: Entrant, share: int, counted: Wanted) -> bool:
        """The swap keeps a minimum that holds, and does not worsen one that does not."""
        before = sum(map(counted, self.taken))
        after = before - counted(out) + counted(brought_in)
        return after >= min(before, _needed(share, len(self.taken)))


class _Seats:
    """The places of the ranking alone (its first N entrants) and who holds each now.

    A place lost through a constraint goes to the entrant that filled it; when a place
    passes on twice, only its owner and its last holder are reported.
    """

    def __init__(self, owners: Sequence[Entrant]):
        self.owners = list(owners)
        self.holder: dict[int, Entrant | None] = {
            owner.application_id: owner for owner in self.owners
        }
        self.lost: dict[int, Constraint] = {}  # owner → what cost it its place
        self.won: dict[int, Constraint] = {}  # holder who is not an owner → what let it in
        self.vacant: deque[int] = deque()  # places lost in the first walk, waiting for a holder

    def lose(self, owner: Entrant, constraint: Constraint) -> None:
        self.holder[owner.application_id] = None
        self.lost[owner.application_id] = constraint
        self.vacant.append(owner.application_id)

    def fill(self, entrant: Entrant) -> None:
        place = self.vacant.popleft()
        self.holder[place] = entrant
        self.won[entrant.application_id] = self.lost[place]

    def swap(self, out: Entrant, brought_in: Entrant, constraint: Constraint) -> None:
        place = next(owner for owner, holder in self.holder.items() if holder is out)
        self.holder[place] = None
        if place == out.application_id:
            self.lost[place] = constraint
        else:
            del self.won[out.application_id]

        own_place = brought_in.application_id
        if own_place in self.holder:
            # an owner back in: it takes its own place, whose holder moves to the freed one
            displaced = self.holder[own_place]
            self.holder[own_place] = brought_in
            del self.lost[own_place]
            if displaced is not None:
                self.holder[place] = displaced
        else:
            self.holder[place] = brought_in
            self.won[brought_in.application_id] = constraint

    def moves(self) -> list[Move]:
        moves = []
        for owner in self.owners:
            holder = self.holder[owner.application_id]
            if holder is owner:
                continue
            moves.append(
                Move(
                    owner.application_id,
                    Change.LEFT_OUT,
                    self.lost[owner.application_id],
                    holder.application_id if holder else None,
                )
            )
            if holder is not None:
                moves.append(
                    Move(
                        holder.application_id,
                        Change.BROUGHT_IN,
                        self.won[holder.application_id],
                        owner.application_id,
                    )
                )
        return moves
