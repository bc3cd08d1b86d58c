"""Finding team-scoped objects, the one way: by id within the member's team, children through
their parent. Another team's object, or a child of another parent, is simply not there (404)."""

from functools import cache

import sqlalchemy as sa
from flask import abort

from plplan.extensions import db
from plplan.models import Membership


def team_object(membership: Membership, model, object_id: int, *criteria, options=()):
    """The `model` row `object_id` of the member's team (and matching `criteria`), or None."""
    query = _in_team(model)
    if criteria or options:
        query = query.where(*criteria).options(*options)
    return db.session.scalar(query, {"object_id": object_id, "team_id": membership.team_id})


@cache
def _in_team(model) -> sa.Select:
    """A team's `model` row by id, the query built once per model and process (it holds only
    bound parameters): nearly every team page looks one up, and building the query cost as
    much as running it."""
    return sa.select(model).where(
        model.id == sa.bindparam("object_id"), model.team_id == sa.bindparam("team_id")
    )


def team_object_or_404(membership: Membership, model, object_id: int, *criteria, options=()):
    return _found(team_object(membership, model, object_id, *criteria, options=options))


def child(parent, model, child_id: int, options=()):
    """The `model` row `child_id` whose foreign key points at `parent`, or None."""
    return db.session.scalar(
        sa.select(model)
        .where(model.id == child_id, _parent_key(type(parent), model) == parent.id)
        .options(*options)
    )


def child_or_404(parent, model, child_id: int, options=()):
    return _found(child(parent, model, child_id, options=options))


def _parent_key(parent_model, model):
    """`model`'s column that refers to `parent_model` (exactly one must)."""
    (column,) = [
        fk.parent
        for fk in model.__table__.foreign_keys
        if fk.column.table is parent_model.__table__
    ]
    return column


def _found(thing):
    if thing is None:
        abort(404)
    return thing
