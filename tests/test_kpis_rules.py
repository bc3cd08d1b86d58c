"""The pure rules of KPIs: periods (leap years, fiscal quarters), health against the target
and the time elapsed, bands, lower-is-better, no target, staleness, and reading typed values."""

from datetime import date
from decimal import Decimal as D

import pytest

from plplan.areadata import kpi_rules as r


@pytest.mark.parametrize(
    ("day", "cadence", "fy", "start"),
    [
        (date(2024, 2, 29), "weekly", 1, date(2024, 2, 26)),  # leap day is a Thursday
        (date(2024, 3, 3), "weekly", 1, date(2024, 2, 26)),  # the week spans the leap day
        (date(2024, 2, 29), "monthly", 1, date(2024, 2, 1)),
        (date(2024, 2, 29), "quarterly", 1, date(2024, 1, 1)),
        (date(2024, 2, 29), "quarterly", 4, date(2024, 1, 1)),  # Jan-Mar is Q4 from April
        (date(2024, 4, 1), "quarterly", 4, date(2024, 4, 1)),
        (date(2024, 1, 15), "quarterly", 2, date(2023, 11, 1)),  # Nov-Jan crosses the year
        (date(2024, 12, 31), "quarterly", 1, date(2024, 10, 1)),
    ],
)
def test_period_of(day, cadence, fy, start):
    assert r.period_of(day, cadence, fy) == start


def test_periods_step_over_year_ends_and_leap_days():
    assert r.next_period(date(2024, 2, 26), "weekly") == date(2024, 3, 4)
    assert r.next_period(date(2024, 11, 1), "quarterly") == date(2025, 2, 1)
    assert r.previous_period(date(2024, 1, 1), "monthly") == date(2023, 12, 1)
    assert r.periods_back(date(2024, 3, 5), "monthly", 3) == [
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]


def test_elapsed_counts_leap_february_as_29_days():
    assert r.elapsed(date(2024, 2, 29), date(2024, 2, 1), "monthly") == 1
    assert r.elapsed(date(2024, 2, 14), date(2024, 2, 1), "monthly") == D(14) / D(29)
    assert r.elapsed(date(2023, 2, 14), date(2023, 2, 1), "monthly") == D(14) / D(28)
    assert r.elapsed(date(2024, 5, 1), date(2024, 2, 1), "monthly") == 1  # closed period


def test_period_labels():
    assert r.period_label(date(2026, 5, 1), "monthly") == "May 2026"
    assert r.period_label(date(2026, 11, 1), "quarterly") == "Nov–Jan 2027"
    assert r.period_label(date(2026, 5, 4), "weekly") == "Week of 04 May 2026"


def test_a_count_is_judged_against_the_time_elapsed():
    half = D("0.5")
    assert r.health("up", "count", D(50), D(100), done=half) == r.ON_TRACK
    assert r.health("up", "count", D(46), D(100), done=half) == r.AT_RISK
    assert r.health("up", "count", D(30), D(100), done=half) == r.OFF_TRACK
    assert r.health("up", "count", D(50), D(100)) == r.OFF_TRACK  # the period is over


def test_a_percentage_is_a_rate_not_judged_by_elapsed_time():
    assert r.health("up", "percent", D(10), D(20), done=D("0.5")) == r.OFF_TRACK


def test_lower_is_better():
    assert r.health("down", "percent", D("1.9"), D(2)) == r.ON_TRACK
    assert r.health("down", "percent", D("2.1"), D(2)) == r.AT_RISK
    assert r.health("down", "percent", D(3), D(2)) == r.OFF_TRACK
    # churned logos so far this month: 6 of a limit of 10, a third through, is over pace
    assert r.health("down", "count", D(6), D(10), done=D(1) / D(3)) == r.OFF_TRACK


def test_a_band():
    band = (D(20), D(30))
    assert r.health("band", "percent", D(25), None, band) == r.ON_TRACK
    assert r.health("band", "percent", D(30), None, band) == r.ON_TRACK
    assert r.health("band", "percent", D(31), None, band) == r.AT_RISK
    assert r.health("band", "percent", D(19), None, band) == r.AT_RISK
    assert r.health("band", "percent", D(35), None, band) == r.OFF_TRACK
    assert r.health("band", "percent", D(25), None, (D(20), None)) is None


