"""The plan page at 10 and 200 people: median ms, queries and HTML KB per role.

The plan is bench/vision_plan.py's (50 rows, 500 revisions, 100 comments); the team then
grows to the given size, so a slower page at 200 people shows in the ratio column.

Usage: .venv/bin/python bench/plan_page.py [DATABASE_URL]
"""

import statistics
import sys
import time

from harness import PASSWORD_HASH, make_app, measure, signed_in_client
from vision_plan import seed

from plplan.extensions import db
from plplan.models import Membership, Role, Team, User

ROLES = ("leader", "member", "viewer")
SIZES = (10, 200)


def grow_team(app, size: int) -> None:
    """Members until the bench team has `size` people (the three roles included)."""
    with app.app_context():
        team = db.session.scalars(db.select(Team).filter_by(slug="bench")).one()
        users = [
            User(
                email=f"p{i}@bench.example", display_name=f"Person {i}", password_hash=PASSWORD_HASH
            )
            for i in range(size - len(ROLES))
        ]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(Membership(team_id=team.id, user=u, role=Role.MEMBER) for u in users)
        db.session.commit()


def page_kb(app, user_id: int, path: str) -> float:
    return round(len(signed_in_client(app, user_id).get(path).data) / 1024, 1)


def cpu_ms(app, user_id: int, path: str, runs: int = 40) -> float:
    """Median CPU time of the request's thread: on a shared machine wall time swings
    threefold with the neighbours' load, what our code costs does not."""
    client = signed_in_client(app, user_id)
    timings = []
    for _ in range(runs):
        start = time.thread_time()
        client.get(path)
        timings.append((time.thread_time() - start) * 1000)
    return round(statistics.median(timings), 2)


def run(database_url: str | None, size: int) -> dict[str, dict]:
    app = make_app(database_url)
    path, people = seed(app)
    grow_team(app, size)
    rows = {}
    for who in ROLES:
        row = measure(app, signed_in_client(app, people[who]), path, runs=40)
        row["kb"] = page_kb(app, people[who], path)
        row["cpu_ms"] = cpu_ms(app, people[who], path)
        rows[who] = row
    return rows


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else None
    results = {size: run(url, size) for size in SIZES}
    small, large = (results[size] for size in SIZES)
    backend = (url or "sqlite").split(":", 1)[0]
    print(f"\nPlan page, 50 rows, 500 revisions, 100 comments ({backend})")
    columns = f"{'median ms':>11}{'p90 ms':>9}{'cpu ms':>8}{'queries':>9}{'KB':>8}"
    print(f"  {'as':<8}{'people':>7}{columns}")
    for size in SIZES:
        for who, row in results[size].items():
            print(
                f"  {who:<8}{size:>7}{row['median_ms']:>11}{row['p90_ms']:>9}{row['cpu_ms']:>8}"
                f"{row['queries']:>9}{row['kb']:>8}"
            )
    for who in ROLES:
        ratio = large[who]["cpu_ms"] / small[who]["cpu_ms"]
        print(f"  {who}: {ratio:.2f}× (cpu) from 10 to 200")


if __name__ == "__main__":
    main()
