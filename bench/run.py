"""`make bench`: every main page on the large dataset, against the bare reference.

Builds the dataset once (instance/bench.sqlite; and on $PLPLAN_BENCH_DATABASE_URL when set),
then, per database: each main page at each team size, one request at a time in-process,
alternating with the bare page; the one-pager PDF cold and repeated; and, when wrk is
installed, gunicorn throughput and worker memory (bench/throughput.py).

Usage: .venv/bin/python bench/run.py [--runs N] [--sizes 40,200] [--pages plan,grid]
       [--no-pdf] [--no-wrk]
"""

import argparse
import math
import os
import shutil
import statistics
import time
from pathlib import Path

import dataset
import sqlalchemy as sa
import throughput
from bare import create_bare_app
from harness import counting_queries, open_app, reset_schema, signed_in_client

from plplan.extensions import db
from plplan.models import Team

SQLITE_FILE = Path(__file__).resolve().parent.parent / "instance" / "bench.sqlite"

# (label, who, path): every main page, with the person who looks at it.
PAGES = [
    ("team home", "leader", "/t/{slug}/"),
    ("plan (leader)", "leader", "/t/{slug}/plans/{plan_id}"),
    ("plan (member)", "member", "/t/{slug}/plans/{plan_id}"),
    ("plan (viewer)", "viewer", "/t/{slug}/plans/{plan_id}"),
    ("history", "leader", "/t/{slug}/plans/{plan_id}/history"),
    ("RACI grid", "leader", "/t/{slug}/responsibilities/"),
    ("area page", "leader", "/t/{slug}/responsibilities/areas/{area_id}"),
    ("my responsibilities", "member", "/t/{slug}/responsibilities/mine"),
    ("my goals", "member", "/t/{slug}/goals/"),
    ("goal page", "member", "/t/{slug}/goals/{goal_id}"),
    ("team growth", "leader", "/t/{slug}/goals/team"),
    ("one-pager page", "leader", "/t/{slug}/one-pager"),
    ("members", "leader", "/t/{slug}/members"),
    # every check-in says "Progress": the most matches a word can have
    ("search, common word", "member", "/t/{slug}/search?q=progress"),
    ("search, prefix", "viewer", "/t/{slug}/search?q=checko*"),
    ("search, phrase", "member", '/t/{slug}/search?q="goal 3 of person"'),
]


def prepared_app(url: str):
    """An app on `url` holding the dataset, built first if it is missing or outdated."""
    app = open_app(url)
    with app.app_context():
        if dataset.is_built():
            return app
    print(f"Building the dataset on {backend(app)} (once) ...", flush=True)
    start = time.perf_counter()
    reset_schema(app)
    with app.app_context():
        dataset.build()
    print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return app


def backend(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]


def timed_get(client, path: str, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(path, **kwargs)
    return (time.perf_counter() - start) * 1000, response


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[max(0, math.ceil(len(sorted_values) * share) - 1)]


def measure_page(app, client, path: str, bare, runs: int) -> dict:
    """Page and bare page in turn, `runs` times each, after one warm-up request of each."""
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code)
    assert bare.get("/").status_code == 200
    with counting_queries(app) as statements:
        client.get(path)
    compressed = client.get(path, headers={"Accept-Encoding": "br"})
    page_ms, bare_ms = [], []
    for _ in range(runs):
        elapsed, response = timed_get(client, path)
        assert response.status_code == 200, path
        page_ms.append(elapsed)
        bare_ms.append(timed_get(bare, "/")[0])
    page_ms.sort()
    return {
        "median": statistics.median(page_ms),
        "p95": percentile(page_ms, 0.95),
        "ratio": statistics.median(page_ms) / statistics.median(bare_ms),
        "queries": len(statements),
        "kb": len(first.data) / 1024,
        "br_kb": len(compressed.data) / 1024,
    }


def page_rows(app, bare, teams, labels, runs: int) -> list[tuple]:
    rows = []
    for label, who, template in PAGES:
        if labels and not any(wanted in label for wanted in labels):
            continue
        for team in teams:
            path = template.format(
                slug=team.slug, plan_id=team.plan_id, area_id=team.area_id, goal_id=team.goal_id
            )
            client = signed_in_client(app, team.people[who])
            rows.append((label, team.size, measure_page(app, client, path, bare, runs)))
            print(".", end="", flush=True)
    print()
    return rows


