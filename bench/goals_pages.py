"""Goals pages with a busy team: 40 members x 10 goals x 20 check-ins (400 goals, 8,000 check-ins).

Usage: .venv/bin/python bench/goals_pages.py [DATABASE_URL [MEMBERS]]
Prints the query count and median/p90 server time of My goals and Team growth, then the size
of their HTML.
"""

import sys
from datetime import timedelta

from harness import add_team, make_app, measure, report, signed_in_client

from plplan.extensions import db
from plplan.goals.services import seed_skills
from plplan.models import CheckIn, Goal, Skill, utcnow

STATUSES = ["on_track", "at_risk", "off_track", "not_started"]


def seed(app, members: int = 40, goals: int = 10, checkins: int = 20) -> tuple[str, int, int]:
    """The team, its leader (user 0) and a member (user 1); each person mentors the goals of
    the person before them, with two check-ins per goal waiting for the mentor."""
    with app.app_context():
        team, memberships = add_team(members)
        users = [m.user for m in memberships]
        seed_skills(team)
        skill_ids = [s.id for s in db.session.query(Skill).filter_by(team_id=team.id)]
        now = utcnow()
        for i, user in enumerate(users):
            for n in range(goals):
                goal = Goal(
                    team_id=team.id,
                    owner_id=user.id,
                    mentor_id=users[(i + 1) % members].id,
                    skill_id=skill_ids[(i + n) % len(skill_ids)],
                    level=1 + n % 4,
                    title=f"Goal {n} of user {i}",
                    success="Measurable",
                    status=STATUSES[n % 4],
                    visibility="private" if n % 5 == 0 else "team",
                    target_date=(now + timedelta(days=n * 9 - 20)).date(),
                    created_at=now - timedelta(days=120),
                    last_checkin_at=now - timedelta(days=n * 3),
                    progress=min(100, checkins * 4),
                    waiting=min(2, checkins),
                )
                goal.checkins = [
                    CheckIn(
                        author_id=user.id,
                        created_at=now - timedelta(days=n * 3 + (checkins - c) * 5),
                        progress=c * 4,
                        status=STATUSES[c % 4],
                        confidence=3,
                        happened="Progress",
                        acknowledged_at=now if c < checkins - 2 else None,
                    )
                    for c in range(checkins)
                ]
                db.session.add(goal)
        db.session.commit()
        return team.slug, users[0].id, users[1].id


def main() -> None:
    app = make_app(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
    members = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    slug, leader_id, member_id = seed(app, members=members)
    pages = [
        (signed_in_client(app, member_id), f"/t/{slug}/goals/"),
        (signed_in_client(app, leader_id), f"/t/{slug}/goals/team"),
    ]
    rows = [measure(app, client, path) for client, path in pages]
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(f"Goals pages, {members} members x 10 goals x 20 check-ins ({backend})", rows)
    for client, path in pages:
        print(f"  {path:<40} {len(client.get(path).data) / 1024:.1f} KB of HTML")


if __name__ == "__main__":
    main()
