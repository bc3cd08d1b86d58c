"""Dates, times, numbers, money and counted words as people read them: one format each.

Dates and times are shown in the viewer's time zone; money is exact, from integer minor units;
a count and its noun agree ("1 comment", "2 comments"), and a name owns things the English way
("Maya's", "Payments'").
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from flask import Flask


def viewer_zone() -> tzinfo:
    """The zone the viewer reads times in: UTC until people can choose their own."""
    return UTC


def today() -> date:
    """The viewer's date today (what "due today" and "overdue" are judged against)."""
    return datetime.now(viewer_zone()).date()


def format_date(value: date | datetime) -> str:
    """`24 Nov 2026`; a moment first becomes a day in the viewer's zone."""
    if isinstance(value, datetime):
        value = value.astimezone(viewer_zone())
    return value.strftime("%d %b %Y")


def format_month(month: date, with_year: bool = True) -> str:
    """`Nov 2026`, or `Nov` where the year is plain from around it (a chart's axis)."""
    return month.strftime("%b %Y" if with_year else "%b")


def format_datetime(moment: datetime) -> str:
    """`24 Nov 2026, 14:05 UTC`: the zone is named, so no one reads it as their own."""
    local = moment.astimezone(viewer_zone())
    return f"{local:%d %b %Y, %H:%M} {local.tzname()}"


def format_number(value: float | None) -> str:
    """`12` rather than `12.0`; a missing, NaN or infinite value (a bad row stored before
    values were checked) reads as a dash instead of breaking the page."""
    if value is None or not math.isfinite(value):
        return "–"
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 comment`, `2 comments`, `0 comments`; irregular nouns pass their plural."""
    word = singular if count == 1 else plural_form or singular + "s"
    return f"{count} {word}"


def measure(value: float | None, unit: str) -> str:
    """A value in a goal's unit, written as people name it in the plural ("interviews"):
    `1 interview`, `2.5 interviews`, `40 %`; a unit that is not an English plural stays."""
    unit = (unit or "").strip()
    if value == 1 and len(unit) > 2 and unit.endswith("s") and not unit.endswith(("ss", "us")):
        unit = unit[:-1]
    return f"{format_number(value)} {unit}".rstrip()


def possessive(name: str) -> str:
    """`Maya's`, but `Payments'`: a name ending in s takes the apostrophe alone."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


MONTH_NAMES = [date(2000, month, 1).strftime("%B") for month in range(1, 13)]


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    digits: int  # minor units per major unit, as a power of ten (ISO 4217 "exponent")


# The currencies a team may choose; amounts are integers in minor units (cents, pence, yen).
CURRENCIES = {
    c.code: c
    for c in [
        Currency("EUR", "€", 2),
        Currency("USD", "$", 2),
        Currency("GBP", "£", 2),
        Currency("CHF", "CHF ", 2),
        Currency("SEK", "SEK ", 2),
        Currency("DKK", "DKK ", 2),
        Currency("NOK", "NOK ", 2),
        Currency("PLN", "PLN ", 2),
        Currency("CAD", "CA$", 2),
        Currency("AUD", "A$", 2),
        Currency("INR", "₹", 2),
        Currency("JPY", "¥", 0),
        Currency("KWD", "KWD ", 3),
    ]
}


def plain_amount(minor: int, currency: str, grouped: bool = False) -> str:
    """`1234.50` (or `1,234.50`): exact, from integer minor units; no symbol."""
    digits = CURRENCIES[currency].digits
    sign = "-" if minor < 0 else ""
    major, cents = divmod(abs(minor), 10**digits)
    whole = f"{major:,}" if grouped else str(major)
    return f"{sign}{whole}.{cents:0{digits}d}" if digits else f"{sign}{whole}"


def format_money(minor: int, currency: str) -> str:
    """`€1,234.50`, `−¥1,200`: the team's currency with its symbol, grouped, exact."""
    text = plain_amount(abs(minor), currency, grouped=True)
    return ("−" if minor < 0 else "") + CURRENCIES[currency].symbol + text


def register_formatting(app: Flask) -> None:
    """`|date`, `|datetime`, `|number`, `|money`, `|plural`, `|measure`, `|possessive`."""
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(plural, "plural")
    app.add_template_filter(measure, "measure")
    app.add_template_filter(possessive, "possessive")
    app.add_template_global(plain_amount, "plain_amount")
