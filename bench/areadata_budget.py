"""An area's budget at 50 lines × 12 months, half the year closed with actuals.

Usage: .venv/bin/python bench/areadata_budget.py [DATABASE_URL]
Prints the query count and median/p90 server time of the area page (with its budget section
and chart), one line's page, the CSV download, and the grid with the budget signal.
"""

import sys

from harness import add_team, make_app, measure, report, signed_in_client

from plplan.areadata import budget
from plplan.extensions import db
from plplan.models import AmountKind, Area, AreaModule, BudgetAmount

LINES = 50


def seed(app) -> tuple[str, int, int, int]:
    """The team and its budget area; returns slug, leader's user id, area id, a line id."""
    with app.app_context():
        team, memberships = add_team(6)
        leader = memberships[0].user
        team.fiscal_year_start = (budget.today().month - 6 - 1) % 12 + 1
        area = Area(team_id=team.id, name="Budget management")
        db.session.add(area)
        db.session.flush()
        db.session.add(AreaModule(area_id=area.id, kind="budget"))
        year = budget.Year.of(team)
        first = None
        for n in range(LINES):
            line = budget.add_line(
                team, area, f"Line {n:02}", "Tools", None, None, 100000 + n, "month", leader
            )
            first = first or line.id
        db.session.flush()
        for cell in db.session.scalars(
            db.select(BudgetAmount).where(BudgetAmount.kind == AmountKind.ACTUAL)
        ):
            if cell.month < year.months[year.closed]:
                cell.amount = 98000 + cell.line_id
        db.session.commit()
        return team.slug, leader.id, area.id, first


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    slug, leader_id, area_id, line_id = seed(app)
    client = signed_in_client(app, leader_id)
    area = f"/t/{slug}/responsibilities/areas/{area_id}"
    paths = [
        area,
        f"{area}/budget/lines/{line_id}",
        f"{area}/budget.csv",
        f"/t/{slug}/responsibilities/",
    ]
    rows = [measure(app, client, path) for path in paths]
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(f"Area budget, {LINES} lines × 12 months ({backend})", rows)


if __name__ == "__main__":
    main()
