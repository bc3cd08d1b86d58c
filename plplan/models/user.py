"""People with an account."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from plplan.models.base import Base, UTCDateTime, utcnow


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased
    display_name: Mapped[str] = mapped_column(sa.String(80))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # Part of the login cookie (see get_id): changing it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # IANA name ("Europe/Berlin") every date and time is shown in; None until chosen or
    # taken from the browser at the first sign-in (then times read as UTC).
    time_zone: Mapped[str | None] = mapped_column(sa.String(64))
    # The digest: "daily", "weekly" (on digest_weekday, 0 = Monday) or "off", mailed at
    # digest_hour in the person's zone; reminders come with it (see notifications.rhythm).
    digest_frequency: Mapped[str] = mapped_column(
        sa.String(10), default="daily", server_default="daily"
    )
    digest_weekday: Mapped[int] = mapped_column(default=0, server_default="0")
    digest_hour: Mapped[int] = mapped_column(default=8, server_default="8")
    # No reminders and no daily digest on Saturdays and Sundays.
    working_days_only: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        """Invalidate every session and remember-me cookie issued so far."""
        self.session_token = new_session_token()

    @staticmethod
    def normalize_email(email: str) -> str:
        return email.strip().lower()

    def __repr__(self) -> str:
        return f"<User {self.email}>"
