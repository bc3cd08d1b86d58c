"""The RACI rules, on plain ids: no database, no request, so they are easy to test and reuse.

Each area needs exactly one Accountable and at least one Responsible. A person's load counts
their A and R cells, an A weighing twice an R. Single points of failure come in two sizes: an
area that rests on one Responsible (nobody does its work while they are away), and a person
several areas hinge on (as their Accountable or their only Responsible), who is the only
Responsible of at least one of them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from plplan.formatting import catalogue
from plplan.models.responsibilities import Raci

LOAD_WEIGHTS = {Raci.ACCOUNTABLE: 2, Raci.RESPONSIBLE: 1}
SINGLE_POINT_AREAS = 2  # areas hinging on one person before they are a single point of failure

Cell = tuple[int, int]  # (area id, person id)


@dataclass(frozen=True)
class AreaCheck:
    """How many A and R an area has, and what that breaks."""

    accountable: int
    responsible: int

    @property
    def problems(self) -> list[str]:
        found, words = [], catalogue()
        if self.accountable == 0:
            found.append(words.gettext("No Accountable"))
        elif self.accountable > 1:
            many = words.ngettext(
                "%(num)d Accountable: keep one", "%(num)d Accountables: keep one", self.accountable
            )
            found.append(many % {"num": self.accountable})
        if self.responsible == 0:
            found.append(words.gettext("No Responsible"))
        return found

    @property
    def ok(self) -> bool:
        return self.accountable == 1 and self.responsible > 0


@dataclass(frozen=True)
class Hinge:
    """Why areas hinge on one person: those they are Accountable for, those they alone do."""

    accountable: tuple[int, ...]
    only_responsible: tuple[int, ...]

    @property
    def areas(self) -> set[int]:
        return set(self.accountable) | set(self.only_responsible)


@dataclass
class RaciMap:
    """The cells of a grid (area × person → role) and every rule computed from them."""

    area_ids: list[int]
    person_ids: list[int]
    cells: dict[Cell, Raci]
    threshold: int
    _by_area: dict[int, dict[int, Raci]] = field(init=False, repr=False)
    _holders: dict[tuple[int, Raci], list[int]] = field(init=False, repr=False)
    _loads: Counter[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Index the cells by area and by role, and add up the loads, once: a page asks for
        an area's holders and a person's load several times (the rules, the summaries)."""
        self._by_area = defaultdict(dict)
        self._holders = defaultdict(list)
        self._loads = Counter()
        for (area_id, person_id), role in sorted(self.cells.items()):
            self._by_area[area_id][person_id] = role
            self._holders[area_id, role].append(person_id)
            self._loads[person_id] += LOAD_WEIGHTS.get(role, 0)

    def role(self, area_id: int, person_id: int) -> Raci | None:
        return self.cells.get((area_id, person_id))

    def holders(self, area_id: int, role: Raci) -> list[int]:
        """The people holding `role` in the area."""
        return self._holders.get((area_id, role), [])

    def check(self, area_id: int) -> AreaCheck:
        counts = Counter(self._by_area[area_id].values())
        return AreaCheck(counts[Raci.ACCOUNTABLE], counts[Raci.RESPONSIBLE])

    def load(self, person_id: int) -> int:
        return self._loads[person_id]

    def overloaded(self, person_id: int) -> bool:
        return self.load(person_id) > self.threshold

    def accountable(self, area_id: int) -> int | None:
        """The person accountable for the area (the first, should there be several)."""
        holders = self.holders(area_id, Raci.ACCOUNTABLE)
        return holders[0] if holders else None

    def only_responsible(self, area_id: int) -> int | None:
        """The area's Responsible when there is exactly one."""
        doers = self.holders(area_id, Raci.RESPONSIBLE)
        return doers[0] if len(doers) == 1 else None

    def resting_on_one(self) -> dict[int, int]:
        """Area → its only Responsible, for each area whose work rests on one person."""
        found = {}
        for area_id in self.area_ids:
            if (doer := self.only_responsible(area_id)) is not None:
                found[area_id] = doer
        return found

    def single_points_of_failure(self) -> dict[int, "Hinge"]:
        """Person → the areas hinging on them and why, for each single point of failure."""
        owned: dict[int, list[int]] = defaultdict(list)
        done_alone: dict[int, list[int]] = defaultdict(list)
        for area_id in self.area_ids:
            if (owner := self.accountable(area_id)) is not None:
                owned[owner].append(area_id)
        for area_id, doer in self.resting_on_one().items():
            done_alone[doer].append(area_id)
        found = {}
        for person in sorted(done_alone):
            hinge = Hinge(tuple(owned.get(person, ())), tuple(done_alone[person]))
            if len(hinge.areas) >= SINGLE_POINT_AREAS:
                found[person] = hinge
        return found

    def areas_with_problems(self) -> list[int]:
        return [a for a in self.area_ids if not self.check(a).ok]

    def overloaded_people(self) -> list[int]:
        return [p for p in self.person_ids if self.overloaded(p)]

    def idle_people(self) -> list[int]:
        """People who are neither A nor R anywhere."""
        return [p for p in self.person_ids if self.load(p) == 0]
