"""Vision and strategy plans: versioned parts, their revisions, publications and comments.

A plan's text lives in *parts*: a `PlanField` per scalar field (vision, mission, each
positioning slot...) and a `PlanItem` per row (a need, a pillar, a roadmap theme...). Each
part carries a `version` that a save must match, so a concurrent edit is never overwritten.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.team import Team
from plplan.models.user import User


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    is_current: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship()
    fields: Mapped[list["PlanField"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PlanField(Base):
    """One scalar field of a plan, e.g. the vision statement or a positioning slot."""

    __tablename__ = "plan_field"
    __table_args__ = (sa.UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(40))
    value: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    plan: Mapped[Plan] = relationship(back_populates="fields")
    updated_by: Mapped[User | None] = relationship()


class PlanItem(Base):
    """One row of a plan list (a need, a pillar, a PMF hypothesis...); `values` by field name.

    Deleting only stamps `deleted_at`, so a revision can bring the row back as it was.
    """

    __tablename__ = "plan_item"
    __table_args__ = (sa.Index("ix_plan_item_plan_kind", "plan_id", "kind", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    position: Mapped[int] = mapped_column(default=0)
    values: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    plan: Mapped[Plan] = relationship()
    updated_by: Mapped[User | None] = relationship()


class PlanRevision(Base):
    """A change to one part: who, when, the values before and after (None: absent).

    `part` names the part ("vision", "item:12"); `part_kind` is the field key or row kind.
    """

    __tablename__ = "plan_revision"
    __table_args__ = (sa.Index("ix_plan_revision_plan_part", "plan_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(sa.String(40))
    part_kind: Mapped[str] = mapped_column(sa.String(40))
    action: Mapped[str] = mapped_column(sa.String(10))
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class PlanPublication(Base):
    """A published snapshot of a plan (the shape of `vision.services.plan_snapshot`)."""

    __tablename__ = "plan_publication"
    __table_args__ = (sa.UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    version: Mapped[int]
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    published_by: Mapped[User | None] = relationship()


class PlanComment(Base):
    """A comment on one section of a plan; replies are one level deep."""

    __tablename__ = "plan_comment"
    __table_args__ = (sa.Index("ix_plan_comment_plan_section", "plan_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(sa.String(30))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_comment.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list["PlanComment"]] = relationship(
        order_by="PlanComment.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def size(self) -> int:
        """The comments in the thread this comment opens: itself and its replies."""
        return 1 + len(self.replies)


class PlanPresence(Base):
    """Who has a plan open, and in which section, as of their page's last heartbeat.

    One row per person and plan, overwritten every few seconds: presence goes through the
    database, so it holds across several app servers with nothing else to run.
    """

    __tablename__ = "plan_presence"

    plan_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[str] = mapped_column(sa.String(40), default="")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
