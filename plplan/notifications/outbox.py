"""`notify(event)`: the inbox items and outbox rows of an event, added to the session of the
change that caused it, so they commit with it or not at all (the caller commits)."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OutboxMessage,
)
from plplan.notifications import audience
from plplan.notifications.events import KINDS, Event


def notify(event: Event) -> list[Notification]:
    """Tell everyone who hears of `event`, each the way they chose for its kind."""
    hearers = audience.hearers(event)
    if not hearers:
        return []
    chosen = deliveries(event.kind, [m.user_id for m in hearers])
    items = []
    for membership in hearers:
        delivery = chosen[membership.user_id]
        if delivery == Delivery.OFF:
            continue
        item = Notification(
            team_id=event.team.id,
            recipient_id=membership.user_id,
            kind=event.kind,
            actor_id=event.actor.id,
            summary=event.summary[:300],
            detail=event.detail,
            endpoint=event.endpoint,
            link_args=event.link_args,
            anchor=event.anchor,
        )
        db.session.add(item)
        if delivery == Delivery.EMAIL:
            db.session.add(OutboxMessage(notification=item, address=membership.user.email))
        items.append(item)
    return items


def deliveries(kind: str, user_ids: list[int]) -> dict[int, Delivery]:
    """How each of these people hears of `kind`: their choice, else the kind's default."""
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
