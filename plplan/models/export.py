"""Read-only share links to a plan's one-pager, for people without an account, and the fits
found for one-pagers' contents."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.user import User


class ShareLink(Base):
    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(80), default="")
    # "published": the last published snapshot; "draft": the live draft as it is when viewed.
    source: Mapped[str] = mapped_column(sa.String(10))
    sections: Mapped[list[str]] = mapped_column(sa.JSON)
    paper: Mapped[str] = mapped_column(sa.String(10), default="a4")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    view_count: Mapped[int] = mapped_column(default=0)
    last_viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or utcnow() < self.expires_at)

    @classmethod
    def live(cls) -> sa.ColumnElement[bool]:
        """`is_live` as SQL."""
        return sa.and_(
            cls.revoked_at.is_(None), sa.or_(cls.expires_at.is_(None), cls.expires_at > utcnow())
        )


class OnePagerFit(Base):
    """The fit (`content.Fit`) that puts a one-pager's content on one page, found by laying it
    out, and the PDF it gives, kept for every worker: `content_hash` is the SHA-256 of what is
    laid out before fitting (`export.tags.content_hash`), so any change to it (data, paper,
    sections, templates, styles) is a new row."""

    __tablename__ = "one_pager_fit"

    content_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # The team whose one-pager it is (the hash holds it too): storing a fit changes its page.
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), index=True)
    density: Mapped[int]
    max_items: Mapped[int | None]
    max_chars: Mapped[int | None]
    fits_one_page: Mapped[bool]  # False: even the tightest fit runs over
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
