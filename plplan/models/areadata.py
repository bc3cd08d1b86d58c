"""Working data carried by responsibility areas: which modules an area has switched on, and
the history every module writes its changes to."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.user import User

MODULE_KINDS = ("budget", "kpis", "comms")


class AreaModule(Base):
    """One kind of working data switched on for one area (plplan/areadata/registry.py)."""

    __tablename__ = "area_module"
    __table_args__ = (
        sa.UniqueConstraint("area_id", "kind"),
        sa.CheckConstraint(sa.column("kind").in_(MODULE_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    # Budgets and the rest stay among members until a leader shows them to viewers.
    visible_to_viewers: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    enabled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AreaDataChange(Base):
    """Audit trail of area data: who changed which field of what, from what to what, when.

    `old`/`new` are display-ready text (money already formatted), so the history reads the
    same after the team changes its currency.
    """

    __tablename__ = "area_data_change"
    __table_args__ = (sa.Index("ix_area_data_change_area_at", "area_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(sa.String(10))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    field: Mapped[str] = mapped_column(sa.String(80))
    old: Mapped[str | None] = mapped_column(sa.String(200))
    new: Mapped[str | None] = mapped_column(sa.String(200))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
