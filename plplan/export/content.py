"""What goes on a one-pager, and how it is shortened to fit a single page.

A one-pager is built from plain data: a plan snapshot (the dict the vision module publishes,
read section by section as `vision.parts` describes it), who is accountable for each
responsibility area, and the team's growth focus. Fitting first tightens spacing and type, and
only then shortens lists and long texts step by step, remembering what it cut so the app can
tell the leader (the page itself, which executives receive, never says so). What matters is
never cut: who is accountable, and the "lead" sections (the vision and the North Star).
"""

import bisect
import contextlib
import copy
import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from plplan.areadata.numbers import Numbers
from plplan.formatting import format_date, lazy_gettext
from plplan.vision.parts import ROW_KINDS, Section, on_one_pager, place, read, row_groups
from plplan.vision.parts import SECTIONS as PLAN_SECTIONS

SECTIONS = {
    "vision": lazy_gettext("Vision, mission and positioning"),
    "board": lazy_gettext("Vision board"),
    "strategy": lazy_gettext("Strategy and North Star"),
    "roadmap": lazy_gettext("Roadmap"),
    "responsibilities": lazy_gettext("Who is accountable"),
    "growth": lazy_gettext("Team growth focus"),
    "numbers": lazy_gettext("Numbers: budget and KPIs"),
}
# Budgets and KPIs go out only when asked for: an investor variant, not every export.
DEFAULT_SECTIONS = tuple(section for section in SECTIONS if section != "numbers")
PAPERS = {"a4": "A4", "letter": lazy_gettext("Letter")}


@dataclass(frozen=True)
class Fit:
    """How hard to squeeze: `density` 1-3 tightens spacing, then type (one-pager.css);
    `None` limits mean nothing is cut."""

    density: int = 0
    max_items: int | None = None
    max_chars: int | None = None

    @property
    def dense(self) -> bool:
        return self.density > 0


TIGHTEST = 3
# Tried in order until the page fits: tighter spacing, smaller type, only then fewer and
# shorter entries, in small steps so the page ends up full rather than cut short.
FITS = [
    *(Fit(density) for density in range(TIGHTEST + 1)),
    *(
        Fit(TIGHTEST, max_items=items, max_chars=chars)
        for items, chars in [
            (20, 600),
            (12, 480),
            (8, 400),
            (6, 300),
            (5, 240),
            (4, 190),
            (3, 140),
            (2, 100),
        ]
    ),
]


@dataclass
class OnePager:
    team_name: str
    plan_name: str
    version_label: str  # "v3" for a publication, "Draft" for the live draft
    stamped_at: datetime
    snapshot: dict
    accountable: list[tuple[str, str | None]] = field(default_factory=list)
    growth: dict | None = None
    numbers: Numbers | None = None
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    paper: str = "a4"
    fit: Fit = field(default_factory=Fit)
    shortened: list[str] = field(default_factory=list)

    def shows(self, section: str) -> bool:
        return section in self.sections

    def blocks(self, block: str, lead_first: bool = False) -> list[tuple[Section, Any]]:
        """The plan sections a block prints with their values, in page order; the page puts
        a "lead" section (the North Star) on top."""
        sections = on_one_pager(block)
        if lead_first:
            sections.sort(key=lambda section: section.style != "lead")
        return [(section, read(self.snapshot, section)) for section in sections]

    @staticmethod
    def north_star_line(star: dict) -> str:
        """ "Weekly checkouts: 182,000 → 240,000 checkouts, by 2027-06-30", or "" if unset."""
        if not star.get("name"):
            return ""
        text = star["name"]
        if star.get("current") or star.get("target"):
            unit = star.get("unit") or ""
            current = _amount(star.get("current"), unit)
            text += f": {current} → {_amount(star.get('target'), unit)}"
        if star.get("by_when"):
            text += f", by {star['by_when']}"
        return text

    @property
    def footer(self) -> str:
        return f"{self.plan_name} · {self.version_label} · {format_date(self.stamped_at)}"


class _Trimmer:
    """Applies one Fit to the snapshot and notes every cut in human words."""

    def __init__(self, fit: Fit):
        self.fit = fit
        self.notes: list[str] = []

    def text(self, value: str, label: str) -> str:
        limit = self.fit.max_chars
        value = value or ""
        if limit is None or len(value) <= limit:
            return value
        if f"{label} (shortened)" not in self.notes:
            self.notes.append(f"{label} (shortened)")
        return value[: limit - 1].rsplit(" ", 1)[0] + "…"

    def items(self, values: list, label: str) -> list:
        limit = self.fit.max_items
        if limit is None or len(values) <= limit:
            return list(values)
        self.notes.append(f"{label} ({limit} of {len(values)} shown)")
        return list(values[:limit])


