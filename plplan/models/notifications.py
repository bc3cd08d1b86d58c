"""Notifications: an inbox item per recipient, the outbox of messages still to deliver, and
each person's choice per kind of event.

An item and its outbox rows are written in the transaction of the change that caused them
(see plplan.notifications.outbox), so a rollback leaves neither and a crash loses none.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.team import Team
from plplan.models.user import User


class Delivery(enum.StrEnum):
    """How a person hears of one kind of event."""

    IN_APP = "in_app"  # the inbox only
    EMAIL = "email"  # the inbox, and an email at once
    DIGEST = "digest"  # the inbox, and the next digest
    OFF = "off"  # not at all


class Channel(enum.StrEnum):
    EMAIL = "email"  # to `address`, the mail of `notification`
    WEBHOOK = "webhook"  # `payload` to the team's chat webhook; `address` is its masked URL


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt; last_error says why
    CANCELLED = "cancelled"  # the recipient stopped these mails before it went


class Notification(Base):
    """One person's inbox item: what happened (`summary`, naming who did it), in which team,
    and the page it links to (an endpoint of that team and its arguments)."""

    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_recipient_created", "recipient_id", "created_at"),
        # The bell's count reads only unread items.
        sa.Index(
            "ix_notification_unread",
            "recipient_id",
            sqlite_where=sa.text("read_at IS NULL"),
            postgresql_where=sa.text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(sa.String(300))
    detail: Mapped[str] = mapped_column(sa.Text, default="")  # e.g. the comment, the note
    endpoint: Mapped[str] = mapped_column(sa.String(80))  # called with the team's slug
    link_args: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    anchor: Mapped[str] = mapped_column(sa.String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class OutboxMessage(Base):
    """A message to deliver on a channel; the deliverer claims it, sends it, marks it once."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # What the deliverer looks for: pending rows by due time, nothing else.
        sa.Index(
            "ix_outbox_message_due",
            "next_attempt_at",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), default=Channel.EMAIL)
    # The team whose event it tells of (its leaders see the failures), and the kind of event.
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("team.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40), default="")
    # What an email tells: an inbox item or a digest; a webhook message has neither.
    notification_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notification.id", ondelete="CASCADE"), index=True
    )
    digest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("digest.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(sa.String(254))  # the recipient's, when written
    payload: Mapped[dict | None] = mapped_column(sa.JSON)  # a webhook message's JSON
    status: Mapped[str] = mapped_column(sa.String(12), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A deliverer working on the row; another takes it over only after this passes.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    notification: Mapped[Notification | None] = relationship()
    digest: Mapped["Digest | None"] = relationship()


class NotificationPreference(Base):
    """A person's choice for one kind of event; no row means the kind's default."""

    __tablename__ = "notification_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    delivery: Mapped[str] = mapped_column(sa.String(12))


class Digest(Base):
    """One person's digest for one period ("2026-12-04" daily, "2026-W49" weekly), composed
    when due; the unique index makes two deliverers at once compose it once."""

    __tablename__ = "digest"
    __table_args__ = (sa.UniqueConstraint("user_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(12))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reminder(Base):
    """A reminder sent: to whom, of what kind, about which object ("goal:12"), in which of the
    recipient's periods. The unique index sends it once per period, whoever runs at once."""

    __tablename__ = "reminder"
    __table_args__ = (
        sa.UniqueConstraint("recipient_id", "kind", "subject", "period"),
        sa.Index("ix_reminder_subject", "recipient_id", "kind", "subject", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str] = mapped_column(sa.String(40))
    period: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
