"""The demo team's budget: a realistic year, half spent, with one line running over."""

import sqlalchemy as sa

from plplan.areadata import budget
from plplan.extensions import db
from plplan.models import AmountKind, Area, BudgetAmount, BudgetLine, Team, User

# name, category, planned per month (minor units), actual as a share of plan (per cent)
DEMO_LINES = [
    ("Cloud hosting", "Infrastructure", 420000, 128),  # running over: traffic after launch
    ("Payment provider fees", "Transactions", 310000, 97),
    ("User research", "Discovery", 150000, 90),
    ("Contract designers", "People", 800000, 100),
    ("Analytics tools", "Tools", 95000, 100),
]


def seed_budget(team: Team, people_by_email: dict[str, User]) -> None:
    """Six months closed whatever today is: the fiscal year starts six months back."""
    team.fiscal_year_start = (budget.today().month - 6 - 1) % 12 + 1
    area = db.session.scalar(
        sa.select(Area).where(Area.team_id == team.id, Area.name == "Budget management")
    )
    leader = people_by_email["maya@example.com"]
    year = budget.Year.of(team)
    for name, category, monthly, share in DEMO_LINES:
        line = budget.add_line(team, area, name, category, None, None, monthly, "month", leader)
        db.session.flush()
        actuals = db.session.scalars(
            sa.select(BudgetAmount)
            .where(BudgetAmount.line_id == line.id, BudgetAmount.kind == AmountKind.ACTUAL)
            .order_by(BudgetAmount.month)
        )
        for n, cell in enumerate(actuals):
            if n < year.closed:
                # a little month-to-month noise, exact in cents
                cell.amount = monthly * share // 100 + (n % 3 - 1) * monthly // 50
    cloud = line_named(area, "Cloud hosting")
    cloud.driver = "Traffic doubled after the checkout launch; autoscaling kept more nodes up."
    cloud.action = "Reserved instances from next month; review the autoscaling floor."


def line_named(area: Area, name: str) -> BudgetLine:
    return db.session.scalar(
        sa.select(BudgetLine).where(BudgetLine.area_id == area.id, BudgetLine.name == name)
    )
