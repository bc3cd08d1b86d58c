"""Helpers for the digest and reminder tests: a fixed clock, schedules, running the rhythm."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Digest, Goal, Notification, OutboxMessage, Reminder, User
from plplan.notifications import rhythm

MONDAY = datetime(2030, 1, 7, tzinfo=UTC)  # midnight UTC, a Monday


def at(day: int, hour: float) -> datetime:
    """`day` days after MONDAY (0 = Monday, 5 = Saturday), at `hour` UTC."""
    return MONDAY + timedelta(days=day, hours=hour)


def schedule(app, person, **fields) -> None:
    """Set the person's digest schedule, e.g. `time_zone="Europe/Berlin", digest_hour=8`."""
    with app.app_context():
        user = db.session.get(User, person.id)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()


def run(app, now: datetime) -> int:
    with app.app_context():
        return rhythm.run(now)


def checked_in(app, goal_id: int, when: datetime) -> None:
    """The goal's last check-in was at `when` (what staleness counts from)."""
    with app.app_context():
        db.session.get(Goal, goal_id).last_checkin_at = when
        db.session.commit()


def digests(app) -> list[tuple[str, str, str]]:
    """(address, subject, text) of every digest in the outbox, oldest first."""
    with app.app_context():
        return [
            (message.address, message.digest.subject, message.digest.text)
            for message in db.session.scalars(
                sa.select(OutboxMessage)
                .where(OutboxMessage.digest_id.is_not(None))
                .order_by(OutboxMessage.id)
            )
        ]


def digest_periods(app, person) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(Digest.period).where(Digest.user_id == person.id).order_by(Digest.id)
            )
        )


def reminders(app, person) -> list[tuple[str, str, str]]:
    """(kind, subject, period) of the reminders the person got, oldest first."""
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                sa.select(Reminder.kind, Reminder.subject, Reminder.period)
                .where(Reminder.recipient_id == person.id)
                .order_by(Reminder.id)
            )
        ]


def inbox(app, person) -> list[tuple[str, str]]:
    """(kind, summary) of the person's inbox items, oldest first."""
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                sa.select(Notification.kind, Notification.summary)
                .where(Notification.recipient_id == person.id)
                .order_by(Notification.id)
            )
        ]
