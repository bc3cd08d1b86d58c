"""`notify(event)`: the inbox items and outbox rows of an event, added to the session of the
change that caused it, so they commit with it or not at all (the caller commits)."""

from plplan.extensions import db
from plplan.models import Delivery, Membership, Notification, OutboxMessage
from plplan.notifications import audience, chat
from plplan.notifications.events import Event
from plplan.notifications.preferences import deliveries


def notify(event: Event) -> list[Notification]:
    """Tell everyone who hears of `event`, each the way they chose for its kind, and the
    team's chat if its leaders chose this kind."""
    chat.post_later(event)
    hearers = audience.hearers(event)
    if not hearers:
        return []
    chosen = deliveries(event.kind, [m.user_id for m in hearers])
    return [item for m in hearers if (item := tell(event, m, chosen[m.user_id]))]


def tell(event: Event, membership: Membership, delivery: Delivery) -> Notification | None:
    """One person's inbox item of `event` (and outbox row, if they chose email), or None."""
    if delivery == Delivery.OFF:
        return None
    item = Notification(
        team_id=event.team.id,
        recipient_id=membership.user_id,
        kind=event.kind,
        actor_id=event.actor.id if event.actor else None,
        summary=event.summary[:300],
        detail=event.detail,
        endpoint=event.endpoint,
        link_args=event.link_args,
        anchor=event.anchor,
    )
    db.session.add(item)
    if delivery == Delivery.EMAIL:
        db.session.add(
            OutboxMessage(
                notification=item,
                team_id=event.team.id,
                kind=event.kind,
                address=membership.user.email,
            )
        )
    return item
