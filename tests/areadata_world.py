"""Helpers shared by the area-data test modules: a team whose Budget management area has its
budget switched on, a member who is Responsible for it and one who is not."""

import pytest
import sqlalchemy as sa

from plplan.areadata import budget
from plplan.extensions import db
from plplan.models import Area, AreaModule, Assignment, BudgetLine, Raci, Role, Team, User
from plplan.responsibilities.services import seed_default_areas

BUDGET_AREA = "Budget management"


def half_year_start() -> int:
    """The fiscal year start month that leaves exactly six months closed today."""
    return (budget.today().month - 6 - 1) % 12 + 1


@pytest.fixture
def budget_world(make_team, make_user, app):
    world = make_team(
        leader=Role.LEADER, holder=Role.MEMBER, member=Role.MEMBER, viewer=Role.VIEWER
    )
    world.people["outsider"] = make_user(name="Outsider")
    with app.app_context():
        team = db.session.get(Team, world.id)
        team.fiscal_year_start = half_year_start()
        seed_default_areas(team)
        db.session.flush()
        area_id = db.session.scalar(sa.select(Area.id).where(Area.name == BUDGET_AREA))
        db.session.add_all(
            [
                AreaModule(area_id=area_id, kind="budget"),
                Assignment(
                    area_id=area_id,
                    membership_id=world.membership_ids["leader"],
                    role=Raci.ACCOUNTABLE,
                ),
                Assignment(
                    area_id=area_id,
                    membership_id=world.membership_ids["holder"],
                    role=Raci.RESPONSIBLE,
                ),
            ]
        )
        db.session.commit()
    world.area_id = area_id
    return world


def add_line(app, world, name: str, monthly: int, per: str = "month", actuals=()) -> int:
    """A line planned at `monthly` minor units (per `per`), with actuals for its first months."""
    with app.app_context():
        team = db.session.get(Team, world.id)
        area = db.session.get(Area, world.area_id)
        leader = db.session.get(User, world.person("leader").id)
        line = budget.add_line(team, area, name, "Tools", None, None, monthly, per, leader)
        db.session.flush()
        year = budget.Year.of(team)
        cells = {(c.month, c.kind): c for c in _cells(line.id)}
        for month, amount in zip(year.months, actuals, strict=False):
            cells[(month, "actual")].amount = amount
        db.session.commit()
        return line.id


def _cells(line_id: int):
    from plplan.models import BudgetAmount

    return db.session.scalars(sa.select(BudgetAmount).where(BudgetAmount.line_id == line_id))


def line_names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(BudgetLine.name).order_by(BudgetLine.id)))
