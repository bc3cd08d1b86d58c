"""Time of the one-pager, through the real routes: the on-screen page and the PDF, for the demo
plan (default sections and with the Numbers section) and for plans of 50 and 100 rows.

"cold" deletes the stored fits first (the PDF then lays the document out to fit it; the page
never does, it shows the estimate); "repeated" asks again for an unchanged plan, once the PDF
stored its fit. Wall and CPU time: CPU time holds on a machine others are busy on.
Usage: .venv/bin/python bench/onepager_pdf.py [DATABASE_URL]
"""

import statistics
import sys
import time
from itertools import cycle

import sqlalchemy as sa
from harness import make_app, signed_in_client

from plplan.demo import load_demo
from plplan.export import formats
from plplan.export.content import DEFAULT_SECTIONS
from plplan.extensions import db
from plplan.models import OnePagerFit, Team, User
from plplan.vision import services
from plplan.vision.parts import HORIZONS
from tests.onepager_data import overlong_snapshot

SLUG = "checkout-payments"
ROWS = (50, 100)
RUNS = {"cold": 5, "repeated": 15}


def sections_query(sections) -> str:
    return "".join(f"&sections={section}" for section in sections)


def add_big_plan(team: Team, leader: User, rows: int) -> int:
    """A published plan of `rows` rows (needs, features, goals, pillars, themes) written like
    the over-long test plan: long vision, long rationales."""
    snapshot = overlong_snapshot()
    plan = services.create_plan(team, f"Checkout {rows} rows", leader)
    fields, _ = services.plan_parts(plan)
    for key in ("vision", "mission", "target_group", "non_goals"):
        text = snapshot.get(key) or snapshot["board"].get(key) or snapshot["strategy"].get(key)
        services.save_field(plan, fields[key], text, fields[key].version, leader)
    pillar = snapshot["strategy"]["pillars"][0]
    horizons = cycle(value for value, _ in HORIZONS)
    kinds = cycle(
        [
            ("need", lambda n: {"text": f"{snapshot['board']['needs'][n % 3]} ({n})"}),
            ("product", lambda n: {"text": f"{snapshot['board']['product'][n % 3]} ({n})"}),
            ("business_goal", lambda n: {"text": f"Business goal number {n}, measurable"}),
            ("pillar", lambda n: {**pillar, "title": f"Pillar {n}"}),
            ("theme", lambda n: {"horizon": next(horizons), "title": f"Theme {n}", "goal": "NRR"}),
        ]
    )
    for n in range(rows):
        kind, values = next(kinds)
        services.add_item(plan, kind, values(n), leader)
    services.publish(plan, leader, "Bench")
    return plan.id


def seed(app) -> tuple[int, dict[str, str]]:
    """The demo team with two more plans; the leader's id and the query of each case."""
    with app.app_context():
        team = load_demo()
        leader = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        default = f"?chosen=1{sections_query(DEFAULT_SECTIONS)}"
        cases = {
            "demo plan": "",
            "demo plan, with Numbers": f"{default}&sections=numbers",
        }
        for rows in ROWS:
            plan_id = add_big_plan(team, leader, rows)
            cases[f"{rows}-row plan"] = f"{default}&plan={plan_id}"
        db.session.commit()
        return leader.id, cases


def forget_fits(app) -> None:
    with app.app_context():
        db.session.execute(sa.delete(OnePagerFit))
        db.session.commit()


def timed(app, client, path: str, cold: bool) -> tuple[float, float, float]:
    """Median wall and CPU time (ms) of GET `path`, and the layouts it took on average."""
    wall, cpu = [], []
    runs, laid_out = RUNS["cold" if cold else "repeated"], formats.layouts["documents"]
    for _ in range(runs):
        if cold:
            forget_fits(app)
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, path
    layouts = (formats.layouts["documents"] - laid_out) / runs
    return statistics.median(wall), statistics.median(cpu), layouts


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    leader_id, cases = seed(app)
    client = signed_in_client(app, leader_id)
    client.get(f"/t/{SLUG}/one-pager.pdf")  # imports, fonts
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    print(f"\nOne-pager ({backend}; cold {RUNS['cold']} runs, repeated {RUNS['repeated']})")
    for case, query in cases.items():
        page, pdf = f"/t/{SLUG}/one-pager{query}", f"/t/{SLUG}/one-pager.pdf{query}"
        for what, path, cold in (
            ("page cold", page, True),
            ("PDF cold", pdf, True),
            ("PDF repeated", pdf, False),
            ("page repeated", page, False),
        ):
            wall, cpu, layouts = timed(app, client, path, cold)
            print(
                f"  {case:<24} {what:<14} median {wall:7.1f} ms wall {cpu:7.1f} ms CPU"
                f"  {layouts:.1f} layouts"
            )


if __name__ == "__main__":
    main()
