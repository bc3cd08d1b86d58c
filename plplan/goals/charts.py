"""Geometry for the server-rendered SVG charts; templates/goals/_charts.html draws them (the
bars and the skills picture's rows come from here as markup: big teams have thousands of shapes).

Each status has a fill pattern as well as a colour, and every bar and point carries its
number as text, so the charts read without colour and in print.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from markupsafe import Markup, escape

from plplan.chart_variants import CHART_WIDTH
from plplan.formatting import format_date, plural
from plplan.goals.services import TeamGrowth
from plplan.models import CheckIn, Goal, GoalStatus

# Draw order of statuses in stacked bars, and the pattern each one uses (see _charts.html).
STATUS_ORDER = [
    GoalStatus.ON_TRACK,
    GoalStatus.AT_RISK,
    GoalStatus.OFF_TRACK,
    GoalStatus.NOT_STARTED,
]
STATUS_PATTERN = {
    GoalStatus.ON_TRACK: "solid",
    GoalStatus.AT_RISK: "diagonal",
    GoalStatus.OFF_TRACK: "cross",
    GoalStatus.NOT_STARTED: "dots",
}
LEGEND = [(status, STATUS_PATTERN[status]) for status in STATUS_ORDER]

# Bars are scaled to at least this many goals, so one goal each does not fill every bar.
MIN_SCALE = 5


@dataclass
class Point:
    x: float
    y: float
    progress: int
    when: datetime
    label: str  # what a screen reader and a tooltip say about the point


@dataclass
class Tick:
    x: float
    text: str
    anchor: str  # SVG text-anchor


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def gridlines(self) -> list[tuple[float, int]]:
        return [
            (self.top + self.plot_height * (1 - pct / 100), pct) for pct in (0, 25, 50, 75, 100)
        ]

    @property
    def ticks(self) -> list[Tick]:
        """Dates under the x axis: the first and the last day, the last only if it differs."""
        first, last = (format_date(p.when) for p in (self.points[0], self.points[-1]))
        ticks = [Tick(self.left, first, "start")]
        if last != first:
            ticks.append(Tick(self.left + self.plot_width, last, "end"))
        return ticks


def progress_chart(goal: Goal, checkins: list[CheckIn], width: int = CHART_WIDTH) -> LineChart:
    """Progress over time: the goal's start, then one point per check-in."""
    height, left, top, bottom = 260, 56, 16, 40
    right = 24 if width == CHART_WIDTH else 16
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [(goal.created_at, 0, gettext("Goal created, 0%"))] + [
        (c.created_at, c.progress, f"{format_date(c.created_at)}: {c.progress}%, {c.status_label}")
        for c in checkins
    ]
    series.sort(key=lambda item: item[0])  # a back-dated check-in may precede creation
    first, last = series[0][0], series[-1][0]
    span = (last - first).total_seconds() or 1
    points = [
        Point(
            x=left + plot_w * ((when - first).total_seconds() / span if len(series) > 1 else 0),
            y=top + plot_h * (1 - progress / 100),
            progress=progress,
            when=when,
            label=label,
        )
        for when, progress, label in series
    ]
    return LineChart(width, height, left, top, plot_w, plot_h, points)


@dataclass
class Segment:
    status: GoalStatus
    count: int
    x: float
    width: float

    @property
    def pattern(self) -> str:
        return STATUS_PATTERN[self.status]


@dataclass
class Bar:
    label: str
    total: int
    segments: list[Segment]
    note: str = ""  # extra text after the number, e.g. "3 people"

    @property
    def text(self) -> str:
        """What the bar says at its end, e.g. "2 goals · 1 person"."""
        return " · ".join(filter(None, [plural(self.total, "goal", "goals"), self.note]))


