"""The demo team's go-to-market KPIs: months of entries, one off track and one stale."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from plplan.areadata import kpi_rules as rules
from plplan.areadata import kpis
from plplan.extensions import db
from plplan.models import Area, KpiEntry, KpiTarget, Team
from plplan.vision.services import current_plan

MONTHS = 9
# catalogue key: (target, monthly values oldest first, months left out at the end)
SERIES = {
    "pql": (Decimal(400), [310, 340, 365, 380, 402, 415, 430, 441, 455], 0),
    "pql_paid": (Decimal(15), [16, 15.5, 15, 14, 13, 12, 11, 10, 9], 0),  # off track
    "logo_churn": (Decimal(2), [2.4, 2.2, 2.1, 1.9, 1.8, 1.8], 3),  # stale: no recent entry
}


# catalogue key: the start of the demo plan's business goal it is linked to
LINKED_GOALS = {"pql": "Become the default way", "pql_paid": "Raise mobile checkout conversion"}


def seed_kpis(team: Team) -> None:
    """KPIs on the team's Go-to-market area, with entries for the last months (no-op without it)."""
    area = db.session.scalar(
        sa.select(Area).where(Area.team_id == team.id, Area.name == "Go-to-market operations")
    )
    if area is None:
        return
    this = rules.period_of(kpis.today(), "monthly")
    periods = rules.periods_back(this, "monthly", MONTHS + 1)[:-1]  # the closed months
    plan = current_plan(team)
    goals = kpis.business_goals(plan) if plan else []
    for key, (target, values, gap) in SERIES.items():
        kpi = kpis.add_kpi(team, area, kpis.CATALOGUE_BY_KEY[key])
        kpi.cadence = "monthly"
        kpi.created_at = datetime.combine(periods[0], datetime.min.time(), UTC) - timedelta(days=1)
        db.session.add(KpiTarget(kpi_id=kpi.id, starts=periods[0], value=target))
        for period, value in zip(periods[: MONTHS - gap], values, strict=False):
            db.session.add(KpiEntry(kpi_id=kpi.id, period=period, value=Decimal(str(value))))
        _link_to_goal(kpi, goals, LINKED_GOALS.get(key))
    dau = kpis.add_kpi(team, area, kpis.CATALOGUE_BY_KEY["dau_mau"])
    dau.band_low, dau.band_high = Decimal(20), Decimal(30)
    db.session.flush()


def _link_to_goal(kpi, goals: list, goal_start: str | None) -> None:
    """Link `kpi` to the business goal among `goals` whose text starts so (if any)."""
    if goal_start is not None:
        kpi.plan_item_id = next(
            (goal.id for goal in goals if goal.values.get("text", "").startswith(goal_start)), None
        )
