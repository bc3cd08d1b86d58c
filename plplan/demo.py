"""A realistic demo team, so a new user sees plplan working in the first minute."""

import sqlalchemy as sa

from plplan.areadata.comms_demo import seed_comms
from plplan.areadata.demo import seed_budget
from plplan.areadata.kpis_demo import seed_kpis
from plplan.auth.services import register_user
from plplan.demo_people import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAM
from plplan.extensions import db
from plplan.goals.demo import seed_goals
from plplan.models import Membership, Notification, OutboxMessage, Team, User
from plplan.responsibilities.demo import seed_responsibilities
from plplan.responsibilities.services import areas
from plplan.teams.services import create_team
from plplan.vision.demo import seed_vision


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def load_demo() -> Team:
    """Create the demo people and team, then each module's demo content (the caller commits)."""
    people = [
        (register_user(email, name, DEMO_PASSWORD), role) for email, name, role in DEMO_PEOPLE
    ]
    leader = people[0][0]
    team = create_team(DEMO_TEAM, leader)
    for user, role in people[1:]:
        db.session.add(Membership(team=team, user=user, role=role))
    db.session.flush()
    people_by_email = {user.email: user for user, _ in people}
    # Each module seeds its own part of the demo.
    seed_responsibilities(team, people_by_email)
    seed_budget(team, people_by_email)
    seed_goals(team, people_by_email)
    seed_vision(team, people_by_email)
    seed_kpis(team)
    seed_comms(team, areas(team), people_by_email)
    # The demo's past is no news to mail: its people find it in their inbox, no emails go out.
    db.session.flush()
    db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.notification_id.in_(
                sa.select(Notification.id).where(Notification.team_id == team.id)
            )
        )
    )
    return team
