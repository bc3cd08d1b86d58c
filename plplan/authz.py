"""Access control for team-scoped URLs, in one place.

A non-member gets 404 (we never confirm that a team exists), a member without the role
gets 403, and an anonymous visitor is sent to log in and brought back.
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from plplan.extensions import db
from plplan.models import Membership, Role, Team


def load_membership(slug: str, min_role: Role = Role.VIEWER) -> Membership:
    """The current user's membership of the team `slug`, with the team loaded.

    :raise 404: the team does not exist or the user is not in it.
    :raise 403: the user's role is below `min_role`.
    """
    membership = db.session.scalar(
        sa.select(Membership)
        .join(Membership.team)
        .where(Team.slug == slug, Membership.user_id == current_user.id)
        .options(contains_eager(Membership.team))
    )
    if membership is None:
        abort(404)
    if membership.role < min_role:
        abort(403)
    return membership


def team_view(min_role: Role = Role.VIEWER):
    """Decorate a view under /t/<slug>/: it receives the membership instead of the slug."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(slug: str, **kwargs):
            g.membership = load_membership(slug, min_role)
            return view(g.membership, **kwargs)

        return wrapped

    return decorator