@dataclass
class BarChart:
    """Drawn once for every screen: each bar's label and number sit on a line above it, and
    the bars are laid out in percent of the chart's width while the text keeps its size, so
    the same drawing reads on a phone and on a wide screen."""

    bars: list[Bar]
    stacked: bool = True  # bars split by status, drawn with the status patterns

    row_height = 48
    inset = 1.5  # percent of the width left clear at each side
    bar_area = 100 - 2 * inset  # percent of the width the longest bar fills

    def summary(self) -> str:
        """The chart as one sentence, for screen readers."""
        parts, words = [], _status_words()
        for bar in self.bars:
            split = ", ".join(f"{s.count} {words[s.status]}" for s in bar.segments if self.stacked)
            detail = "; ".join(filter(None, [split, bar.note]))
            count = plural(bar.total, "goal", "goals")
            parts.append(f"{bar.label}: {count}" + (f" ({detail})" if detail else ""))
        return ". ".join(parts) or gettext("No open goals.")

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * self.row_height + 10

    def body(self) -> Markup:
        """The bars as SVG, built here rather than in the template: 200 people are 200 bars
        of up to four segments, and each label is escaped once."""
        words = _status_words()
        return Markup("".join(self._bar(n, bar, words) for n, bar in enumerate(self.bars)))

    def _bar(self, n: int, bar: Bar, words: dict) -> str:
        """A bar's label and number, then its segments; a segment's tooltip gives its count
        (the label above says whose bar it is)."""
        top = 5 + n * self.row_height
        parts = [
            f'<text x="{self.inset}%" y="{top + 14}" class="label">'
            f"{escape(_truncate(bar.label, 24))}</text>"
            f'<text x="{100 - self.inset}%" y="{top + 14}" text-anchor="end" class="value">'
            f"{escape(bar.text)}</text>"
        ]
        for seg in bar.segments:
            if self.stacked:
                look, what = f"pat-{seg.pattern}", f"{seg.count} {words[seg.status]}"
            else:
                look, what = "bar", f"{seg.count}"
            width = f"{seg.width:.1f}%" if seg.width else "1"  # a zero bar: a hairline
            parts.append(
                f'<rect x="{self.inset + seg.x:.1f}%" y="{top + 22}" width="{width}" '
                f'height="20" class="{look}"><title>{what}</title></rect>'
            )
        return "".join(parts)


def _status_words() -> dict:
    """ "on track", "at risk" ...: what a bar says of its statuses, asked once a chart."""
    return {status: status.label.lower() for status in STATUS_ORDER}


def _unit(counts, chart: BarChart) -> float:
    """The width of one goal, in percent: the longest bar fills the area, unless it is shorter
    than MIN_SCALE goals."""
    return chart.bar_area / max([MIN_SCALE, *counts])


def stacked_status_bars(rows: list[tuple[str, dict]]) -> BarChart:
    """One bar per row, split by status: rows are (label, {status: count})."""
    chart = BarChart([])
    unit = _unit([sum(c.values()) for _, c in rows], chart)
    for label, counts in rows:
        x, segments = 0.0, []
        for status in STATUS_ORDER:
            count = counts.get(status, 0)
            if count:
                segments.append(Segment(status, count, x, count * unit))
                x += count * unit
        chart.bars.append(Bar(label, sum(counts.values()), segments))
    return chart


def simple_bars(rows: list[tuple[str, int, str]]) -> BarChart:
    """Plain bars: rows are (label, count, note)."""
    chart = BarChart([], stacked=False)
    unit = _unit([count for _, count, _ in rows], chart)
    chart.bars = [
        Bar(label, count, [Segment(GoalStatus.ON_TRACK, count, 0, count * unit)], note)
        for label, count, note in rows
    ]
    return chart


