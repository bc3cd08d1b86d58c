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
