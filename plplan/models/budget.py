"""Budget lines of an area and their monthly planned and actual amounts (integer minor units).

Every amount is its own row with a `version` a save must match, so two people saving the same
month at once never silently lose one of the two (as with plan fields).
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.user import User


class AmountKind(enum.StrEnum):
    PLANNED = "planned"
    ACTUAL = "actual"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class BudgetLine(Base):
    __tablename__ = "budget_line"
    __table_args__ = (sa.Index("ix_budget_line_area_year", "area_id", "fiscal_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]  # the calendar year in which the fiscal year starts
    name: Mapped[str] = mapped_column(sa.String(80))
    category: Mapped[str] = mapped_column(sa.String(60), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    pillar_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_item.id", ondelete="SET NULL")
    )
    # Asked for when the projected variance passes the team's threshold.
    driver: Mapped[str] = mapped_column(sa.Text, default="")
    action: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User | None] = relationship()


class BudgetAmount(Base):
    __tablename__ = "budget_amount"
    __table_args__ = (sa.UniqueConstraint("line_id", "month", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_line.id", ondelete="CASCADE"))
    month: Mapped[date]  # the first day of the month
    kind: Mapped[str] = mapped_column(sa.String(10))  # an AmountKind
    amount: Mapped[int | None] = mapped_column(sa.BigInteger)  # None: no actual recorded yet
    version: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    updated_by: Mapped[User | None] = relationship()
