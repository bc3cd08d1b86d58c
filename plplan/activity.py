"""The one way every module writes to a team's activity feed."""

from datetime import timedelta

import sqlalchemy as sa
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.authz import Capability
from plplan.extensions import db
from plplan.models import Activity, Membership, Team, User, utcnow


def record_activity(
    team: Team,
    verb: str,
    object_type: str,
    summary: str,
    object_id: int | None = None,
    actor: User | None = None,
    fold_within: timedelta | None = None,
) -> Activity:
    """Add an entry to the team's feed (the caller commits).

    With `fold_within`, a repeat of the same actor, verb and object inside that window
    refreshes the previous entry instead of adding one, so autosave does not flood the feed.
    """
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    actor_id = actor.id if actor else None
    if fold_within:
        previous = db.session.scalar(
            sa.select(Activity)
            .where(Activity.team_id == team.id)
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(1)
        )
        if (
            previous is not None
            and (previous.actor_id, previous.verb, previous.object_type, previous.object_id)
            == (actor_id, verb, object_type, object_id)
            and utcnow() - previous.created_at < fold_within
        ):
            previous.summary = summary[:300]
            previous.created_at = utcnow()
            return previous
    entry = Activity(
        team_id=team.id,
        actor_id=actor_id,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
    )
    db.session.add(entry)
    return entry


# Who reads no drafts reads the published plan and the map, nothing else: the people, the
# map's changes and publications, not drafts, goals, invitations or exports.
_PUBLISHED_ONLY = sa.or_(
    Activity.object_type.in_(["team", "membership", "area", "responsibility_map"]),
    sa.and_(Activity.object_type == "plan", Activity.verb == "published"),
)


def recent_activity(membership: Membership, limit: int = 20) -> list[Activity]:
    """The newest entries this member may see, with their actors, in one query."""
    query = sa.select(Activity).where(Activity.team_id == membership.team_id)
    if not membership.can(Capability.READ_DRAFTS):
        query = query.where(_PUBLISHED_ONLY)
    return list(
        db.session.scalars(
            query.options(joinedload(Activity.actor))
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(limit)
        )
    )
