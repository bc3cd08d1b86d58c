"""Each person's choice per kind of event; no row means the kind's default."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Delivery, NotificationPreference
from plplan.notifications.events import KINDS
from plplan.transactions import refused_as


class _Taken(Exception):
    """Another request stored this person's choice for the kind first."""


def deliveries(kind: str, user_ids: list[int]) -> dict[int, Delivery]:
    """How each of these people hears of `kind`: one query."""
    default = KINDS[kind].default
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.kind == kind,
                NotificationPreference.user_id.in_(user_ids),
            )
        ).all()
    )
    return {user_id: Delivery(chosen.get(user_id, default)) for user_id in user_ids}


def choices(user_id: int) -> dict[str, Delivery]:
    """Every kind with this person's choice for it: one query."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    return {key: Delivery(chosen.get(key, kind.default)) for key, kind in KINDS.items()}


def set_delivery(user_id: int, kind: str, delivery: Delivery) -> None:
    """Store the choice (the caller commits); of two at once, both end as one row."""
    if _update(user_id, kind, delivery):
        return
    try:
        with refused_as(_Taken()):
            db.session.add(NotificationPreference(user_id=user_id, kind=kind, delivery=delivery))
            db.session.flush()
    except _Taken:
        _update(user_id, kind, delivery)


def _update(user_id: int, kind: str, delivery: Delivery) -> bool:
    return bool(
        db.session.execute(
            sa.update(NotificationPreference)
            .where(NotificationPreference.user_id == user_id, NotificationPreference.kind == kind)
            .values(delivery=delivery)
        ).rowcount
    )
