"""Geometry for the server-rendered SVG charts; templates/goals/_charts.html draws them (the
bars and the skills picture's rows come from here as markup: big teams have thousands of shapes).

Each status has a fill pattern as well as a colour, and every bar and point carries its
number as text, so the charts read without colour and in print.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from markupsafe import Markup, escape

from plplan.chart_variants import CHART_WIDTH, both, wide_only
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
    """Wide, each bar's label sits left of it; narrow, above it, so the bars keep the width."""

    bars: list[Bar]
    stacked: bool = True  # bars split by status, drawn with the status patterns
    width: int = CHART_WIDTH
    value_width: int = 150  # room for the text after the longest bar

    @property
    def narrow(self) -> bool:
        return self.width < CHART_WIDTH

    @property
    def label_width(self) -> int:
        return 0 if self.narrow else 170

    @property
    def row_height(self) -> int:
        return 48 if self.narrow else 30

    @property
    def bar_area(self) -> int:
        return self.width - self.label_width - self.value_width

    def summary(self) -> str:
        """The chart as one sentence, for screen readers."""
        parts = []
        for bar in self.bars:
            split = ", ".join(
                f"{s.count} {s.status.label.lower()}" for s in bar.segments if self.stacked
            )
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
        return Markup("".join(self._bar(n, bar) for n, bar in enumerate(self.bars)))

    def _bar(self, n: int, bar: Bar) -> str:
        top = 5 + n * self.row_height
        y = top + 18 if self.narrow else top  # the bar's row, under its label when narrow
        label = escape(bar.label)
        if self.narrow:
            where = f'x="0" y="{top + 14}" text-anchor="start"'
        else:
            where = f'x="{self.label_width - 8}" y="{top + 18}" text-anchor="end"'
        parts = [f'<text {where} class="label">{escape(_truncate(bar.label, 24))}</text>']
        for seg in bar.segments:
            if self.stacked:
                look = f'fill="url(#pat-{seg.pattern})" class="outline"'
                what = f"{seg.count} {seg.status.label.lower()}"
            else:
                look, what = 'class="bar"', f"{seg.count}"
            parts.append(
                f'<rect x="{self.label_width + seg.x}" y="{y + 4}" width="{max(seg.width, 1)}" '
                f'height="20" {look}><title>{label}: {what}</title></rect>'
            )
        end = self.label_width + sum(seg.width for seg in bar.segments)
        parts.append(f'<text x="{end + 6}" y="{y + 18}" class="value">{escape(bar.text)}</text>')
        return "".join(parts)


def _unit(counts, chart: BarChart) -> float:
    """The width of one goal: the longest bar fills the area, unless it is shorter than
    MIN_SCALE goals."""
    return chart.bar_area / max([MIN_SCALE, *counts])


def stacked_status_bars(rows: list[tuple[str, dict]], width: int = CHART_WIDTH) -> BarChart:
    """One bar per row, split by status: rows are (label, {status: count})."""
    chart = BarChart([], width=width)
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


def simple_bars(rows: list[tuple[str, int, str]], width: int = CHART_WIDTH) -> BarChart:
    """Plain bars: rows are (label, count, note)."""
    chart = BarChart([], stacked=False, width=width)
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
        template: 200 people × 8 skills are 1,600 cells, and each name is escaped once."""
        columns = [escape(column) for column in self.columns]
        texts = {}  # a cell's words by (count, level)
        return Markup(
            "".join(
                self._row(n, name, cells, columns, texts)
                for n, (name, cells) in enumerate(zip(self.rows, self.cells, strict=True))
            )
        )

    def _row(self, n: int, name: str, cells: list, columns: list[Markup], texts: dict) -> str:
        half = self.cell // 2
        row = escape(name)
        parts = [
            f'<g class="matrix-row" transform="translate(0 {self.header + n * self.cell})">'
            f'<text x="{self.label_width - 8}" y="{half + 5}" text-anchor="end" class="label">'
            f"{escape(_truncate(name, self.name_length))}</text>"
        ]
        for col, ((count, level), column) in enumerate(zip(cells, columns, strict=True)):
            x = self.label_width + col * self.cell
            if count:
                title, goals, _ = _cell_words(texts, count, level)
                parts.append(
                    f'<rect x="{x + 2}" y="2" width="{self.cell - 4}" height="{self.cell - 4}" '
                    f'class="cell growing"><title>{row}, {column}: {title}</title></rect>'
                    f'<text x="{x + half}" y="{half}" class="value">'
                    f"{f'L{level}' if level else '•'}</text>"
                )
                parts.append(f'<text x="{x + half}" y="{half + 15}" class="small">{goals}</text>')
            else:  # an empty square says it all; the text summary names who grows what
                parts.append(
                    f'<rect x="{x + 2}" y="2" width="{self.cell - 4}" height="{self.cell - 4}" '
                    'class="cell"/>'
                )
        parts.append("</g>")
        return "".join(parts)

    def summary(self) -> str:
        """Who grows what, as text, for screen readers."""
        parts, texts = [], {}
        for row, cells in zip(self.rows, self.cells, strict=True):
            growing = []
            for column, (count, level) in zip(self.columns, cells, strict=True):
                if count:
                    growing.append(column + _cell_words(texts, count, level)[2])
            parts.append(f"{row}: " + (", ".join(growing) if growing else gettext("no open goals")))
        return ". ".join(parts) or gettext("Nobody in the team has goals yet.")


def _cell_words(texts: dict, count: int, level: int | None) -> tuple[str, str, str]:
    """A skills-picture cell's title ("2 open goals, towards level 3"), its "2 goals", and
    what the summary says after the skill (" towards level 3 (2 goals)"); kept in `texts`,
    so each kind of cell asks gettext once, not each of a big team's thousand cells."""
    if (count, level) not in texts:
        texts[count, level] = _words(count, level)
    return texts[count, level]


def _words(count: int, level: int | None) -> tuple[str, str, str]:
    towards = gettext("towards level %(level)s", level=level) if level else ""
    goals = plural(count, "goal", "goals")
    title = plural(count, "open goal", "open goals") + (f", {towards}" if towards else "")
    return title, goals, (f" {towards}" if towards else "") + f" ({goals})"


def _truncate(text: str, length: int) -> str:
    """As Jinja's truncate(length, killwords=True, end="…"): a little over the length stays."""
    return text if len(text) <= length + 5 else text[: length - 1] + "…"


def team_growth_charts(growth: TeamGrowth) -> dict:
    """The three charts of the Team growth page, each wide and narrow; the two with a row per
    person show the people `growth` was counted for."""
    matrix = {
        "rows": [p.member.user.display_name for p in growth.people],
        "columns": [s.name for s in growth.skills],
        "cells": [[p.skills.get(s.id, (0, None)) for s in growth.skills] for p in growth.people],
    }
    return {
        "per_person": both(
            stacked_status_bars, [(p.member.user.display_name, p.by_status) for p in growth.people]
        ),
        "per_skill": both(
            simple_bars,
            [
                (skill.name, goals, plural(people, "person", "people"))
                for skill, goals, people in growth.goals_per_skill
            ],
        ),
        "picture": wide_only(Matrix(**matrix)),
    }
