"""Which people a page of the map shows: the grid a page of columns at a time, an area's
page its first people until everyone is asked for.

A 200-person map is wider than any screen, and every column costs a cell per area: the grid
shows COLUMNS people at a time (`?people=2` is the second page), with links to the pages
before and after and to the page holding the current member's column. The rules (loads,
coverage) still count everyone; only the columns drawn are paged.
"""

from dataclasses import dataclass

from plplan.models import Membership
from plplan.responsibilities.services import Person

COLUMNS = 30  # people per page of the grid
AREA_PEOPLE = 30  # people with a role control on an area's page until everyone is asked for


@dataclass(frozen=True)
class Columns:
    """The people of one page of the grid, and where that page sits among the others."""

    people: list[Person]
    number: int  # 1 for the first page
    pages: int
    first: int  # 1-based place of the page's first person among everyone
    total: int
    mine: int | None  # the page holding the current member's column, if they have one

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.people]

    @property
    def paged(self) -> bool:
        return self.pages > 1


def page_of(people: list[Person], member_id: int) -> int | None:
    """The page (1-based) on which `member_id` has their column, or None without one."""
    for index, person in enumerate(people):
        if person.id == member_id:
            return index // COLUMNS + 1
    return None


def columns(people: list[Person], wanted: str | None, mine: Membership | None) -> Columns:
    """The `wanted` page of `people` (a query-string value: anything else is the first page,
    a number past the end the last)."""
    pages = max(1, -(-len(people) // COLUMNS))
    number = min(int(wanted), pages) if wanted and wanted.isdigit() and int(wanted) > 0 else 1
    start = (number - 1) * COLUMNS
    return Columns(
        people=people[start : start + COLUMNS],
        number=number,
        pages=pages,
        first=start + 1,
        total=len(people),
        mine=page_of(people, mine.id) if mine else None,
    )


def area_people(people: list[Person], everyone: bool) -> list[Person]:
    """The people an area's page lists with their role: the first AREA_PEOPLE by name, or
    `everyone` (its summary names every holder either way)."""
    return people if everyone else people[:AREA_PEOPLE]