@dataclass
class Matrix:
    """Members × skills: each cell says how many open goals and the highest level aimed at."""

    rows: list[str]
    columns: list[str]
    cells: list[list[tuple[int, int | None]]]
    label_width: int = 150
    cell: int = 54
    header: int = 150
    name_length: int = 20  # a row's name, then the column heads, are cut after this

    @property
    def width(self) -> int:
        natural = self.label_width + self.cell * len(self.columns) + self.header * 3 // 4
        return max(CHART_WIDTH, natural)  # the page's width, unless its columns need more

    @property
    def height(self) -> int:
        return self.header + self.cell * len(self.rows) + 10

    def body(self) -> Markup:
        """The rows as SVG: a label, then a square per skill. Built here rather than in the
        template: 200 people × 8 skills are 1,600 cells. Each square is a <use> of one of the
        two that templates/goals/_charts.html draws; what a cell means is in the summary,
        which names the person and the skill, so the squares carry no tooltip of their own."""
        texts = {}  # a cell's words by (count, level)
        return Markup(
            "".join(
                self._row(n, name, cells, texts)
                for n, (name, cells) in enumerate(zip(self.rows, self.cells, strict=True))
            )
        )

    def _row(self, n: int, name: str, cells: list, texts: dict) -> str:
        half = self.cell // 2
        parts = [
            f'<g class="matrix-row" transform="translate(0 {self.header + n * self.cell})">'
            f'<text x="{self.label_width - 8}" y="{half + 5}" text-anchor="end" class="label">'
            f"{escape(_truncate(name, self.name_length))}</text>"
        ]
        for col, (count, level) in enumerate(cells):
            x = self.label_width + col * self.cell
            if count:
                goals = _cell_words(texts, count, level)[0]
                parts.append(
                    f'<use href="#square-growing" x="{x}"/>'
                    f'<text x="{x + half}" y="{half}" class="value">'
                    f"{f'L{level}' if level else '•'}</text>"
                    f'<text x="{x + half}" y="{half + 15}" class="small">{goals}</text>'
                )
            else:  # an empty square says it all; the text summary names who grows what
                parts.append(f'<use href="#square-empty" x="{x}"/>')
        parts.append("</g>")
        return "".join(parts)

    def summary(self) -> str:
        """Who grows what, as text, for screen readers."""
        parts, texts = [], {}
        for row, cells in zip(self.rows, self.cells, strict=True):
            growing = []
            for column, (count, level) in zip(self.columns, cells, strict=True):
                if count:
                    growing.append(column + _cell_words(texts, count, level)[1])
            parts.append(f"{row}: " + (", ".join(growing) if growing else gettext("no open goals")))
        return ". ".join(parts) or gettext("Nobody in the team has goals yet.")


def _cell_words(texts: dict, count: int, level: int | None) -> tuple[str, str]:
    """A skills-picture cell's "2 goals", and what the summary says after the skill
    (" towards level 3 (2 goals)"); kept in `texts`, so each kind of cell asks gettext once,
    not each of a big team's thousand cells."""
    if (count, level) not in texts:
        texts[count, level] = _words(count, level)
    return texts[count, level]


def _words(count: int, level: int | None) -> tuple[str, str]:
    towards = gettext("towards level %(level)s", level=level) if level else ""
    goals = plural(count, "goal", "goals")
    return goals, (f" {towards}" if towards else "") + f" ({goals})"


def _truncate(text: str, length: int) -> str:
    """As Jinja's truncate(length, killwords=True, end="…"): a little over the length stays."""
    return text if len(text) <= length + 5 else text[: length - 1] + "…"


def team_growth_charts(growth: TeamGrowth) -> dict:
    """The three charts of the Team growth page; the two with a row per person show the
    people `growth` was counted for."""
    matrix = {
        "rows": [p.name for p in growth.people],
        "columns": [s.name for s in growth.skills],
        "cells": [[p.skills.get(s.id, (0, None)) for s in growth.skills] for p in growth.people],
    }
    return {
        "per_person": stacked_status_bars([(p.name, p.by_status) for p in growth.people]),
        "per_skill": simple_bars(
            [
                (skill.name, goals, plural(people, "person", "people"))
                for skill, goals, people in growth.goals_per_skill
            ],
        ),
        "picture": Matrix(**matrix),
    }
