"""The responsibility map: areas of a team, RACI cells (area × member) and their history."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, KeyedName, UTCDateTime, utcnow
from plplan.models.team import Membership
from plplan.models.user import User


class Raci(enum.StrEnum):
    """A role in one area; stored as its letter."""

    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @property
    def label(self) -> str:
        return self.name.capitalize()


_RACI_BY_LETTER = {role.value: role for role in Raci}


class RaciType(sa.TypeDecorator):
    """A Raci letter in a one-character column; None stays None (an empty cell in history).
    Read by a dict lookup: a 200-person grid reads thousands of cells, `Raci(value)` is 25
    times slower."""

    impl = sa.String(1)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else Raci(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else _RACI_BY_LETTER[value]


class Area(KeyedName, Base):
    """A leadership area (a row of the grid); archived areas leave the grid but keep history."""

    __tablename__ = "area"
    __table_args__ = (
        sa.Index("ix_area_team_position", "team_id", "position"),
        # Active areas have different names, as people read them (see KeyedName).
        sa.Index(
            "uq_area_team_name_key",
            "team_id",
            "name_key",
            unique=True,
            sqlite_where=sa.text("archived_at IS NULL"),
            postgresql_where=sa.text("archived_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    name_key: Mapped[str] = mapped_column(sa.String(80))  # set with the name
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    duties: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The working data switched on here (plplan/areadata); load it with the area when needed.
    modules: Mapped[list["AreaModule"]] = relationship(  # noqa: F821
        lazy="raise_on_sql", passive_deletes=True, order_by="AreaModule.id"
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Assignment(Base):
    """One filled cell: a member's role in an area.

    The teams module empties a column through `clear_cells_of` (which writes the history)
    before it deletes a membership; ON DELETE CASCADE is only the safety net behind it.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        sa.UniqueConstraint("area_id", "membership_id"),
        # One Accountable per area, whatever races the application loses.
        sa.Index(
            "uq_assignment_one_accountable",
            "area_id",
            unique=True,
            sqlite_where=sa.text("role = 'A'"),
            postgresql_where=sa.text("role = 'A'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        sa.ForeignKey("membership.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Raci] = mapped_column(RaciType)

    area: Mapped[Area] = relationship()
    membership: Mapped[Membership] = relationship()


class AssignmentChange(Base):
    """History of one cell: who changed whose role in which area, from what to what, when.

    It names the person by user (and a copy of their name) rather than by membership, so the
    history outlives their membership.
    """

    __tablename__ = "assignment_change"
    __table_args__ = (sa.Index("ix_assignment_change_area_created", "area_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    person_name: Mapped[str] = mapped_column(sa.String(80))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    old_role: Mapped[Raci | None] = mapped_column(RaciType)
    new_role: Mapped[Raci | None] = mapped_column(RaciType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
