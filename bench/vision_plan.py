"""The plan page with a full plan: 50 rows, 500 revisions, 100 comments (50 threads + replies).

Usage: .venv/bin/python bench/vision_plan.py [DATABASE_URL]
"""

import sys

import dataset
from harness import PASSWORD_HASH, make_app, measure, report, signed_in_client

from plplan.extensions import db
from plplan.models import Membership, Role, Team, User


def seed(app) -> tuple[str, dict[str, int]]:
    """The team, a plan filled as `make bench`'s (bench/dataset.py), and one person per role."""
    with app.app_context():
        team = Team(name="Bench", slug="bench")
        people = {
            role: User(
                email=f"{role.name.lower()}@bench.example",
                display_name=role.label,
                password_hash=PASSWORD_HASH,
            )
            for role in Role
        }
        db.session.add_all([team, *people.values()])
        db.session.flush()
        for role, user in people.items():
            db.session.add(Membership(team_id=team.id, user_id=user.id, role=role))
        plan = dataset.add_plan(team.id, people[Role.LEADER].id, people[Role.MEMBER].id)
        db.session.commit()
        ids = {role.name.lower(): user.id for role, user in people.items()}
        return f"/t/{team.slug}/plans/{plan.id}", ids


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    path, people = seed(app)
    rows = []
    for who in ("leader", "member", "viewer"):
        row = measure(app, signed_in_client(app, people[who]), path)
        row["path"] = f"plan page as {who}"
        rows.append(row)
    history_row = measure(app, signed_in_client(app, people["leader"]), f"{path}/history")
    history_row["path"] = "history (newest 50)"
    rows.append(history_row)
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(
        f"Vision plan, {dataset.PLAN_ROWS} rows, {dataset.PLAN_REVISIONS} revisions, "
        f"{dataset.PLAN_COMMENTS} comments ({backend})",
        rows,
    )


if __name__ == "__main__":
    main()
