"""The grid's cells as HTML, built in Python: 30 areas × 200 people are 6,000 cells, too many
for a template macro call each, and every byte of a cell counts 6,000 times.

A cell is its role letter, the role's colour and nothing a header already says: the column
and row headers (`<th scope>`) name the person and the area, and a cell is addressed by its
position (its row's id, its column's index), not an id of its own. responsibilities.js makes
the cell that takes the focus a control (a role, and a name from the headers and the role's
label); without JavaScript, the row header links to the area.
"""

from markupsafe import Markup

from plplan.models import Membership
from plplan.responsibilities.services import Grid


def cell(
    grid: Grid,
    area_id: int,
    person_id: int,
    mine: Membership | None,
    oob_among: list[int] | None = None,
) -> Markup:
    """One cell: its role (letter and colour) and whether it is in the current member's column;
    out of band, it names its place for htmx: its row, and its column among `oob_among`, the
    people whose columns the page shows."""
    attrs = (
        f' hx-swap-oob="outerHTML:{position(oob_among, area_id, person_id)}"' if oob_among else ""
    )
    return Markup(_cell(grid, area_id, person_id, mine.id if mine else None, attrs))


def position(person_ids: list[int], area_id: int, person_id: int) -> str:
    """The CSS selector of a cell: in its area's row, the header first, then one cell per
    person shown, in the grid's order (`person_ids`)."""
    return f"#area-{area_id} > :nth-child({person_ids.index(person_id) + 2})"


def row(grid: Grid, area_id: int, person_ids: list[int], mine: Membership | None) -> Markup:
    """The cells of an area's row, one per person shown (plain ids: no ORM attribute per cell)."""
    mine_id = mine.id if mine else None
    return Markup("".join(_cell(grid, area_id, p, mine_id) for p in person_ids))


def _cell(grid: Grid, area_id: int, person_id: int, mine_id: int | None, attrs: str = "") -> str:
    role = grid.map.role(area_id, person_id)
    classes = [role.value] if role else []
    if person_id == mine_id:
        classes.append("mine")
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    return f"<td{attrs}>{role.value if role else '·'}</td>"
