"""A person's rhythm: when their digest and reminders are due, in their own time zone.

A person's period is their local day (daily digest, or none) or their ISO week (weekly). It
comes at their digest hour: every day, or on the chosen weekday for a weekly digest; with
working days only, never on a Saturday or Sunday. Within that hour the deliverer's loop (every
few seconds) does the period; a deliverer stopped for the whole hour skips it rather than
mailing late.
"""

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext
from wtforms import SelectChoice

from plplan.formatting import zone_named
from plplan.models import User

DAILY, WEEKLY, OFF = "daily", "weekly", "off"
FREQUENCY_CHOICES = [
    SelectChoice(DAILY, lazy_gettext("Daily")),
    SelectChoice(WEEKLY, lazy_gettext("Weekly")),
    SelectChoice(OFF, lazy_gettext("Never")),
]
SATURDAY = 5


def local_time(user: User, now: datetime) -> datetime:
    """`now` where the person is (UTC until they chose a zone)."""
    return now.astimezone(zone_named(user.time_zone) or UTC)


def local_day(user: User, now: datetime) -> date:
    return local_time(user, now).date()


def period_due(user: User, now: datetime) -> str | None:
    """The key of the person's period ("2026-12-04", "2026-W49") when its time has come at
    `now`; None when it has not (another hour, another weekday, a weekend day)."""
    local = local_time(user, now)
    if user.working_days_only and local.weekday() >= SATURDAY:
        return None
    if local.hour != user.digest_hour:
        return None
    if user.digest_frequency == WEEKLY:
        if local.weekday() != user.digest_weekday:
            return None
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()
