"""The team's headline numbers, for the one-pager's Numbers section: the year's budget against
its projection, and the KPIs linked to the plan with their target, latest value and health."""

from dataclasses import dataclass, field
from datetime import date

from plplan.areadata.budget import TeamTotal, team_total
from plplan.areadata.kpis import LiveKpi, live_for_plan
from plplan.formatting import today
from plplan.models import Plan


@dataclass(frozen=True)
class Numbers:
    on: date  # numbers are today's, even beside an older published plan
    budget: TeamTotal | None
    kpis: list[LiveKpi] = field(default_factory=list)


def team_numbers(plan: Plan, every_area: bool) -> Numbers | None:
    """The numbers beside `plan` (of every area, or only those shown to viewers), or None when
    the team has neither a budget nor a KPI linked to the plan. Two queries."""
    total = team_total(plan.team, every_area)
    linked = live_for_plan(plan, every_area)
    shown = [*linked.get("north_star", []), *linked.get("business_goals", [])]
    if total is None and not shown:
        return None
    return Numbers(today(), total, shown)
