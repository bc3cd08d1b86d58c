"""The search documents: one row per searchable thing, what it says and where it belongs.

plplan/search keeps these rows current and queries them. Who may see a row is decided when
searching, from the live rows it names (`plan_id`, `goal_id`, `area_id` + `module`): a goal
made private or a plan archived drops out of results at once, with nothing to rewrite.
The full-text index over `title` and `body` is the database's own and is not a model column
(plplan/search/schema.py: an FTS5 table on SQLite, a generated tsvector on PostgreSQL).
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plplan.models.base import Base


class SearchDocument(Base):
    __tablename__ = "search_document"
    __table_args__ = (
        sa.Index("ix_search_document_source", "source", "source_id"),
        # The few documents a substring search reads (see `unspaced`).
        sa.Index(
            "ix_search_document_unspaced",
            "team_id",
            sqlite_where=sa.text("unspaced"),
            postgresql_where=sa.text("unspaced"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    # What a person finds: plan, publication, comment, area, goal, checkin, kpi, budget, comms.
    kind: Mapped[str] = mapped_column(sa.String(12))
    # The row it was built from (table name and id): rebuilding that row replaces it.
    source: Mapped[str] = mapped_column(sa.String(20))
    source_id: Mapped[int]
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("goal.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id", ondelete="CASCADE"))
    module: Mapped[str | None] = mapped_column(sa.String(10))  # an area data module's kind
    part: Mapped[str] = mapped_column(sa.String(40), default="")  # a plan's section key
    label: Mapped[str] = mapped_column(sa.String(200), default="")  # shown, never searched
    title: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Has text of a script written without spaces (Chinese...), which is searched by substring.
    unspaced: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
