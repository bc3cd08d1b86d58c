"""Teams that existed before the goals migration get the eight seed skills from it."""

import sqlalchemy as sa
from flask_migrate import upgrade

from plplan import create_app
from plplan.extensions import db
from plplan.goals.seeds import SEED_SKILLS
from plplan.migrations import attach_migrations
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)


def test_upgrading_seeds_skills_for_existing_teams(empty_database_url):  # noqa: F811
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    attach_migrations(app)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            for slug in ("alpha", "beta"):
                conn.execute(
                    sa.text(
                        "INSERT INTO team (name, slug, created_at) VALUES (:slug, :slug, :now)"
                    ),
                    {"slug": slug, "now": "2026-01-01 00:00:00"},
                )
        upgrade()
        with db.engine.connect() as conn:
            per_team = conn.execute(
                sa.text(
                    "SELECT team.slug, count(skill.id) FROM team"
                    " JOIN skill ON skill.team_id = team.id GROUP BY team.slug ORDER BY team.slug"
                )
            ).all()
            names = (
                conn.execute(sa.text("SELECT name FROM skill ORDER BY team_id, position LIMIT 8"))
                .scalars()
                .all()
            )
            stale_days = conn.execute(sa.text("SELECT goal_stale_days FROM team")).scalars().all()
        db.engine.dispose()
    assert per_team == [("alpha", 8), ("beta", 8)]
    assert names == [name for name, _ in SEED_SKILLS]
    assert stale_days == [14, 14]


def insert(conn, table: str, **values) -> None:
    """A row as the schema of an older revision takes it (no model defaults)."""
    conn.execute(sa.insert(sa.table(table, *map(sa.column, values))).values(**values))


def test_upgrading_counts_each_goals_check_ins_waiting(empty_database_url):  # noqa: F811
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    attach_migrations(app)
    now = "2026-01-01 00:00:00"
    with app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as conn:
            insert(conn, "team", id=1, name="Alpha", slug="alpha", created_at=now)
            insert(
                conn,
                "user",
                id=1,
                email="a@example.com",
                display_name="A",
                password_hash="x",
                session_token="t",
                failed_logins=0,
                created_at=now,
            )
            for goal_id in (1, 2):
                insert(
                    conn,
                    "goal",
                    id=goal_id,
                    team_id=1,
                    owner_id=1,
                    title="Goal",
                    success="",
                    unit="",
                    progress=0,
                    status="on_track",
                    visibility="team",
                    created_at=now,
                    last_checkin_at=now,
                    version=1,
                    learned="",
                )
            for goal_id, acknowledged_at in ((1, None), (1, None), (1, now), (2, now)):
                insert(
                    conn,
                    "checkin",
                    goal_id=goal_id,
                    created_at=now,
                    progress=0,
                    status="on_track",
                    confidence=3,
                    happened="",
                    blockers="",
                    next_step="",
                    feedback="",
                    acknowledged_at=acknowledged_at,
                )
        upgrade()
        with db.engine.connect() as conn:
            waiting = conn.execute(sa.text("SELECT id, waiting FROM goal ORDER BY id")).all()
        db.engine.dispose()
    assert waiting == [(1, 2), (2, 0)]
