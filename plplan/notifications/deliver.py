"""The deliverer: sends the outbox's due messages, each marked delivered exactly once.

A run claims a few due rows in a short transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
deliverers on several servers take different rows; SQLite: under the database's write lock,
one deliverer) and leases them; then it sends them, no lock held while SMTP talks, and marks
each delivered with a conditional UPDATE. A deliverer that dies mid-send leaves its lease to
expire, and another sends the row then. A failed send is retried later, backing off, and
after the last attempt the row stays failed with its error. A message that cannot even be
composed (a bug, or what it tells of is gone) is logged with its traceback and fails the same
way, and the rest of the batch still goes.

A notification mail is checked again at send time, for the whole batch in a few queries: one
whose recipient stopped that kind of mail meanwhile (one click in an earlier mail), left the
item's team, or may no longer see the goal it tells of (made private since) is cancelled, not
sent.

Chat messages (channel "webhook") go the same way, posted to the team's webhook; one whose
webhook was removed or no longer posts its kind is cancelled.
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.orm import joinedload

from plplan.auth.reset_mail import RESET_KIND, reset_mail
from plplan.extensions import db
from plplan.goals.services import visible_to
from plplan.mail import compose, external_url, mail_connection
from plplan.models import (
    Channel,
    Delivery,
    Goal,
    Membership,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    utcnow,
)
from plplan.notifications import chat
from plplan.notifications.events import KINDS
from plplan.notifications.unsubscribe import DIGEST_KIND, unsubscribe_url
from plplan.transactions import write_lock
from plplan.webhooks.addresses import WebhookError

BATCH = 20
LEASE = timedelta(minutes=5)  # > BATCH sends at the SMTP timeout each
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8, 16 minutes


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0


def deliver_due(now: datetime | None = None, batch: int = BATCH) -> Delivered:
    """Send every message due at `now` (default: the present), `batch` rows at a time."""
    done = Delivered()
    while ids := claim(now or utcnow(), batch):
        _send_claimed(ids, now or utcnow(), done)
    return done


def claim(now: datetime, limit: int = BATCH) -> list[int]:
    """Lease up to `limit` due rows to this deliverer; their ids (committed)."""
    write_lock()
    due = (
        sa.select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(db.session.scalars(due))
    if ids:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(claimed_until=now + LEASE)
        )
    db.session.commit()
    return ids


def _send_claimed(ids: list[int], now: datetime, done: Delivered) -> None:
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .options(
            joinedload(OutboxMessage.notification).joinedload(Notification.team),
            joinedload(OutboxMessage.digest),
        )
        .order_by(OutboxMessage.id)
    ).all()
    for message in messages:
        if message.channel == Channel.WEBHOOK:
            _post(message, now, done)
    messages = _still_wanted([m for m in messages if m.channel == Channel.EMAIL])
    if not messages:
        return
    tried = 0
    try:
        with mail_connection() as send:
            for message in messages:
                _attempt(send, message, now, done)
                tried += 1
    except (smtplib.SMTPException, OSError) as error:  # no connection: none of the rest went
        for message in messages[tried:]:
            _failed(message, now, error)
            done.failed += 1


def _still_wanted(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """The messages whose recipient still wants this kind by email and may still hear it; the
    others (unsubscribed, out of the team or unable to see the goal since the row was written)
    are cancelled, unsent."""
    items = [m for m in messages if m.notification is not None]  # a digest: see rhythm
    user_ids = {m.notification.recipient_id for m in items}
    stopped = set(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.kind).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.delivery != Delivery.EMAIL,
            )
        ).all()
    )
    members = _memberships(items)
    unseen = _goals_unseen(items, members)
    unwanted = {
        m.id
        for m in items
        if (m.notification.recipient_id, m.notification.kind) in stopped
        or (m.notification.team_id, m.notification.recipient_id) not in members
        or m.id in unseen
    }
    wanted = [m for m in messages if m.id not in unwanted]  # before the commit expires them
    _cancel(list(unwanted))
    return wanted


def _memberships(items: list[OutboxMessage]) -> dict[tuple[int, int], Membership]:
    """The recipients' memberships of the items' teams, by (team, user): one query."""
    found = db.session.scalars(
        sa.select(Membership).where(
            Membership.team_id.in_({m.notification.team_id for m in items}),
            Membership.user_id.in_({m.notification.recipient_id for m in items}),
        )
    )
    return {(m.team_id, m.user_id): m for m in found}


def _goals_unseen(
    items: list[OutboxMessage], members: dict[tuple[int, int], Membership]
) -> set[int]:
    """The ids of the messages about a goal (gone, or) no longer visible to their recipient:
    one query, a `visible_to` condition per message."""
    about_goal = {
        m.id: (members[key], m.notification.link_args["goal_id"])
        for m in items
        if m.notification.endpoint == "goals.show"
        and "goal_id" in m.notification.link_args
        and (key := (m.notification.team_id, m.notification.recipient_id)) in members
    }
    if not about_goal:
        return set()
    rows = db.session.execute(
        sa.select(Goal.id, Membership.id)
        .join(Membership, Membership.team_id == Goal.team_id)
        .where(
            sa.or_(
                *(
                    sa.and_(Goal.id == goal_id, Membership.id == member.id, visible_to(member))
                    for member, goal_id in about_goal.values()
                )
            )
        )
    )
    seen = {tuple(row) for row in rows}
    return {
        message_id
        for message_id, (member, goal_id) in about_goal.items()
        if (goal_id, member.id) not in seen
    }


def _cancel(ids: list[int]) -> None:
    if ids:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.CANCELLED, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _post(message: OutboxMessage, now: datetime, done: Delivered) -> None:
    """Post a chat message to its team's webhook; a failure is retried as a mail's is."""
    hook = chat.hook_for(message)
    if hook is None:
        _cancel([message.id])
        return
    try:
        chat.post_now(hook, message)
    except WebhookError as error:
        _failed(message, now, error)
        done.failed += 1
    except Exception as error:
        _unsendable(message, now, error)
        done.failed += 1
    else:
        done.sent += _delivered(message, now)


def _attempt(send, message: OutboxMessage, now: datetime, done: Delivered) -> None:
    try:
        send(email_of(message))
    except (smtplib.SMTPException, OSError) as error:
        _failed(message, now, error)
        done.failed += 1
    except Exception as error:  # composing this one failed: the rest of the batch still goes
        _unsendable(message, now, error)
        done.failed += 1
    else:
        done.sent += _delivered(message, now)


def _unsendable(message: OutboxMessage, now: datetime, error: Exception) -> None:
    """A message that could not be composed or posted: log the error being handled, with its
    traceback (a bug, or what the message tells of is gone), undo whatever it left half done
    and record a failed attempt, retried as an SMTP failure is."""
    current_app.logger.exception("Outbox message %s could not be sent", message.id)
    db.session.rollback()
    _failed(message, now, error)


def _delivered(message: OutboxMessage, now: datetime) -> int:
    """Mark the row delivered, once: 1, or 0 when it was not this deliverer's to mark."""
    marked = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(
            status=OutboxStatus.DELIVERED,
            delivered_at=now,
            attempts=OutboxMessage.attempts + 1,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return marked


def _failed(message: OutboxMessage, now: datetime, error: Exception) -> None:
    """Record the failure; retry later (backing off) or, after the last attempt, give up."""
    attempts = message.attempts + 1
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(
            attempts=attempts,
            status=OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING,
            next_attempt_at=now + FIRST_RETRY * 2 ** (attempts - 1),
            claimed_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def email_of(message: OutboxMessage):
    """The mail of an outbox row: its item's summary, detail and link, and how to stop them;
    or the digest composed for it; or a password reset."""
    if message.kind == RESET_KIND:
        return reset_mail(message)
    if message.digest is not None:
        digest = message.digest
        unsubscribe = unsubscribe_url(digest.user_id, DIGEST_KIND)
        return compose(
            message.address, digest.subject, digest.text, digest.html, _headers(unsubscribe)
        )
    item = message.notification
    context = {
        "item": item,
        "link": item_link(item),
        "kind": KINDS[item.kind],
        "unsubscribe": unsubscribe_url(item.recipient_id, item.kind),
        "preferences": external_url("auth.profile") + "#notifications",
    }
    return compose(
        message.address,
        f"[{item.team.name}] {item.summary}",
        render_template("email/notification.txt", **context),
        render_template("email/notification.html", **context),
        _headers(context["unsubscribe"]),
    )


def item_link(item: Notification) -> str:
    """The absolute link of an inbox item, for a mail."""
    link = external_url(item.endpoint, slug=item.team.slug, **item.link_args)
    return link + (f"#{item.anchor}" if item.anchor else "")


def _headers(unsubscribe: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058) and no auto-replies."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
