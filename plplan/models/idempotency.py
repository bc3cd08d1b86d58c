"""Form submissions already handled, so that a retry is answered and not done twice."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from plplan.models.base import Base, UTCDateTime, utcnow


class IdempotencyKey(Base):
    """The one-time key of a rendered form and the first answer to its submission
    (see plplan.idempotency); the key is stored with the writes it protects."""

    __tablename__ = "idempotency_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # None until the answer is recorded (a crash in between: the retry hears "already done").
    response_status: Mapped[int | None]
    location: Mapped[str | None] = mapped_column(sa.String(2000))  # a redirect's target
    body: Mapped[str | None] = mapped_column(sa.Text)  # or the fragment that was swapped in
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
