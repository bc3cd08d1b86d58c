"""A person's inbox: their items from the teams they are in, unread first; marking them read.

Only the recipient ever reads or marks an item, and only while they are still in its team.
"""

from functools import cache

import sqlalchemy as sa
from flask import abort, url_for
from sqlalchemy.orm import joinedload

from plplan.extensions import db
from plplan.models import Membership, Notification, utcnow

PAGE_SIZE = 100


def _mine(user_id) -> sa.ColumnElement:
    """Items addressed to `user_id` in a team they still belong to."""
    in_team = (
        sa.select(Membership.id)
        .where(Membership.team_id == Notification.team_id, Membership.user_id == user_id)
        .exists()
    )
    return sa.and_(Notification.recipient_id == user_id, in_team)


@cache
def unread_count_query() -> sa.ScalarSelect:
    """The bell's count as a scalar subquery on the bound `user_id` (the navigation's query
    carries it, so the bell costs no query of its own)."""
    return (
        sa.select(sa.func.count(Notification.id))
        .where(_mine(sa.bindparam("user_id")), Notification.read_at.is_(None))
        .scalar_subquery()
    )


def items(user_id: int) -> list[Notification]:
    """The newest items, unread first, with their team and actor: one query."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(_mine(user_id))
            .options(joinedload(Notification.team), joinedload(Notification.actor))
            .order_by(
                Notification.read_at.is_not(None),
                Notification.created_at.desc(),
                Notification.id.desc(),
            )
            .limit(PAGE_SIZE)
        )
    )


def item_or_404(user_id: int, item_id: int) -> Notification:
    """:raise 404: the item is not this person's (or they left its team)."""
    item = db.session.scalar(
        sa.select(Notification)
        .where(Notification.id == item_id, _mine(user_id))
        .options(joinedload(Notification.team))
    )
    if item is None:
        abort(404)
    return item


def mark_read(item: Notification) -> None:
    if item.read_at is None:
        item.read_at = utcnow()


def mark_all_read(user_id: int) -> int:
    """Mark every unread item read; how many were."""
    return db.session.execute(
        sa.update(Notification)
        .where(_mine(user_id), Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def link(item: Notification, **options) -> str:
    """The page of what the item is about, in its team."""
    return url_for(
        item.endpoint,
        slug=item.team.slug,
        _anchor=item.anchor or None,
        **item.link_args,
        **options,
    )
