"""A team's chat webhook: the incoming-webhook URL events are posted to, which events, who set
it, and how the last post went."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from plplan.models.base import Base, UTCDateTime, utcnow
from plplan.models.user import User


class TeamWebhook(Base):
    """One per team. `url` is a secret (whoever has it can post to the channel): no page
    shows it again in full, only `webhooks.addresses.shown_url(url)`. It is stored as typed,
    not encrypted: no encryption library is installed and we do not write our own."""

    __tablename__ = "team_webhook"

    team_id: Mapped[int] = mapped_column(
        sa.ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    url: Mapped[str] = mapped_column(sa.String(2048))
    # The kinds of team events posted (webhooks.kinds.KINDS); empty: nothing is posted.
    kinds: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last post: when, and None (it worked) or what went wrong, for the leaders to see.
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))

    set_by: Mapped[User | None] = relationship()
