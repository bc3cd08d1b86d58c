"""Helpers shared by the responsibility map's test modules."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, Assignment, Team
from plplan.responsibilities import services

BUDGET = "Budget management"


def with_default_areas(app, team):
    """Give a TeamWorld its six default areas; then `team.area(name)` gives an area id."""
    with app.app_context():
        services.seed_default_areas(db.session.get(Team, team.id))
        db.session.commit()
        team.areas = {a.name: a.id for a in db.session.scalars(sa.select(Area))}
    team.area = lambda name: team.areas[name]
    return team


def set_cells(app, *cells: tuple[int, int, str]) -> None:
    """Fill cells directly: (area id, membership id, role letter)."""
    with app.app_context():
        for area_id, membership_id, role in cells:
            db.session.add(Assignment(area_id=area_id, membership_id=membership_id, role=role))
        db.session.commit()


@pytest.fixture
def mapped(team, app):
    return with_default_areas(app, team)


def post_cell(client, team, area_id: int, member: str, role: str, **kwargs):
    """Set a cell the way the grid does: the area in the URL, the person in the form."""
    data = {"member_id": team.membership_ids[member], "role": role, **kwargs.pop("data", {})}
    return client.post(
        f"/t/{team.slug}/responsibilities/areas/{area_id}/cells", data=data, **kwargs
    )


def cells(app) -> dict[tuple[int, int], str]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Assignment.area_id, Assignment.membership_id, Assignment.role)
        )
        return {(a, m): r.value for a, m, r in rows}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def grid_cell(page, area_id: int, member_id: int):
    """A body cell of the grid in the browser, found as responsibilities.js finds it (a cell
    has no id): in its area's row, at its person's column header's place."""
    column = page.locator(f"#col-{member_id}").evaluate("th => th.cellIndex")
    return page.locator(f"#area-{area_id} > :nth-child({column + 1})")
