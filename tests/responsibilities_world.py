"""Helpers shared by the responsibility map's test modules."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, Assignment, Team
from plplan.responsibilities import services


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
