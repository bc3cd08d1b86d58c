"""An area with 20 weekly KPIs × 104 entries (two years): the area page and one KPI's page.

Usage: .venv/bin/python bench/areadata_kpis.py [DATABASE_URL]
Prints the query count and median/p90 server time of each page.
"""

import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from harness import add_team, make_app, measure, report, signed_in_client

from plplan.areadata import kpi_rules, kpis
from plplan.extensions import db
from plplan.models import Area, AreaModule, Kpi, KpiEntry, KpiTarget

KPIS, ENTRIES = 20, 104


def seed(app) -> tuple[str, int]:
    """The team with its KPI area; returns the leader's user id and the paths to measure."""
    with app.app_context():
        team, memberships = add_team(5)
        area = Area(team_id=team.id, name="Go-to-market operations")
        db.session.add(area)
        db.session.flush()
        db.session.add(AreaModule(area_id=area.id, kind="kpis"))
        periods = kpi_rules.periods_back(kpis.today(), "weekly", ENTRIES)
        for k in range(KPIS):
            kpi = Kpi(
                area_id=area.id,
                name=f"KPI {k:02}",
                cadence="weekly",
                created_at=datetime.now(UTC) - timedelta(weeks=ENTRIES + 1),
            )
            db.session.add(kpi)
            db.session.flush()
            db.session.add(KpiTarget(kpi_id=kpi.id, starts=periods[0], value=Decimal(100)))
            db.session.add_all(
                KpiEntry(kpi_id=kpi.id, period=p, value=Decimal(90 + (i * 7) % 25))
                for i, p in enumerate(periods)
            )
        db.session.commit()
        base = f"/t/{team.slug}/responsibilities/areas/{area.id}"
        return memberships[0].user.id, [base, f"{base}/kpis/{kpi.id}"]


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    user_id, paths = seed(app)
    client = signed_in_client(app, user_id)
    report(
        f"Area with {KPIS} KPIs × {ENTRIES} weekly entries",
        [measure(app, client, p) for p in paths],
    )


if __name__ == "__main__":
    main()
