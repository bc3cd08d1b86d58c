"""A goal's progress, a KPI's history and the budget are each drawn twice, for a wide
screen and for a phone; CSS shows the one that fits (templates/goals/_charts.html names
them). Team growth's bar charts and skills picture are drawn once (plplan/goals/charts.py)."""

from dataclasses import dataclass

# The width of every chart's viewBox: close to the page's content width, so that a chart
# drawn at 100 % of its container keeps its text near its intended size. A phone gets a
# second drawing NARROW_WIDTH wide (CSS shows one of the two): scaled down to 343 px, a
# 900-wide chart's text would be 5 px tall.
CHART_WIDTH = 900
NARROW_WIDTH = 360


@dataclass
class Variants:
    """One chart drawn twice: for a wide screen and for a phone."""

    wide: object
    narrow: object

    def __iter__(self):
        return iter([self.wide, self.narrow])


def both(draw, *args) -> Variants:
    """`draw(*args, width=...)` at the desktop's width and at the phone's."""
    return Variants(draw(*args, width=CHART_WIDTH), draw(*args, width=NARROW_WIDTH))
