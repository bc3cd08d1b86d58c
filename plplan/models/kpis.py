"""KPIs of an area: what is measured, its targets over time and one entry per period."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.team import Membership

UNITS = ("count", "percent", "currency")
DIRECTIONS = ("up", "down", "band")  # higher is better, lower is better, stay within a band
CADENCES = ("weekly", "monthly", "quarterly")

# Values are exact decimals, wide enough for any count or amount we accept (kpi_rules.LIMIT).
Value = sa.Numeric(18, 4)


class Kpi(Base):
    """One metric an area answers for; linked, optionally, to a goal of the current plan."""

    __tablename__ = "kpi"
    __table_args__ = (
        sa.CheckConstraint(sa.column("unit").in_(UNITS), name="unit"),
        sa.CheckConstraint(sa.column("direction").in_(DIRECTIONS), name="direction"),
        sa.CheckConstraint(sa.column("cadence").in_(CADENCES), name="cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    unit: Mapped[str] = mapped_column(sa.String(10), default="count")
    direction: Mapped[str] = mapped_column(sa.String(10), default="up")
    cadence: Mapped[str] = mapped_column(sa.String(10), default="monthly")
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("membership.id", ondelete="SET NULL")
    )
    band_low: Mapped[Decimal | None] = mapped_column(Value)
    band_high: Mapped[Decimal | None] = mapped_column(Value)
    # Shown beside the goal on the plan's pages: the current plan's North Star, or one row.
    links_north_star: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    plan_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_item.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[Membership | None] = relationship()


class KpiTarget(Base):
    """The target from period `starts` on, until a later target replaces it."""

    __tablename__ = "kpi_target"
    __table_args__ = (sa.UniqueConstraint("kpi_id", "starts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(sa.ForeignKey("kpi.id", ondelete="CASCADE"))
    starts: Mapped[date]
    value: Mapped[Decimal] = mapped_column(Value)


class KpiEntry(Base):
    """The value of one period (by its first day); one per KPI and period, versioned so that
    two people saving the same period never silently overwrite each other."""

    __tablename__ = "kpi_entry"
    __table_args__ = (sa.UniqueConstraint("kpi_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(sa.ForeignKey("kpi.id", ondelete="CASCADE"))
    period: Mapped[date]
    value: Mapped[Decimal] = mapped_column(Value)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
