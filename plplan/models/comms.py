"""The communication plan of an area: who hears what, how and how often, and when it was done."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.team import Membership
from plplan.models.user import User

CHANNELS = {
    "meeting": "Meeting",
    "email": "Email",
    "chat": "Chat",
    "document": "Document",
    "other": "Other",
}
CADENCES = {
    "weekly": "Weekly",
    "biweekly": "Every two weeks",
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "event": "On an event",
}


class Communication(Base):
    """One row of an area's communication plan.

    The audience is a person of the team (`audience_membership`) or a named outside audience
    such as "Board" (`audience_name`), exactly one of the two.
    """

    __tablename__ = "communication"
    __table_args__ = (
        sa.CheckConstraint(sa.column("channel").in_(list(CHANNELS)), name="channel"),
        sa.CheckConstraint(sa.column("cadence").in_(list(CADENCES)), name="cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"), index=True)
    audience_membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("membership.id", ondelete="SET NULL")
    )
    audience_name: Mapped[str | None] = mapped_column(sa.String(80))
    what: Mapped[str] = mapped_column(sa.String(200))
    channel: Mapped[str] = mapped_column(sa.String(10))
    cadence: Mapped[str] = mapped_column(sa.String(10))
    owner_membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("membership.id", ondelete="SET NULL"), index=True
    )
    # Due on this day until it is first done; then the cadence counts from the last time.
    first_due: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audience_member: Mapped[Membership | None] = relationship(
        foreign_keys=[audience_membership_id], lazy="raise_on_sql"
    )
    owner: Mapped[Membership | None] = relationship(
        foreign_keys=[owner_membership_id], lazy="raise_on_sql"
    )

    @property
    def audience(self) -> str:
        if self.audience_member is not None:
            return self.audience_member.user.display_name
        return self.audience_name or "Former member"

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel]

    @property
    def cadence_label(self) -> str:
        return CADENCES[self.cadence]


class CommunicationDone(Base):
    """One time a communication was done, with a note or a link to what was sent."""

    __tablename__ = "communication_done"
    __table_args__ = (sa.Index("ix_communication_done_on", "communication_id", "done_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    communication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("communication.id", ondelete="CASCADE")
    )
    done_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(lazy="raise_on_sql")

    @property
    def link(self) -> str | None:
        """The note itself when it is a web address (shown as a link)."""
        text = self.note.strip()
        return text if text.startswith(("https://", "http://")) and " " not in text else None
