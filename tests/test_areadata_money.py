"""Money is exact: integer minor units in, the team's currency out; bad input refused clearly."""

from datetime import date

import pytest

from plplan.areadata import budget_rules as rules
from plplan.areadata.money import AmountError, parse_amount
from plplan.formatting import format_money, plain_amount


@pytest.mark.parametrize(
    "typed, currency, minor",
    [
        ("1234.56", "EUR", 123456),
        ("1,234.56", "EUR", 123456),
        (" 1 234.5 ", "EUR", 123450),
        ("0.10", "USD", 10),
        ("1,000,000", "GBP", 100_000_000),
        ("1200", "JPY", 1200),
        ("1.005", "KWD", 1005),
        ("", "EUR", None),
    ],
)
def test_amounts_are_read_exactly_into_minor_units(typed, currency, minor):
    assert parse_amount(typed, currency) == minor


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "is not an amount"),
        ("-5", "cannot be negative"),
        ("−5", "cannot be negative"),
        ("1.234,56", "dot for decimals"),
        ("12,5", "dot for decimals"),
        ("1.234", r"2 decimals at most \(use a comma between thousands"),
        ("0.001", "2 decimals at most"),
        ("1e6", "is not an amount"),
        ("1000000000000", "check the amount"),
        ("1,23.4", "is not an amount"),
    ],
)
def test_bad_amounts_get_a_message_saying_what_to_write(typed, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(typed, "EUR")


def test_money_is_formatted_in_the_currency_exactly():
    assert format_money(123456789, "EUR") == "€1,234,567.89"
    assert format_money(-5, "USD") == "−$0.05"
    assert format_money(1200, "JPY") == "¥1,200"
    assert format_money(1005, "KWD") == "KWD 1.005"
    assert plain_amount(100_000_000_001, "EUR") == "1000000000.01"
    # far beyond what a float holds exactly
    assert plain_amount(9_007_199_254_740_993, "EUR") == "90071992547409.93"


def test_the_template_filter_formats_in_the_teams_currency(app):
    from flask import render_template_string

    with app.test_request_context():
        assert render_template_string("{{ 250050|money('GBP') }}") == "£2,500.50"


# -- fiscal years, projection, variance -----------------------------------------------------


@pytest.mark.parametrize("start", range(1, 13))
def test_a_fiscal_year_starting_in_any_month_has_twelve_consecutive_months(start):
    months = rules.fiscal_months(2027, start)
    assert months[0] == date(2027, start, 1) and len(set(months)) == 12
    assert all(
        (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1
        for a, b in zip(months, months[1:], strict=False)  # noqa: E501
    )
    assert rules.fiscal_year_of(date(2027, start, 1), start) == 2027
    if start > 1:
        assert rules.fiscal_year_of(date(2028, start - 1, 28), start) == 2027


def test_months_close_when_the_next_begins_also_across_a_leap_day():
    months = rules.fiscal_months(2027, 3)  # March 2027 to February 2028
    assert months[-1] == date(2028, 2, 1)
    assert rules.closed_months(months, date(2028, 2, 29)) == 11  # the leap day: February open
    assert rules.fiscal_year_of(date(2028, 2, 29), 3) == 2027
    assert rules.fiscal_year_of(date(2028, 3, 1), 3) == 2028
    assert rules.closed_months(months, date(2027, 2, 28)) == 0
    assert rules.closed_months(months, date(2027, 4, 1)) == 1


def test_spread_adds_up_exactly():
    assert rules.spread(10000, 3) == [3334, 3333, 3333]
    assert sum(rules.spread(1_000_001, 12)) == 1_000_001


def test_projection_is_actuals_to_date_plus_the_remaining_plan_with_a_run_rate_beside_it():
    planned = [1000] * 12
    actual = [1200, 1300, 1100, None, 999] + [None] * 7  # the 5th month is still open
    f = rules.figures(planned, actual, closed=4)
    assert (f.plan, f.plan_to_date, f.actual) == (12000, 4000, 3600)
    assert f.projection == 3600 + 8 * 1000  # an open month's actual is not counted yet
    assert f.run_rate == 3600 * 3  # 900 a month over 12
    assert f.variance == -400 and f.variance_pct == pytest.approx(-400 / 120)
    assert not f.needs_explanation(10)


def test_variance_above_the_threshold_asks_for_an_explanation():
    f = rules.figures([1000] * 12, [2000] * 6 + [None] * 6, closed=6)
    assert f.variance == 6000 and f.variance_pct == 50
    assert f.needs_explanation(10) and not f.needs_explanation(50)
    no_plan = rules.figures([0] * 12, [5] + [None] * 11, closed=1)
    assert no_plan.variance_pct is None and no_plan.needs_explanation(10)


def test_the_run_rate_rounds_half_up_exactly_and_falls_back_to_plan_before_any_month_closes():
    assert rules.figures([0] * 12, [1] * 7 + [None] * 5, closed=7).run_rate == 12  # 12/7*7
    assert rules.figures([0] * 12, [1, 0, 0, 0, 0, 0, 0] + [None] * 5, 7).run_rate == 2  # 1.71
    assert rules.figures([5] * 12, [None] * 12, closed=0).run_rate == 60
    total = rules.add([rules.figures([5] * 12, [None] * 12, 0)] * 3, 0)
    assert total.plan == 180 and total.projection == 180
