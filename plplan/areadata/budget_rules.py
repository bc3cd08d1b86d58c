"""The budget's arithmetic, with no database: fiscal months, projections, variance.

Amounts are integers in minor units; the one division (the run rate) rounds half up, exactly.
"""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction


def fiscal_year_of(day: date, start_month: int) -> int:
    """The calendar year in which the fiscal year holding `day` starts."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_months(fiscal_year: int, start_month: int) -> list[date]:
    """The first days of the twelve months of a fiscal year."""
    return [
        date(fiscal_year + (start_month - 1 + i) // 12, (start_month - 1 + i) % 12 + 1, 1)
        for i in range(12)
    ]


def closed_months(months: list[date], today: date) -> int:
    """How many of `months` have ended by `today` (a month closes when the next one begins)."""
    current = date(today.year, today.month, 1)
    return sum(1 for month in months if month < current)


def spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole amounts that add up exactly (the first ones carry the
    remainder): a quarter's 100.00 is 33.34, 33.33, 33.33."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def _round(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@dataclass(frozen=True)
class Figures:
    """A line's (or the total's) numbers for the year."""

    plan: int  # the plan for the whole year
    plan_to_date: int
    actual: int  # actuals to date
    projection: int  # actuals to date + the plan of the months still open
    run_rate: int  # actuals to date extrapolated over twelve months
    closed: int  # months closed

    @property
    def variance(self) -> int:
        """Projected overspend (positive) or underspend (negative) against the plan."""
        return self.projection - self.plan

    @property
    def run_rate_variance(self) -> int:
        return self.run_rate - self.plan

    @property
    def variance_pct(self) -> Fraction | None:
        """The variance as a percentage of the plan (None without a plan)."""
        return Fraction(self.variance * 100, self.plan) if self.plan else None

    def needs_explanation(self, threshold_pct: int) -> bool:
        """The projection is off the plan by more than the threshold (any spend without a
        plan counts)."""
        if self.plan == 0:
            return self.projection > 0
        return abs(self.variance_pct) > threshold_pct


def figures(planned: list[int], actual: list[int | None], closed: int) -> Figures:
    """The figures of twelve months of plan and actuals, `closed` of them closed.

    A closed month without an actual counts as nothing spent; an actual recorded for an open
    month is not counted yet (the month may still change).
    """
    spent = sum(a or 0 for a in actual[:closed])
    remaining = sum(planned[closed:])
    run_rate = _round(Fraction(spent * 12, closed)) if closed else sum(planned)
    return Figures(
        plan=sum(planned),
        plan_to_date=sum(planned[:closed]),
        actual=spent,
        projection=spent + remaining,
        run_rate=run_rate,
        closed=closed,
    )


def add(many: list[Figures], closed: int) -> Figures:
    """The total of several lines' figures."""
    return Figures(
        plan=sum(f.plan for f in many),
        plan_to_date=sum(f.plan_to_date for f in many),
        actual=sum(f.actual for f in many),
        projection=sum(f.projection for f in many),
        run_rate=sum(f.run_rate for f in many),
        closed=closed,
    )


def cumulative(values: list[int]) -> list[int]:
    out, total = [], 0
    for value in values:
        total += value
        out.append(total)
    return out
