"""The one-pager as a standalone HTML document, a one-page PDF, and Markdown."""

from functools import lru_cache
from pathlib import Path

import weasyprint
from flask import current_app, render_template

from plplan.export.content import FITS, PAPERS, SECTIONS, OnePager, apply_fit, roadmap_by_horizon
from plplan.formatting import format_date


@lru_cache(maxsize=4)
def _stylesheet(static_folder: str) -> str:
    return (Path(static_folder) / "css" / "one-pager.css").read_text()


def document_html(one_pager: OnePager) -> str:
    """A self-contained page (styles inlined): what the PDF, print and share links show."""
    return render_template(
        "export/document.html",
        op=one_pager,
        css=_stylesheet(current_app.static_folder),
        paper_size=PAPERS[one_pager.paper],
        sections=SECTIONS,
        horizons=roadmap_by_horizon(one_pager.snapshot),
    )


@lru_cache(maxsize=8)
def _layout(html: str) -> weasyprint.Document:
    # Cached by the exact HTML: the same one-pager is laid out once, not on every view.
    return weasyprint.HTML(string=html).render()


def fit_to_page(one_pager: OnePager) -> OnePager:
    """The fullest version of the one-pager that fits on one page of its paper size.

    Smaller type comes first; only then are lists and long texts cut, and each cut is
    listed in `shortened` (which the page prints) instead of spilling onto a second page.
    """
    candidate = one_pager
    for fit in FITS:
        candidate = apply_fit(one_pager, fit)
        if len(_layout(document_html(candidate)).pages) == 1:
            return candidate
    candidate.shortened.append("Some content still does not fit; see the Markdown version")
    return candidate


def pdf_bytes(one_pager: OnePager) -> bytes:
    """The PDF of an already fitted one-pager: selectable text, title and author metadata."""
    return _layout(document_html(one_pager)).write_pdf()


def _line(text: str | None) -> str:
    """One Markdown line: whitespace collapsed, table pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def markdown(one_pager: OnePager) -> str:
    """The whole one-pager as Markdown, nothing shortened (for a wiki or a pull request)."""
    blocks = [
        f"# {_line(one_pager.plan_name)}",
        f"*{_line(one_pager.team_name)} · {one_pager.version_label} · "
        f"{format_date(one_pager.stamped_at)}*",
    ]
    for section, write in _MARKDOWN_SECTIONS:
        if one_pager.shows(section):
            blocks.extend(write(one_pager))
    return "\n\n".join(block for block in blocks if block) + "\n"


def _bullets(title: str, items: list[str]) -> list[str]:
    lines = "\n".join(f"- {_line(item)}" for item in items) or "_None yet._"
    return [f"### {title}", lines]


def _md_vision(op: OnePager) -> list[str]:
    snap = op.snapshot
    sentence = snap.get("positioning", {}).get("sentence")
    return [
        "## Vision",
        _line(snap.get("vision")) or "_No vision statement yet._",
        f"**Mission:** {_line(snap['mission'])}" if snap.get("mission") else "",
        f"> {_line(sentence)}" if sentence else "",
    ]


def _md_board(op: OnePager) -> list[str]:
    board = op.snapshot.get("board", {})
    return [
        "## Vision board",
        f"**Target group:** {_line(board.get('target_group')) or '—'}",
        *_bullets("Needs", board.get("needs", [])),
        *_bullets("Product", board.get("product", [])),
        *_bullets("Business goals", board.get("business_goals", [])),
    ]


def _md_strategy(op: OnePager) -> list[str]:
    strategy = op.snapshot.get("strategy", {})
    pillars = []
    for n, pillar in enumerate(strategy.get("pillars", []), 1):
        metric = f" *(moves: {_line(pillar['metric'])})*" if pillar.get("metric") else ""
        rationale = _line(pillar.get("rationale"))
        pillars.append(f"{n}. **{_line(pillar['title'])}** — {rationale}{metric}")
    non_goals = strategy.get("non_goals")
    return [
        "## Strategy",
        "\n".join(pillars) or "_No pillars yet._",
        f"**North Star:** {_line(op.north_star)}" if op.north_star else "",
        f"**Non-goals:** {_line(non_goals)}" if non_goals else "",
    ]


def _md_roadmap(op: OnePager) -> list[str]:
    blocks = ["## Roadmap"]
    for horizon, themes in roadmap_by_horizon(op.snapshot).items():
        blocks.extend(_bullets(horizon.capitalize(), [_roadmap_line(t) for t in themes]))
    return blocks


def _roadmap_line(theme: dict) -> str:
    goal, metric = theme.get("goal") or "—", theme.get("metric") or "—"
    return f"**{_line(theme['title'])}** — serves: {_line(goal)}; metric: {_line(metric)}"


def _md_responsibilities(op: OnePager) -> list[str]:
    rows = [
        f"| {_line(area)} | {_line(person) or '— (no owner)'} |" for area, person in op.accountable
    ]
    return ["## Who is accountable", "\n".join(["| Area | Accountable |", "|---|---|", *rows])]


def _md_growth(op: OnePager) -> list[str]:
    if not op.growth:
        return []
    skills = ", ".join(op.growth.get("skills", [])) or "—"
    on_track, open_goals = op.growth.get("on_track", 0), op.growth.get("open_goals", 0)
    return [
        "## Team growth focus",
        f"Skills being grown: {skills}.\n{on_track} of {open_goals} open goals on track.",
    ]


_MARKDOWN_SECTIONS = [
    ("vision", _md_vision),
    ("board", _md_board),
    ("strategy", _md_strategy),
    ("roadmap", _md_roadmap),
    ("responsibilities", _md_responsibilities),
    ("growth", _md_growth),
]