def apply_fit(one_pager: OnePager, fit: Fit) -> OnePager:
    """A copy of the one-pager cut down to `fit`, with `shortened` listing what was cut
    (who is accountable for each area is always there in full)."""
    trim = _Trimmer(fit)
    trimmed = copy.deepcopy(one_pager.snapshot)
    for section in PLAN_SECTIONS:
        if section.one_pager:
            value = read(one_pager.snapshot, section)
            place(trimmed, section, _fitted(section, value, trim))
    numbers = one_pager.numbers
    if numbers is not None:
        numbers = replace(numbers, kpis=trim.items(numbers.kpis, "KPIs"))
    return replace(one_pager, snapshot=trimmed, numbers=numbers, fit=fit, shortened=trim.notes)


def _fitted(section: Section, value: Any, trim: _Trimmer) -> Any:
    """One section cut down: texts shortened, lists and rows cut (per group for horizons).
    A lead section (the vision, the North Star) is what the page is for: never cut."""
    if section.style == "lead":
        return value
    if section.shape == "text":
        return trim.text(value, section.title)
    if section.shape == "list":
        return trim.items(value, section.title)
    if section.shape != "rows":
        return value  # the North Star and the positioning sentence are short already
    kind = ROW_KINDS[section.row_kind]
    if section.layout == "horizons":
        block = SECTIONS[section.one_pager]
        return [
            row
            for choice, _, rows in row_groups(kind, value)
            for row in trim.items(rows, f"{block}, {choice}")
        ]
    texts = [column for column in kind.detail_columns if column.widget == "textarea"]

    def shortened(row: dict) -> dict:
        cut = {
            c.name: trim.text(row.get(c.name, ""), f"{kind.label} {c.label.lower()}") for c in texts
        }
        return {**row, **cut}

    return [shortened(row) for row in trim.items(value, section.title)]


def _amount(value: str | None, unit: str) -> str:
    """ "182000" + "checkouts" → "182,000 checkouts"; short units stick: "61" + "%" → "61%"."""
    value = (value or "?").strip()
    with contextlib.suppress(ValueError):  # not a number: shown as written
        value = f"{float(value.replace(',', '')):,.10g}"
    if not unit:
        return value
    return f"{value}{unit}" if len(unit) <= 2 else f"{value} {unit}"


# -- Estimating, without laying it out, how much of a page a one-pager fills ------------------
# A model of one-pager.css, calibrated per section kind against WeasyPrint's layouts of the test
# and bench plans: text in columns of a width (in characters of the normal type, on A4), lines
# of the fit's type size and line height, a few lines per heading or box. Sections that print
# nothing take no room. The fitter starts from it, so only the last steps are laid out; the
# page shows its guess until the fit found by laying out is stored.
_FONT_PT = {0: 9.5, 1: 9.5, 2: 8.6, 3: 8.0}
_LINE_HEIGHT = {0: 1.38, 1: 1.3, 2: 1.26, 3: 1.22}
_PAGE_PT = {"a4": (297 - 24) * 72 / 25.4, "letter": (279.4 - 24) * 72 / 25.4}
_TEXT_PT = {"a4": (210 - 26) * 72 / 25.4, "letter": (215.9 - 26) * 72 / 25.4}
FULL, HALF, QUARTER, THIRD = 110, 56, 25, 34  # characters of 9.5pt type per line, on A4
HEAD = 3.5  # the heading, and the space between blocks (the footer prints in the page margin)
# How much of the lines counted the laid out page takes per density (the rest: margins the
# tighter spacing shrinks, lines shorter than the widths say), from the plans' layouts.
_PACKED = {0: 0.96, 1: 0.94, 2: 0.92, 3: 0.9}


class _Estimate:
    """Lines (of the fit's type) a one-pager takes; `lines(text, width)` wraps a text."""

    def __init__(self, one_pager: OnePager):
        density = one_pager.fit.density
        self.font = _FONT_PT[density]
        self.line_height = _LINE_HEIGHT[density]
        self.scale = 9.5 / self.font * _TEXT_PT[one_pager.paper] / _TEXT_PT["a4"]
        self.boxes_paired = self._boxes_paired(one_pager.paper)

    def lines(self, text: str | None, width: int, size: float = 1.0) -> int:
        """The lines `text` wraps to at `width`, in `size` times the normal type."""
        per_line = max(1, int(width * self.scale / size))
        return max(1, math.ceil(len(text or "") / per_line))

    def _boxes_paired(self, paper: str) -> bool | None:
        """Whether the board's boxes (`flex: 1 1 45%`, their padding and border on top) sit two
        by two in their column; None when it is too close to call (WeasyPrint then pairs some,
        by their content). Paired on Letter in the tightest type; too close on A4 in the
        tightest and on Letter in the next; else one under another."""
        em = self.font
        column = (_TEXT_PT[paper] - 1.4 * em) / 2
        spare = column - 2 * (0.45 * column + 2 * 0.55 * em + 2 * 0.75) - 0.5 * em
        return True if spare >= 1.5 else None if spare >= 0 else False


