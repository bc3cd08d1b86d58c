"""Teams, who belongs to them and with which role, and invitations to join."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.user import User


class Role(enum.IntEnum):
    """A member's role in a team. What each may do is plplan.authz.CAPABILITIES; the number
    only orders roles for display (leaders first)."""

    VIEWER = 1
    MEMBER = 2
    LEADER = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


class RoleType(sa.TypeDecorator):
    """Stores a Role as its number (select by capability: `authz.members_who_can(...)`)."""

    impl = sa.SmallInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else int(Role(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Role(value)


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    slug: Mapped[str] = mapped_column(sa.String(90), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Responsibility map: a member whose weighted load (A = 2, R = 1) exceeds this is overloaded.
    load_threshold: Mapped[int] = mapped_column(default=6, server_default="6")
    # Goals without a check-in for this many days are flagged as stale.
    goal_stale_days: Mapped[int] = mapped_column(default=14, server_default="14")
    # Area data: amounts are in this ISO 4217 currency; the fiscal year starts in this month.
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR", server_default="EUR")
    fiscal_year_start: Mapped[int] = mapped_column(sa.SmallInteger, default=1, server_default="1")
    # A budget line projected this many percent off its plan must be explained.
    budget_threshold_pct: Mapped[int] = mapped_column(default=10, server_default="10")
    # Moved on by every write to the team's data, and by every one-pager fit stored for it,
    # in SQL only (plplan.data_versions).
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")
    fit_version: Mapped[int] = mapped_column(default=0, server_default="0")

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Team {self.slug}>"


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(RoleType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    def can(self, capability) -> bool:
        """Whether this member's role has `capability` (a plplan.authz.Capability or its name)."""
        from plplan.authz import role_can  # authz builds on the models

        return role_can(self.role, capability)


class Invitation(Base):
    """A link that lets whoever holds it join a team; only a hash of its token is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[Role] = mapped_column(RoleType)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and utcnow() < self.expires_at

    @classmethod
    def pending(cls, now: sa.ColumnElement | None = None) -> sa.ColumnElement[bool]:
        """`is_pending` as SQL: not accepted, not revoked, not expired (at `now`, a bound
        parameter for a statement built once, or this moment)."""
        return sa.and_(
            cls.accepted_at.is_(None),
            cls.revoked_at.is_(None),
            cls.expires_at > (utcnow() if now is None else now),
        )
