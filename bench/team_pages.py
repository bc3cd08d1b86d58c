"""Team pages with a large team: 200 members, 2,000 activity entries, 100 pending invites.

Usage: .venv/bin/python bench/team_pages.py [DATABASE_URL]
"""

import sys
from datetime import timedelta

from harness import add_team, make_app, measure, report, signed_in_client

from plplan.extensions import db
from plplan.models import Activity, Invitation, Role, utcnow


def seed(app, members: int = 200, activities: int = 2000, invites: int = 100) -> tuple[str, int]:
    with app.app_context():
        team, memberships = add_team(members)
        users = [m.user for m in memberships]
        now = utcnow()
        for i in range(activities):
            db.session.add(
                Activity(
                    team_id=team.id,
                    actor_id=users[i % members].id,
                    verb="joined",
                    object_type="membership",
                    summary="joined the team",
                    created_at=now - timedelta(minutes=i),
                )
            )
        for i in range(invites):
            db.session.add(
                Invitation(
                    team_id=team.id,
                    token_hash=f"{i:064d}",
                    role=Role.MEMBER,
                    expires_at=now + timedelta(days=7),
                    created_by_id=users[0].id,
                )
            )
        db.session.commit()
        return team.slug, users[0].id


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 else None)
    slug, leader_id = seed(app)
    client = signed_in_client(app, leader_id)
    rows = [
        measure(app, client, path)
        for path in [f"/t/{slug}/", f"/t/{slug}/members", f"/t/{slug}/invitations", "/home"]
    ]
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(f"Team pages, 200 members, 2,000 activity entries, 100 invites ({backend})", rows)


if __name__ == "__main__":
    main()
