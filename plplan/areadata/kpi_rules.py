"""The rules of KPIs, pure: periods, how a value is read from what was typed, health, staleness.

Health compares the value with the target of its period. A count or an amount accumulates
over the period, so this period's value is judged against the target scaled by the time
elapsed (half-way through May, half of May's target is on track); a percentage is a rate and
is judged against the target itself. A band is a state: inside is on track, just outside at
risk, further out off track.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import gettext

from plplan.formatting import (
    CURRENCIES,
    MONTH_NAMES,
    catalogue,
    format_date,
    format_money,
    lazy_gettext,
)

AT_RISK_MARGIN = Decimal("0.1")  # within 10 % of the target (or of the band's width): at risk
LIMIT = Decimal("1e12")  # no count or amount we track comes near; beyond it is a typo
PERCENT_LIMIT = Decimal(1000)
DECIMALS = 4  # what the database keeps (models.kpis.Value)
FLOWS = ("count", "currency")  # accumulate over a period: judged against time elapsed

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
HEALTH_LABELS = {
    ON_TRACK: lazy_gettext("On track"),
    AT_RISK: lazy_gettext("At risk"),
    OFF_TRACK: lazy_gettext("Off track"),
}
STALE, NO_TARGET = lazy_gettext("Stale"), lazy_gettext("No target")


# -- periods ------------------------------------------------------------------------------------


def period_of(day: date, cadence: str, fiscal_year_start: int = 1) -> date:
    """The first day of the period `day` falls in: its Monday, its month, or its quarter
    (quarters follow the team's fiscal year: a year from April has quarters from Apr, Jul...)."""
    if cadence == "weekly":
        return day - timedelta(days=day.weekday())
    if cadence == "monthly":
        return day.replace(day=1)
    offset = (day.month - fiscal_year_start) % 3
    month0 = day.month - 1 - offset
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


def _add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    return date(start.year + month0 // 12, month0 % 12 + 1, 1)


def next_period(start: date, cadence: str) -> date:
    if cadence == "weekly":
        return start + timedelta(days=7)
    return _add_months(start, 1 if cadence == "monthly" else 3)


def previous_period(start: date, cadence: str) -> date:
    if cadence == "weekly":
        return start - timedelta(days=7)
    return _add_months(start, -1 if cadence == "monthly" else -3)


def periods_back(today: date, cadence: str, count: int, fiscal_year_start: int = 1) -> list[date]:
    """The current period and the `count - 1` before it, oldest first."""
    found = [period_of(today, cadence, fiscal_year_start)]
    while len(found) < count:
        found.append(previous_period(found[-1], cadence))
    return found[::-1]


def elapsed(today: date, start: date, cadence: str) -> Decimal:
    """How much of the period starting `start` has passed by the end of `today` (0..1)."""
    end = next_period(start, cadence)
    if today >= end:
        return Decimal(1)
    if today < start:
        return Decimal(0)
    return Decimal((today - start).days + 1) / Decimal((end - start).days)


def period_label(start: date, cadence: str) -> str:
    """ "Week of 4 May 2026", "May 2026", "Apr–Jun 2026"."""
    if cadence == "weekly":
        return catalogue().gettext("Week of %(day)s") % {"day": format_date(start)}
    if cadence == "monthly":
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    last = _add_months(start, 2)
    return f"{MONTH_NAMES[start.month - 1][:3]}–{MONTH_NAMES[last.month - 1][:3]} {last.year}"


# -- values ---------------------------------------------------------------------------------------


def parse_value(typed: str, unit: str) -> tuple[Decimal | None, str | None]:
    """(value, None) or (None, a message for next to the field); an empty field is no value."""
    text = typed.strip().replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if unit == "percent":
        text = text.removesuffix("%")
    if not text:
        return None, gettext("Enter a number.")
    if "," in text:
        return None, gettext("Use a point for decimals and no thousands separator, e.g. 1234.5.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, gettext("Enter a number, e.g. 1234.5.")
    if not value.is_finite():
        return None, gettext("Enter a finite number.")
    limit = PERCENT_LIMIT if unit == "percent" else LIMIT
    if abs(value) >= limit:
        under = format(limit, ",.0f")
        return None, gettext("That is beyond what this KPI can be (under %(limit)s).", limit=under)
    if value.as_tuple().exponent < -DECIMALS:
        return None, gettext("Use at most %(most)d decimals.", most=DECIMALS)
    return value, None


def format_value(value: Decimal | None, unit: str, currency: str = "EUR") -> str:
    """ "1,240", "12.5%", "€1,200.50"; "—" for no value."""
    if value is None:
        return "—"
    text = f"{value.normalize():,f}"
    if unit == "percent":
        return f"{text}%"
    if unit == "currency":
        digits = CURRENCIES[currency].digits
        return format_money(int((value * 10**digits).to_integral_value()), currency)
    return text


# -- health ---------------------------------------------------------------------------------------


def target_for(targets: list[tuple[date, Decimal]], period: date) -> Decimal | None:
    """The target in force in `period`: the latest one starting on or before it."""
    at = bisect_right([starts for starts, _ in targets], period)
    return targets[at - 1][1] if at else None


def health(
    direction: str,
    unit: str,
    value: Decimal,
    target: Decimal | None,
    band: tuple[Decimal | None, Decimal | None] = (None, None),
    done: Decimal = Decimal(1),
) -> str | None:
    """on_track / at_risk / off_track, or None when there is nothing to judge against.

    `done` is the part of the period elapsed (1 for a closed period).
    """
    if direction == "band":
        low, high = band
        if low is None or high is None:
            return None
        if low <= value <= high:
            return ON_TRACK
        margin = (high - low) * AT_RISK_MARGIN
        return AT_RISK if low - margin <= value <= high + margin else OFF_TRACK
    if target is None:
        return None
    expected = target * done if unit in FLOWS else target
    if direction == "up":
        if value >= expected:
            return ON_TRACK
        return AT_RISK if value >= expected * (1 - AT_RISK_MARGIN) else OFF_TRACK
    if value <= expected:
        return ON_TRACK
    return AT_RISK if value <= expected * (1 + AT_RISK_MARGIN) else OFF_TRACK


@dataclass(frozen=True)
class Reading:
    """Where a KPI stands today."""

    period: date  # the current period
    current: Decimal | None  # this period's value
    latest_period: date | None  # the period judged: this one if entered, else the last entered
    latest: Decimal | None
    target: Decimal | None  # the target of the period judged (or of this one)
    health: str | None
    stale: bool  # the last closed period has no entry

    @property
    def label(self) -> str:
        if self.stale:
            return STALE
        return HEALTH_LABELS.get(self.health, NO_TARGET)

    @property
    def css(self) -> str:
        return "stale" if self.stale else (self.health or "none")


def missed(
    cadence: str, entered, today: date, started: date, fiscal_year_start: int = 1
) -> date | None:
    """The period before this one when it has no entry (among the periods `entered`) and the
    KPI (created on `started`) existed before this period; else None."""
    period = period_of(today, cadence, fiscal_year_start)
    last = previous_period(period, cadence)
    return last if last not in entered and started < period else None


def read(
    direction: str,
    unit: str,
    cadence: str,
    entries: dict[date, Decimal],
    targets: list[tuple[date, Decimal]],
    band: tuple[Decimal | None, Decimal | None],
    today: date,
    started: date,
    fiscal_year_start: int = 1,
) -> Reading:
    """A KPI's reading from its entries (period → value) and targets (sorted by start).

    It is stale when the period before this one has no entry, unless the KPI (created on
    `started`) did not exist before this period.
    """
    period = period_of(today, cadence, fiscal_year_start)
    stale = missed(cadence, entries, today, started, fiscal_year_start) is not None
    judged = period if period in entries else max((p for p in entries if p < period), default=None)
    if judged is None:
        return Reading(period, None, None, None, target_for(targets, period), None, stale)
    target = target_for(targets, judged)
    value = entries[judged]
    done = elapsed(today, judged, cadence)
    state = health(direction, unit, value, target, band, done)
    return Reading(period, entries.get(period), judged, value, target, state, stale)
