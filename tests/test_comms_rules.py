"""When a communication is due next: every cadence, month ends, leap years, never done, events."""

from datetime import date

import pytest

from plplan.areadata.comms_rules import add_months, due, next_due

START = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("cadence", "last_done", "expected"),
    [
        ("weekly", date(2026, 3, 2), date(2026, 3, 9)),
        ("biweekly", date(2026, 3, 2), date(2026, 3, 16)),
        ("monthly", date(2026, 3, 2), date(2026, 4, 2)),
        ("quarterly", date(2026, 3, 2), date(2026, 6, 2)),
        ("weekly", date(2026, 12, 28), date(2027, 1, 4)),  # over the year's end
        ("monthly", date(2026, 12, 15), date(2027, 1, 15)),
        ("quarterly", date(2026, 11, 15), date(2027, 2, 15)),
    ],
)
def test_next_due_is_one_cadence_after_the_last_time_done(cadence, last_done, expected):
    assert next_due(cadence, START, last_done) == expected


@pytest.mark.parametrize(
    ("cadence", "last_done", "expected"),
    [
        ("monthly", date(2026, 1, 31), date(2026, 2, 28)),
        ("monthly", date(2024, 1, 31), date(2024, 2, 29)),  # leap year
        ("monthly", date(2026, 3, 31), date(2026, 4, 30)),
        ("monthly", date(2024, 2, 29), date(2024, 3, 29)),
        ("quarterly", date(2026, 11, 30), date(2027, 2, 28)),
        ("quarterly", date(2023, 11, 30), date(2024, 2, 29)),  # into a leap February
        ("quarterly", date(2024, 2, 29), date(2024, 5, 29)),
        ("biweekly", date(2024, 2, 20), date(2024, 3, 5)),  # across 29 Feb
        ("biweekly", date(2026, 2, 20), date(2026, 3, 6)),
    ],
)
def test_month_ends_and_leap_years(cadence, last_done, expected):
    assert next_due(cadence, START, last_done) == expected


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
    assert add_months(date(2026, 10, 31), 3) == date(2027, 1, 31)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


@pytest.mark.parametrize("cadence", ["weekly", "biweekly", "monthly", "quarterly"])
def test_never_done_is_due_on_its_first_due_day(cadence):
    assert next_due(cadence, START, None) == START


@pytest.mark.parametrize("last_done", [None, date(2026, 3, 1)])
def test_on_an_event_is_never_due_nor_overdue(last_done):
    standing = due("event", START, last_done, date(2030, 1, 1))
    assert standing.next_due is None
    assert not standing.overdue and not standing.due_soon and standing.days_late == 0


def test_overdue_the_day_after_it_was_due_and_due_soon_within_the_week():
    on_time = due("weekly", START, date(2026, 3, 2), today=date(2026, 3, 9))
    assert not on_time.overdue and on_time.due_soon
    late = due("weekly", START, date(2026, 3, 2), today=date(2026, 3, 12))
    assert late.overdue and late.due_soon and late.days_late == 3
    six_days_ahead = due("monthly", START, date(2026, 3, 2), today=date(2026, 3, 27))
    assert six_days_ahead.due_soon and not six_days_ahead.overdue
    a_week_ahead = due("monthly", START, date(2026, 3, 2), today=date(2026, 3, 26))
    assert not a_week_ahead.due_soon


def test_done_today_on_a_weekly_row_leaves_the_due_list():
    day = date(2026, 3, 12)
    assert not due("weekly", START, day, today=day).due_soon
