"""Who is in a team: the membership queries every module shares."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from plplan.authz import Capability, members_who_can
from plplan.extensions import db
from plplan.models import Membership, Team, User


def members(team: Team) -> list[Membership]:
    """Everyone in the team by name, with their users, in one query.

    By name, not by role: a role changed on the people page leaves every row where it was.
    """
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.user)
            .where(Membership.team_id == team.id)
            .options(joinedload(Membership.user))
            .order_by(User.display_name, Membership.id)
        )
    )


def contributors(team: Team, capability: Capability) -> list[Membership]:
    """The people whose role has `capability` (own goals, hold areas), by name."""
    query = _by_name(team, capability, Membership).options(joinedload(Membership.user))
    return list(db.session.scalars(query))


def contributor_names(team: Team, capability: Capability) -> list[tuple[int, str]]:
    """The same people as (membership id, name) rows, for a page that names hundreds of them:
    their memberships and users as ORM objects would cost more than the rest of it."""
    return db.session.execute(_by_name(team, capability, Membership.id, User.display_name)).all()


def _by_name(team: Team, capability: Capability, *columns) -> sa.Select:
    return (
        sa.select(*columns)
        .join(Membership.user)
        .where(Membership.team_id == team.id, members_who_can(capability))
        .order_by(User.display_name, Membership.id)
    )