def test_no_target_is_no_health():
    assert r.health("up", "count", D(5), None) is None
    reading = r.read(
        "up",
        "count",
        "monthly",
        {date(2026, 4, 1): D(4), date(2026, 5, 1): D(5)},
        [],
        (None, None),
        date(2026, 5, 10),
        date(2026, 1, 1),
    )
    assert (reading.health, reading.label, reading.stale) == (None, "No target", False)


def test_targets_apply_from_their_period_on():
    targets = [(date(2026, 1, 1), D(100)), (date(2026, 4, 1), D(150))]
    assert r.target_for(targets, date(2025, 12, 1)) is None
    assert r.target_for(targets, date(2026, 3, 1)) == 100
    assert r.target_for(targets, date(2026, 4, 1)) == 150
    assert r.target_for(targets, date(2027, 1, 1)) == 150


def _read(entries, today, cadence="monthly", started=date(2020, 1, 1)):
    targets = [(date(2020, 1, 1), D(100))]
    return r.read("up", "count", cadence, entries, targets, (None, None), today, started)


def test_a_missing_entry_for_the_last_period_is_stale():
    reading = _read({date(2026, 3, 1): D(120)}, date(2026, 5, 10))
    assert reading.stale and reading.label == "Stale"
    assert reading.latest_period == date(2026, 3, 1)


def test_last_period_entered_is_fresh_and_judged_whole():
    reading = _read({date(2026, 4, 1): D(95)}, date(2026, 5, 10))
    assert not reading.stale
    assert (reading.latest_period, reading.health) == (date(2026, 4, 1), r.AT_RISK)


def test_this_period_entered_is_judged_against_time_elapsed():
    entries = {date(2026, 4, 1): D(100), date(2026, 5, 1): D(40)}
    reading = _read(entries, date(2026, 5, 10))  # 10 of 31 days: 32 expected
    assert (reading.current, reading.health) == (D(40), r.ON_TRACK)


def test_a_kpi_created_this_period_is_not_stale():
    assert not _read({}, date(2026, 5, 10), started=date(2026, 5, 2)).stale
    assert _read({}, date(2026, 5, 10), started=date(2026, 4, 20)).stale


def test_weekly_and_quarterly_staleness():
    monday = date(2024, 3, 4)
    assert not _read({date(2024, 2, 26): D(100)}, monday, "weekly").stale
    assert _read({date(2024, 2, 19): D(100)}, monday, "weekly").stale
    assert not _read({date(2024, 1, 1): D(100)}, date(2024, 4, 2), "quarterly").stale
    assert _read({date(2023, 10, 1): D(100)}, date(2024, 4, 2), "quarterly").stale


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [("1240", "count", D(1240)), (" 12.5 % ", "percent", D("12.5")), ("-3", "count", D(-3))],
)
def test_parse_value(typed, unit, value):
    assert r.parse_value(typed, unit) == (value, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a number."),
        ("twelve", "Enter a number, e.g. 1234.5."),
        ("12,5", "Use a point for decimals"),
        ("inf", "Enter a finite number."),
        ("NaN", "Enter a finite number."),
        ("1e15", "beyond what this KPI can be"),
        ("1.23456", "at most 4 decimals"),
    ],
)
def test_parse_value_rejects(typed, message):
    value, error = r.parse_value(typed, "count")
    assert value is None and message in error


def test_absurd_percentages():
    assert r.parse_value("2000", "percent")[0] is None
    assert r.parse_value("999", "percent")[0] == 999


def test_format_value():
    assert r.format_value(D("1240.0000"), "count") == "1,240"
    assert r.format_value(D("12.50"), "percent") == "12.5%"
    assert r.format_value(D("1200.5"), "currency", "EUR") == "€1,200.50"
    assert r.format_value(None, "count") == "—"
