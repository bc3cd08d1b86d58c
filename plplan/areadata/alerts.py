"""The events area data raises as it is saved: a KPI entry off track, a budget line over the
team's threshold. The modules decide when (kpis, budget); this says what is told and links
where (plplan.notifications.audience decides who hears)."""

from plplan.models import Area, BudgetLine, Kpi, Team, User
from plplan.notifications.events import AreaData, Event
from plplan.notifications.outbox import notify


def kpi_off_track(team: Team, area: Area, kpi: Kpi, shown: str, period: str, user: User) -> None:
    """`user` recorded `shown` (the value as the KPI shows it) for `period`, off track."""
    notify(
        Event(
            "kpi_off_track",
            team,
            user,
            AreaData(area, "kpis"),
            f"{user.display_name} recorded {kpi.name} in {area.name} off track: {shown} "
            f"for {period}",
            "areadata.kpi",
            {"area_id": area.id, "kpi_id": kpi.id},
        )
    )


def budget_over_threshold(
    team: Team, area: Area, line: BudgetLine, projection: str, plan: str, user: User
) -> None:
    """A change by `user` projects `line` over its plan by more than the team's threshold."""
    notify(
        Event(
            "budget_over_threshold",
            team,
            user,
            AreaData(area, "budget"),
            f"{line.name} in {area.name} is now over its threshold: {projection} projected "
            f"against a plan of {plan} (changed by {user.display_name})",
            "areadata.budget_line",
            {"area_id": area.id, "line_id": line.id},
        )
    )
