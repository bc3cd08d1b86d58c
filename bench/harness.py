"""Shared benchmark plumbing: an app on a scratch database, a signed-in client, timing."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plplan import create_app  # noqa: E402
from plplan.extensions import db  # noqa: E402
from plplan.models import Membership, Role, Team, User  # noqa: E402
from plplan.security import hash_password  # noqa: E402
from tests.queries import counting_queries  # noqa: E402

PASSWORD_HASH = hash_password("benchmark password")


def open_app(database_url: str):
    """An app on the database as it is."""
    return create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url})


def make_app(database_url: str | None = None):
    """An app on a fresh schema: a temporary SQLite file unless a URL is given."""
    app = open_app(database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    reset_schema(app)
    return app


def reset_schema(app) -> None:
    """Drop every table (ours or not) and create ours."""
    with app.app_context():
        meta = sa.MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        db.create_all()


def add_team(size: int) -> tuple[Team, list[Membership]]:
    """A team "bench" of `size` people (the first one leads), flushed; call in an app context."""
    team = Team(name="Bench", slug="bench")
    users = [
        User(email=f"u{i}@bench.example", display_name=f"User {i:02}", password_hash=PASSWORD_HASH)
        for i in range(size)
    ]
    db.session.add_all([team, *users])
    db.session.flush()
    memberships = [
        Membership(team_id=team.id, user=user, role=Role.LEADER if i == 0 else Role.MEMBER)
        for i, user in enumerate(users)
    ]
    db.session.add_all(memberships)
    db.session.flush()
    return team, memberships


def signed_in_client(app, user_id: int):
    client = app.test_client()
    with app.app_context():
        token = db.session.get(User, user_id).session_token
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
    return client


def measure(app, client, path: str, runs: int = 30) -> dict:
    """Median and p90 server time (ms) of GET `path`, and its query count."""
    assert client.get(path).status_code == 200, path
    with counting_queries(app) as statements:
        client.get(path)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "path": path,
        "queries": len(statements),
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 2),
        "runs": runs,
    }


def report(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    for row in rows:
        print(
            f"  {row['path']:<40} {row['queries']:>3} queries  "
            f"median {row['median_ms']:>7} ms  p90 {row['p90_ms']:>7} ms  ({row['runs']} runs)"
        )
