"""A Go-to-market area carrying KPIs, for the tests of the KPIs module."""

from plplan.areadata import kpi_rules, kpis
from plplan.extensions import db
from plplan.models import Area, AreaModule, Assignment, Raci, Team


def kpi_world(
    team_id: int,
    visible_to_viewers: bool = True,
    template: str = "pql",
    responsible: int | None = None,
) -> dict:
    """The team's Go-to-market area with the KPIs module on and one KPI from the catalogue
    (monthly PQLs by default); only the `responsible` membership holds the area, if given.
    Call inside an app context."""
    team = db.session.get(Team, team_id)
    area = Area(team_id=team_id, name="Go-to-market operations")
    db.session.add(area)
    db.session.flush()
    db.session.add(AreaModule(area_id=area.id, kind="kpis", visible_to_viewers=visible_to_viewers))
    if responsible is not None:
        db.session.add(
            Assignment(area_id=area.id, membership_id=responsible, role=Raci.RESPONSIBLE)
        )
    kpi = kpis.add_kpi(team, area, kpis.CATALOGUE_BY_KEY[template])
    db.session.commit()
    period = kpi_rules.period_of(kpis.today(), kpi.cadence, team.fiscal_year_start)
    return {"kpi_area_id": area.id, "kpi_id": kpi.id, "kpi_period": period.isoformat()}