def print_pages(title: str, rows: list[tuple], bare_ms: float) -> None:
    print(f"\n{title} (bare page: median {bare_ms:.2f} ms)")
    header = f"{'page':<20} {'people':>6} {'median ms':>10} {'p95 ms':>8} {'× bare':>7} "
    print(header + f"{'queries':>7} {'HTML KB':>8} {'br KB':>6}")
    for label, size, m in rows:
        print(
            f"{label:<20} {size:>6} {m['median']:>10.1f} {m['p95']:>8.1f} {m['ratio']:>7.1f} "
            f"{m['queries']:>7} {m['kb']:>8.0f} {m['br_kb']:>6.0f}"
        )


def bare_median(bare, runs: int = 50) -> float:
    bare.get("/")
    return statistics.median(timed_get(bare, "/")[0] for _ in range(runs))


def pdf_timings(app, team, runs: int) -> dict:
    """The one-pager PDF of the team's large plan. Cold: the team's name changes before each
    request, so no layout of that content was ever made, wherever a cache keeps layouts."""
    client = signed_in_client(app, team.people["leader"])
    path = f"/t/{team.slug}/one-pager.pdf"
    client.get(path)  # imports, fonts
    with app.app_context():
        name = db.session.get(Team, _team_id(team)).name
    cold = []
    try:
        for n in range(runs):
            _rename(app, team, f"{name} {n}")
            elapsed, response = timed_get(client, path)
            assert response.data.startswith(b"%PDF")
            cold.append(elapsed)
    finally:
        _rename(app, team, name)
    client.get(path)
    repeated = sorted(timed_get(client, path)[0] for _ in range(runs * 3))
    cold.sort()
    return {
        "cold": (statistics.median(cold), percentile(cold, 0.95)),
        "repeated": (statistics.median(repeated), percentile(repeated, 0.95)),
    }


def _team_id(team) -> int:
    return db.session.scalar(sa.select(Team.id).where(Team.slug == team.slug))


def _rename(app, team, name: str) -> None:
    with app.app_context():
        db.session.get(Team, _team_id(team)).name = name
        db.session.commit()


def run_on(url: str, args) -> None:
    app = prepared_app(url)
    with app.app_context():
        teams = [t for t in dataset.bench_teams() if t.size in args.sizes]
    bare = create_bare_app(url).test_client()
    title = (
        f"Main pages, in-process, {args.runs} runs each alternating with the bare page "
        f"({backend(app)}, {dataset.TEAMS:,} teams)"
    )
    rows = page_rows(app, bare, teams, args.pages, args.runs)
    print_pages(title, rows, bare_median(bare))
    if args.pdf:
        big = next(t for t in teams if t.size == 40) if 40 in args.sizes else teams[-1]
        pdf = pdf_timings(app, big, runs=3)
        print(f"\nOne-pager PDF, {dataset.PLAN_ROWS}-row plan ({backend(app)})")
        for label, (median, p95) in pdf.items():
            print(f"  {label:<9} median {median:8.1f} ms   p95 {p95:8.1f} ms")
    if args.wrk:
        team = next(t for t in teams if t.size == 40) if 40 in args.sizes else teams[-1]
        throughput.report(app, url, team)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default=",".join(map(str, dataset.SIZES)))
    parser.add_argument("--pages", default="", help="comma-separated parts of page labels")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false")
    parser.add_argument("--no-wrk", dest="wrk", action="store_false")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.pages = [label for label in args.pages.split(",") if label]
    if args.wrk and not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): no throughput run.")
        args.wrk = False
    SQLITE_FILE.parent.mkdir(exist_ok=True)
    urls = [f"sqlite:///{SQLITE_FILE}"]
    if os.environ.get("PLPLAN_BENCH_DATABASE_URL"):
        urls.append(os.environ["PLPLAN_BENCH_DATABASE_URL"])
    for url in urls:
        run_on(url, args)


if __name__ == "__main__":
    main()
