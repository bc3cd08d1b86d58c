"""Dates, times and numbers as people read them: one format each, dates and times shown in the
viewer's time zone."""

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
    return str(int(value)) if value.is_integer() else str(value)


def register_formatting(app: Flask) -> None:
    """`{{ day|date }}`, `{{ moment|datetime }}` and `{{ value|number }}` in every template."""
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_number, "number")
