"""Mentoring goals: a team's skills, members' goals on them, check-ins and comments."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from plplan.models.base import Base, KeyedName, UTCDateTime, utcnow
from plplan.models.responsibilities import Area
from plplan.models.team import Team
from plplan.models.user import User


class GoalStatus(enum.StrEnum):
    """Stored by value in a plain string column, so the database stays readable."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATUSES


CLOSED_STATUSES = (GoalStatus.DONE, GoalStatus.DROPPED)


class Visibility(enum.StrEnum):
    TEAM = "team"
    PRIVATE = "private"  # owner, mentor and leaders only


class Outcome(enum.StrEnum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    MISSED = "missed"


class Skill(KeyedName, Base):
    """A skill the team grows; leaders rename or archive it, never delete it (goals keep it)."""

    __tablename__ = "skill"
    __table_args__ = (
        sa.UniqueConstraint("team_id", "name"),
        # names as people read them (see KeyedName)
        sa.UniqueConstraint("team_id", "name_key", name="uq_skill_team_name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    name_key: Mapped[str] = mapped_column(sa.String(60))  # set with the name
    # One level per line, lowest first, e.g. "Learning" ... "Teaching others".
    levels: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()

    @property
    def level_names(self) -> list[str]:
        return [line.strip() for line in self.levels.splitlines() if line.strip()]


OPEN_GOAL_COLUMNS = (
    "team_id",
    "status",
    "owner_id",
    "skill_id",
    "mentor_id",
    "visibility",
    "level",
    "target_date",
    "last_checkin_at",
    "waiting",
    "id",
)


class Goal(Base):
    __tablename__ = "goal"
    __table_args__ = (
        # Covers what Team growth reads of every open goal (its counts, the goals it lists),
        # so neither reads the table's rows; id last for PostgreSQL's index-only scans.
        sa.Index("ix_goal_team_open", *OPEN_GOAL_COLUMNS),
        # A mentor's goals in a team: more precise than ix_goal_team_open, so chosen over it.
        sa.Index("ix_goal_mentor_team", "mentor_id", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    skill_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("skill.id", ondelete="SET NULL"), index=True
    )
    level: Mapped[int | None]  # the skill level the owner is growing towards
    # Optional: the responsibility area this goal helps the owner take on.
    area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("area.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(160))
    success: Mapped[str] = mapped_column(sa.Text, default="")
    # A number (start → target, in `unit`) or, when unit is empty and no numbers fit, 0-100 %.
    start_value: Mapped[float | None]
    target_value: Mapped[float | None]
    current_value: Mapped[float | None]
    unit: Mapped[str] = mapped_column(sa.String(30), default="")
    progress: Mapped[int] = mapped_column(default=0)  # 0-100, kept in step with current_value
    target_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20), default=GoalStatus.NOT_STARTED)
    visibility: Mapped[str] = mapped_column(sa.String(10), default=Visibility.TEAM)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last check-in (or creation): what staleness is measured from.
    last_checkin_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moves on with every change; the edit form saves only over the version it loaded.
    version: Mapped[int] = mapped_column(default=1)
    # Check-ins not acknowledged yet, moved by SQL (n + 1, n - 1) in the transaction that adds
    # or acknowledges one: Team growth counts them without reading check-ins.
    waiting: Mapped[int] = mapped_column(default=0, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(sa.String(10))
    learned: Mapped[str] = mapped_column(sa.Text, default="")

    team: Mapped[Team] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    skill: Mapped[Skill | None] = relationship()
    area: Mapped[Area | None] = relationship()
    checkins: Mapped[list["CheckIn"]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CheckIn.created_at",
    )

    @property
    def is_numeric(self) -> bool:
        return self.target_value is not None

    @property
    def is_open(self) -> bool:
        return GoalStatus(self.status).is_open

    @property
    def status_label(self) -> str:
        return GoalStatus(self.status).label

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class CheckIn(Base):
    """A point in a goal's history; the mentor acknowledges it and may reply."""

    __tablename__ = "checkin"
    __table_args__ = (
        sa.Index("ix_checkin_goal_created", "goal_id", "created_at"),
        # The check-ins waiting for a mentor, found per goal without reading the others.
        sa.Index(
            "ix_checkin_waiting",
            "goal_id",
            sqlite_where=sa.text("acknowledged_at IS NULL"),
            postgresql_where=sa.text("acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goal.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    value: Mapped[float | None]
    progress: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(20))
    confidence: Mapped[int]  # 1 (low) - 5 (high)
    happened: Mapped[str] = mapped_column(sa.Text, default="")
    blockers: Mapped[str] = mapped_column(sa.Text, default="")
    next_step: Mapped[str] = mapped_column(sa.Text, default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    feedback: Mapped[str] = mapped_column(sa.Text, default="")

    goal: Mapped[Goal] = relationship(back_populates="checkins")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])

    @property
    def status_label(self) -> str:
        return GoalStatus(self.status).label


class GoalComment(Base):
    __tablename__ = "goal_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship()
    author: Mapped[User | None] = relationship()


# The confidence of the goal's newest check-in, read with the goal (no query of its own): the
# next check-in starts from it.
Goal.last_confidence = column_property(
    sa.select(CheckIn.confidence)
    .where(CheckIn.goal_id == Goal.id)
    .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
    .limit(1)
    .correlate_except(CheckIn)
    .scalar_subquery()
)