def estimated_pages(one_pager: OnePager) -> float:
    """How many pages the one-pager (as fitted) about takes: cheap, no layout."""
    est = _Estimate(one_pager)
    op = one_pager
    lines = HEAD
    if op.shows("vision"):
        lines += sum(_estimated_section(est, s, v, FULL) for s, v in op.blocks("vision"))
    columns = []
    if op.shows("board"):
        columns.append(_estimated_board(est, op))
    if op.shows("strategy"):
        columns.append(
            2 + sum(_estimated_section(est, s, v, HALF) for s, v in op.blocks("strategy"))
        )
    lines += max(columns, default=0)
    if op.shows("roadmap"):
        lines += 2 + sum(_estimated_section(est, s, v, THIRD) for s, v in op.blocks("roadmap"))
    lines += max(_estimated_bottom(est, op), default=0)
    line_pt = est.font * est.line_height * _PACKED[op.fit.density]
    return lines * line_pt / _PAGE_PT[op.paper]


def _estimated_board(est: _Estimate, op: OnePager) -> float:
    """The board's height: its heading, and its boxes two by two or one under another (the
    taller of the two when either may be)."""
    stacked = [_estimated_section(est, s, v, HALF) + 0.4 for s, v in op.blocks("board")]
    paired = [_estimated_section(est, s, v, QUARTER) + 0.4 for s, v in op.blocks("board")]
    two_by_two = sum(max(paired[n : n + 2]) for n in range(0, len(paired), 2))
    heights = {True: [two_by_two], False: [sum(stacked)], None: [two_by_two, sum(stacked)]}
    return 2 + max(heights[est.boxes_paired], default=0)


def _estimated_section(est: _Estimate, section: Section, value: Any, width: int) -> float:
    if section.shape == "positioning":
        sentence = value.get("sentence")
        return est.lines(sentence, width - 6) + 0.7 if sentence else 0
    if section.shape == "north_star":
        line = OnePager.north_star_line(value)
        return est.lines(line, width) + 1.2 if line else 0
    if section.shape == "list":
        return 1.8 + sum(est.lines(item, width - 4) + 0.15 for item in value or [""])
    if section.shape == "rows":
        kind = ROW_KINDS[section.row_kind]
        if section.layout == "horizons":
            groups = [rows for _, _, rows in row_groups(kind, value)]
            return 1.5 + max(
                (_estimated_rows(est, kind, rows, width) for rows in groups), default=0
            )
        box = 2 if section.style == "box" else 0
        return box + (_estimated_rows(est, kind, value, width) if value else 1)
    if section.style == "lead":  # larger type: 1.45em, line height 1.3
        return est.lines(value, width, size=1.45) * 1.45 * 1.3 / est.line_height
    if section.style == "inline":
        return est.lines(value, width) + 0.3 if value else 0
    return est.lines(value, width - 3) + 1.8


def _estimated_rows(est: _Estimate, kind, rows: list[dict], width: int) -> float:
    return sum(
        est.lines(row.get(kind.title_column), width - 3)
        + sum(est.lines(row.get(c.name), width - 3) for c in kind.detail_columns if row.get(c.name))
        + 0.25
        for row in rows
    )


def _estimated_bottom(est: _Estimate, op: OnePager) -> list[float]:
    """The heights of the bottom row's columns (who is accountable, growth, numbers)."""
    columns = []
    if op.shows("responsibilities"):
        columns.append(2 + sum(est.lines(area, HALF // 2) for area, _ in op.accountable))
    if op.shows("growth") and op.growth:
        columns.append(3 + est.lines(", ".join(op.growth.get("skills", [])), HALF))
    if op.shows("numbers") and op.numbers:
        columns.append(3 + 2 * len(op.numbers.kpis))
    return columns


# The estimate is within a few per cent of the layout, and a page filled to its last line can
# still break onto a second one: a fit is taken to fit when the estimate leaves this much room.
FILLED = 0.98


def estimated_step(one_pager: OnePager, pages: float = FILLED) -> int:
    """The index in FITS of the first fit that the estimate puts within `pages` pages (the
    tightest one when none is); a bisection, as each step takes less room than the one before."""
    steps = range(len(FITS) - 1)
    return bisect.bisect_left(
        steps, True, key=lambda step: estimated_pages(apply_fit(one_pager, FITS[step])) <= pages
    )
