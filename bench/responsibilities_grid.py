"""The responsibility grid at 30 areas × 40 members, every cell filled or empty in turn.

Usage: .venv/bin/python bench/responsibilities_grid.py [DATABASE_URL [MEMBERS]]
Prints the query count and median/p90 server time of the grid, the CSV export, and one cell
change through htmx (the response that carries the cell and every summary), then the size of
the grid page and of the phone's area-by-area list it loads on demand.
"""

import statistics
import sys
import time

from harness import (
    add_team,
    counting_queries,
    make_app,
    measure,
    report,
    signed_in_client,
)

from plplan.extensions import db
from plplan.models import Area, Assignment, Raci

AREAS, MEMBERS = 30, 40
ROLES = [Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED, None]


def seed(app, members: int = MEMBERS) -> tuple[str, int, int, int]:
    """The team; returns its slug, the leader's user id, and one area and member for a POST."""
    with app.app_context():
        team, memberships = add_team(members)
        users = [m.user for m in memberships]
        areas = [Area(team_id=team.id, name=f"Area {i:02}", position=i) for i in range(AREAS)]
        db.session.add_all(areas)
        db.session.flush()
        for i, area in enumerate(areas):
            for j, membership in enumerate(memberships):
                role = Raci.ACCOUNTABLE if j == i % members else ROLES[(i + j) % len(ROLES)]
                if role:
                    db.session.add(
                        Assignment(area_id=area.id, membership_id=membership.id, role=role)
                    )
        db.session.commit()
        return team.slug, users[0].id, areas[0].id, memberships[1].id


def measure_cell_change(app, client, path: str, member_id: int, runs: int = 30) -> dict:
    """Median server time of an htmx cell change, alternating two roles so each one writes."""
    token = client.get("/t/bench/responsibilities/").get_data(as_text=True)
    token = token.split('"X-CSRF-Token": "', 1)[1].split('"', 1)[0]
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    with counting_queries(app) as statements:
        assert (
            client.post(
                path, data={"member_id": member_id, "role": "C"}, headers=headers
            ).status_code
            == 200
        )
    timings = []
    for n in range(runs):
        start = time.perf_counter()
        response = client.post(
            path, data={"member_id": member_id, "role": "RI"[n % 2]}, headers=headers
        )
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "path": f"POST {path}",
        "queries": len(statements),
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 2),
        "runs": runs,
    }


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
    members = int(sys.argv[2]) if len(sys.argv) > 2 else MEMBERS
    slug, leader_id, area_id, member_id = seed(app, members)
    client = signed_in_client(app, leader_id)
    base = f"/t/{slug}/responsibilities"
    rows = [measure(app, client, path) for path in [f"{base}/", f"{base}/export.csv"]]
    rows.append(measure_cell_change(app, client, f"{base}/areas/{area_id}/cells", member_id))
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(f"Responsibility grid, {AREAS} areas × {members} members ({backend})", rows)
    for path in [f"{base}/", f"{base}/cards"]:
        print(f"  {path:<40} {len(client.get(path).data) / 1024:.1f} KB of HTML")


if __name__ == "__main__":
    main()
