"""When a communication is due next, and whether it is late: pure rules, no database."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DUE_SOON_DAYS = 7  # "due" on My responsibilities: late, or due within the coming week
_DAYS = {"weekly": 7, "biweekly": 14}
_MONTHS = {"monthly": 1, "quarterly": 3}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(cadence: str, first_due: date, last_done: date | None) -> date | None:
    """Never done: `first_due`. Done: one cadence after the last time. On an event: None."""
    if cadence == "event":
        return None
    if last_done is None:
        return first_due
    if cadence in _DAYS:
        return last_done + timedelta(days=_DAYS[cadence])
    return add_months(last_done, _MONTHS[cadence])


@dataclass(frozen=True)
class Due:
    """Where a communication stands today."""

    next_due: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due < self.today

    @property
    def due_soon(self) -> bool:
        """Late, or due within DUE_SOON_DAYS (today counts): what its owner should see."""
        return self.next_due is not None and (self.next_due - self.today).days < DUE_SOON_DAYS

    @property
    def days_late(self) -> int:
        return (self.today - self.next_due).days if self.overdue else 0


def due(cadence: str, first_due: date, last_done: date | None, today: date) -> Due:
    return Due(next_due(cadence, first_due, last_done), today)
