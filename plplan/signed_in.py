"""The person signed in, the teams they are in and their unread count: one query per request.

Every signed-in page needs all three (the cookie's person, the team page's membership, the
header's switcher and bell), and on PostgreSQL each round trip costs about as much as a
simple query takes to run, so they arrive together. A commit or rollback expires what was read
(it may have changed what the person holds); the next ask reads it again, still in one query.
"""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import g, has_app_context
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from plplan.extensions import db
from plplan.models import Membership, Team, User
from plplan.notifications.inbox import unread_count_query


@dataclass(frozen=True)
class SignedIn:
    """What one read found for one person."""

    user: User
    memberships: list[Membership]  # each with its team, ordered by the team's name
    unread: int  # the bell's count (items count only from teams the person is in)


def read(user_id: int) -> SignedIn | None:
    """The person `user_id` with their memberships and unread count, remembered for the
    request; None when there is no such person."""
    rows = db.session.execute(_query(), {"user_id": user_id}).all()
    if not rows:
        return None
    memberships = [membership for _, membership, _ in rows if membership is not None]
    g.signed_in = SignedIn(rows[0][0], memberships, rows[0][2] if memberships else 0)
    return g.signed_in


def current() -> SignedIn:
    """What the current (authenticated) user holds: as read with them, or read now."""
    known = g.get("signed_in")
    if known is not None and known.user.id == current_user.id:
        return known
    return read(current_user.id)


def membership_of(slug: str) -> Membership | None:
    """The current user's membership of the team `slug`, with the team loaded."""
    return next((m for m in current().memberships if m.team.slug == slug), None)


@cache
def _query() -> sa.Select:
    """Built once per process (it runs on every signed-in request); only bound parameters."""
    return (
        sa.select(User, Membership, unread_count_query())
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(Membership.team)
        .where(User.id == sa.bindparam("user_id"))
        .order_by(Team.name)
        .options(contains_eager(Membership.team))
    )


def _forget(*_event_args) -> None:
    if has_app_context():
        g.pop("signed_in", None)


sa.event.listen(db.session, "after_commit", _forget)
sa.event.listen(db.session, "after_soft_rollback", _forget)
