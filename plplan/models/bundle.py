"""Uploaded team bundles waiting between their dry run and the confirm (plplan/bundle)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plplan.models.base import Base, UTCDateTime, utcnow


class BundleUpload(Base):
    """A bundle as its uploader sent it, found by uploader and SHA-256 of its content."""

    __tablename__ = "bundle_upload"
    __table_args__ = (sa.UniqueConstraint("user_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
