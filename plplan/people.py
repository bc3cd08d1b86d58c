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
    return list(db.session.scalars(_by_name(team, Membership).options(joinedload(Membership.user))))


def first_members(team: Team, limit: int) -> tuple[list[Membership], int]:
    """The first `limit` of `members`, and how many there are in all: one query."""
    total = sa.func.count().over().label("total")
    query = _by_name(team, Membership, total).options(joinedload(Membership.user))
    rows = db.session.execute(query.limit(limit)).all()
    return [row.Membership for row in rows], (rows[0].total if rows else 0)


def contributors(team: Team, capability: Capability) -> list[Membership]:
    """The people whose role has `capability` (own goals, hold areas), by name."""
    query = _by_name(team, Membership, who=members_who_can(capability))
    query = query.options(joinedload(Membership.user))
    return list(db.session.scalars(query))


def contributor_names(team: Team, capability: Capability) -> list[tuple[int, str]]:
    """The same people as (membership id, name) rows, for a page that names hundreds of them:
    their memberships and users as ORM objects would cost more than the rest of it."""
    return db.session.execute(
        _by_name(team, Membership.id, User.display_name, who=members_who_can(capability))
    ).all()


def _by_name(team: Team, *columns, who: sa.ColumnElement | None = None) -> sa.Select:
    """The team's people (those `who` selects, or all) by name, as `columns`."""
    return (
        sa.select(*columns)
        .join(Membership.user)
        .where(Membership.team_id == team.id, sa.true() if who is None else who)
        .order_by(User.display_name, Membership.id)
    )
