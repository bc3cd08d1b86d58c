"""Who is in a team: the membership queries every module shares.

Each statement is built once per process and holds only the bound parameter `team_id`: these
run on most pages, and building one anew cost about as much as running it.
"""

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from plplan.authz import Capability, members_who_can
from plplan.extensions import db
from plplan.models import Membership, Team, User


def members(team: Team) -> list[Membership]:
    """Everyone in the team by name, with their users, in one query.

    By name, not by role: a role changed on the people page leaves every row where it was.
    """
    return list(db.session.scalars(_people(), {"team_id": team.id}))


def first_members(team: Team, limit: int) -> tuple[list[Membership], int]:
    """The first `limit` of `members`, and how many there are in all: one query."""
    rows = db.session.execute(_first_people(), {"team_id": team.id, "limit": limit}).all()
    return [row.Membership for row in rows], (rows[0].total if rows else 0)


def contributors(team: Team, capability: Capability) -> list[Membership]:
    """The people whose role has `capability` (own goals, hold areas), by name."""
    return list(db.session.scalars(_people(capability), {"team_id": team.id}))


def contributor_names(team: Team, capability: Capability) -> list[tuple[int, str]]:
    """The same people as (membership id, name) rows, for a page that names hundreds of them:
    their memberships and users as ORM objects would cost more than the rest of it."""
    return db.session.execute(_names(capability), {"team_id": team.id}).all()


@cache
def _people(capability: Capability | None = None) -> sa.Select:
    return _by_name(Membership, capability=capability).options(contains_eager(Membership.user))


@cache
def _first_people() -> sa.Select:
    total = sa.func.count().over().label("total")
    query = _by_name(Membership, total).options(contains_eager(Membership.user))
    return query.limit(sa.bindparam("limit"))


@cache
def _names(capability: Capability) -> sa.Select:
    return _by_name(Membership.id, User.display_name, capability=capability)


def _by_name(*columns, capability: Capability | None = None) -> sa.Select:
    """The team's people (those whose role has `capability`, or all) by name, as `columns`;
    joined to their users once, which `contains_eager` fills Membership.user from (a joinedload
    joined them again, and PostgreSQL then read every user of every team twice)."""
    who = sa.true() if capability is None else members_who_can(capability)
    return (
        sa.select(*columns)
        .join(Membership.user)
        .where(Membership.team_id == sa.bindparam("team_id"), who)
        .order_by(User.display_name, Membership.id)
    )
