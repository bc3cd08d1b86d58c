"""The plan page with a full plan: 50 rows, 500 revisions, 100 comments (50 threads + replies).

Usage: .venv/bin/python bench/vision_plan.py [DATABASE_URL]
"""

import sys

import sqlalchemy as sa
from harness import PASSWORD_HASH, make_app, measure, report, signed_in_client

from plplan.extensions import db
from plplan.models import Membership, PlanRevision, Role, Team, User
from plplan.vision import comments, history, services
from plplan.vision.parts import ROW_KINDS

ROWS, REVISIONS, COMMENTS = 50, 500, 100


def seed(app) -> tuple[str, dict[str, int]]:
    """The team, a plan filled as described above, and one person per role."""
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
        leader = people[Role.LEADER]
        plan = services.create_plan(team, "Checkout 2027", leader)
        fields, _ = services.plan_parts(plan)
        for key, row in fields.items():
            services.save_field(plan, row, f"Text of {key}", row.version, leader)
        kinds = list(ROW_KINDS)
        for i in range(ROWS):
            values = {"text": f"Row {i}", "title": f"Row {i}", "goal": "Grow", "metric": "Rate"}
            services.add_item(plan, kinds[i % len(kinds)], values, leader)
        db.session.flush()
        done = db.session.scalar(sa.select(sa.func.count()).select_from(PlanRevision))
        for _ in range(REVISIONS - done):  # restores never fold, so each one counts
            history.record(
                plan, "vision", "vision", "restore", {"value": "a"}, {"value": "b"}, leader
            )
        for i in range(COMMENTS // 2):
            thread = comments.add_comment(plan, "needs", f"Question {i}?", people[Role.MEMBER])
            comments.add_comment(plan, "needs", f"Answer {i}.", leader, thread)
        services.publish(plan, leader, "Bench")
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
        f"Vision plan, {ROWS} rows, {REVISIONS} revisions, {COMMENTS} comments ({backend})", rows
    )


if __name__ == "__main__":
    main()
