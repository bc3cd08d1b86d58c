"""The grid's cells as HTML, built in Python: 30 areas × 200 people are 6,000 cells, too many
for a template macro call each, and every byte of a cell counts 6,000 times.

A cell is its role letter and nothing a header already says: the column and row headers
(`<th scope>`) name the person and the area. The letter sits in a placeholder link that
responsibilities.js turns into a control when it gets focus (a role, and a name from the
headers and the role's label); without JavaScript, the row header links to the area.
"""

from markupsafe import Markup

from plplan.models import Membership
from plplan.responsibilities.services import Grid


def cell(
    grid: Grid, area_id: int, person_id: int, mine: Membership | None, oob: bool = False
) -> Markup:
    """One cell: its role (letter and colour) and whether it is in the current member's column."""
    return Markup(_cell(grid, area_id, person_id, mine.id if mine else None, oob))


def row(grid: Grid, area_id: int, mine: Membership | None) -> Markup:
    """The cells of an area's row, one per person (plain ids: no ORM attribute per cell)."""
    mine_id = mine.id if mine else None
    return Markup("".join(_cell(grid, area_id, p, mine_id) for p in grid.map.person_ids))


def _cell(grid: Grid, area_id: int, person_id: int, mine_id: int | None, oob: bool = False) -> str:
    role = grid.map.role(area_id, person_id)
    classes = [f"raci-{role.value}"] if role else []
    if person_id == mine_id:
        classes.append("mine")
    attrs = ' hx-swap-oob="true"' if oob else ""
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    letter = role.value if role else "·"
    return f'<td id="cell-{area_id}-{person_id}"{attrs}><a data-cell>{letter}</a></td>'
