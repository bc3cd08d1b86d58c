"""Dates, times, numbers and counted words as people read them: one format each.

Dates and times are shown in the viewer's time zone; a count and its noun agree ("1 comment",
"2 comments"), and a name owns things the English way ("Maya's", "Payments'").
"""

import math
from datetime import UTC, date, datetime, tzinfo

from flask import Flask


def viewer_zone() -> tzinfo:
    """The zone the viewer reads times in: UTC until people can choose their own."""
    return UTC


def format_date(value: date | datetime) -> str:
    """`24 Nov 2026`; a moment first becomes a day in the viewer's zone."""
    if isinstance(value, datetime):
        value = value.astimezone(viewer_zone())
    return value.strftime("%d %b %Y")


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


def register_formatting(app: Flask) -> None:
    """`|date`, `|datetime`, `|number`, `|plural`, `|measure`, `|possessive` in every template."""
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(plural, "plural")
    app.add_template_filter(measure, "measure")
    app.add_template_filter(possessive, "possessive")
