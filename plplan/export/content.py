"""What goes on a one-pager, and how it is shortened to fit a single page.

A one-pager is built from plain data: a plan snapshot (the dict the vision module publishes),
who is accountable for each responsibility area, and the team's growth focus. Fitting
shortens lists and long texts step by step and remembers what it cut, so the page can say so
instead of spilling silently onto a second page.
"""

import contextlib
from dataclasses import dataclass, field, replace
from datetime import datetime

from plplan.formatting import format_date

SECTIONS = {
    "vision": "Vision, mission and positioning",
    "board": "Vision board",
    "strategy": "Strategy and North Star",
    "roadmap": "Roadmap",
    "responsibilities": "Who is accountable",
    "growth": "Team growth focus",
}
DEFAULT_SECTIONS = tuple(SECTIONS)
PAPERS = {"a4": "A4", "letter": "Letter"}


@dataclass(frozen=True)
class Fit:
    """How hard to squeeze: `None` limits mean nothing is cut."""

    dense: bool = False
    max_items: int | None = None
    max_chars: int | None = None


# Tried in order until the page fits: first smaller type, then fewer and shorter entries.
FITS = [
    Fit(),
    Fit(dense=True),
    Fit(dense=True, max_items=6, max_chars=360),
    Fit(dense=True, max_items=5, max_chars=260),
    Fit(dense=True, max_items=4, max_chars=190),
    Fit(dense=True, max_items=3, max_chars=140),
    Fit(dense=True, max_items=2, max_chars=100),
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
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    paper: str = "a4"
    fit: Fit = field(default_factory=Fit)
    shortened: list[str] = field(default_factory=list)

    def shows(self, section: str) -> bool:
        return section in self.sections

    @property
    def north_star(self) -> str:
        """ "Weekly checkouts: 182,000 → 240,000 checkouts, by 2027-06-30", or "" if unset."""
        star = self.snapshot.get("strategy", {}).get("north_star") or {}
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
    """A copy of the one-pager cut down to `fit`, with `shortened` listing what was cut."""
    trim = _Trimmer(fit)
    snap = one_pager.snapshot
    board = snap.get("board", {})
    strategy = snap.get("strategy", {})
    trimmed = {
        **snap,
        "vision": trim.text(snap.get("vision", ""), "Vision"),
        "mission": trim.text(snap.get("mission", ""), "Mission"),
        "board": {
            "target_group": trim.text(board.get("target_group", ""), "Target group"),
            "needs": trim.items(board.get("needs", []), "Needs"),
            "product": trim.items(board.get("product", []), "Product"),
            "business_goals": trim.items(board.get("business_goals", []), "Business goals"),
        },
        "strategy": {
            **strategy,
            "pillars": [
                {**p, "rationale": trim.text(p.get("rationale", ""), "Pillar rationales")}
                for p in trim.items(strategy.get("pillars", []), "Strategic pillars")
            ],
            "non_goals": trim.text(strategy.get("non_goals", ""), "Non-goals"),
        },
        "roadmap": [
            theme
            for horizon in ("now", "next", "later")
            for theme in trim.items(
                [t for t in snap.get("roadmap", []) if t.get("horizon") == horizon],
                f"Roadmap, {horizon}",
            )
        ],
    }
    accountable = trim.items(one_pager.accountable, "Responsibility areas")
    return replace(
        one_pager, snapshot=trimmed, accountable=accountable, fit=fit, shortened=trim.notes
    )


def _amount(value: str | None, unit: str) -> str:
    """ "182000" + "checkouts" → "182,000 checkouts"; short units stick: "61" + "%" → "61%"."""
    value = (value or "?").strip()
    with contextlib.suppress(ValueError):  # not a number: shown as written
        value = f"{float(value.replace(',', '')):,.10g}"
    if not unit:
        return value
    return f"{value}{unit}" if len(unit) <= 2 else f"{value} {unit}"


def roadmap_by_horizon(snapshot: dict) -> dict[str, list[dict]]:
    horizons = {"now": [], "next": [], "later": []}
    for theme in snapshot.get("roadmap", []):
        horizons.setdefault(theme.get("horizon", "later"), []).append(theme)
    return horizons
