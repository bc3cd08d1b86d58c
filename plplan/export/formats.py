"""The one-pager as a standalone HTML document, a one-page PDF, and Markdown."""

from functools import lru_cache
from pathlib import Path

import weasyprint
from flask import current_app, render_template

from plplan.export.content import FITS, PAPERS, SECTIONS, OnePager, apply_fit, roadmap_by_horizon


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


@lru_cache(maxsize=128)
def _page_count(html: str) -> int:
    # Cached by the exact HTML: the same plan is laid out once, not on every view.
    return len(weasyprint.HTML(string=html).render().pages)


def fit_to_page(one_pager: OnePager) -> OnePager:
    """The fullest version of the one-pager that fits on one page of its paper size.

    Smaller type comes first; only then are lists and long texts cut, and each cut is
    listed in `shortened` (which the page prints) instead of spilling onto a second page.
    """
    candidate = one_pager
    for fit in FITS:
        candidate = apply_fit(one_pager, fit)
        if _page_count(document_html(candidate)) == 1:
            return candidate
    candidate.shortened.append("Some content still does not fit; see the Markdown version")
    return candidate


def pdf_bytes(one_pager: OnePager) -> bytes:
    """The PDF of an already fitted one-pager: selectable text, title and author metadata."""
    return weasyprint.HTML(string=document_html(one_pager)).write_pdf()


def _line(text: str | None) -> str:
    """One Markdown line: whitespace collapsed, table pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def markdown(one_pager: OnePager) -> str:
    """The whole one-pager as Markdown, nothing shortened (for a wiki or a pull request)."""
    snap = one_pager.snapshot
    out = [f"# {_line(one_pager.plan_name)}", "", f"*{_line(one_pager.team_name)} · {one_pager.footer}*", ""]

    def section(title: str) -> None:
        out.extend([f"## {title}", ""])

    def bullets(title: str, items: list[str]) -> None:
        out.append(f"### {title}")
        out.append("")
        out.extend(f"- {_line(item)}" for item in items) if items else out.append("_None yet._")
        out.append("")

    if one_pager.shows("vision"):
        section("Vision")
        out.extend([_line(snap.get("vision")) or "_No vision statement yet._", ""])
        if snap.get("mission"):
            out.extend([f"**Mission:** {_line(snap['mission'])}", ""])
        sentence = snap.get("positioning", {}).get("sentence")
        if sentence:
            out.extend([f"> {_line(sentence)}", ""])
    if one_pager.shows("board"):
        board = snap.get("board", {})
        section("Vision board")
        out.extend([f"**Target group:** {_line(board.get('target_group')) or '—'}", ""])
        bullets("Needs", board.get("needs", []))
        bullets("Product", board.get("product", []))
        bullets("Business goals", board.get("business_goals", []))
    if one_pager.shows("strategy"):
        strategy = snap.get("strategy", {})
        section("Strategy")
        for n, pillar in enumerate(strategy.get("pillars", []), 1):
            metric = f" *(moves: {_line(pillar['metric'])})*" if pillar.get("metric") else ""
            out.append(f"{n}. **{_line(pillar['title'])}** — {_line(pillar.get('rationale'))}{metric}")
        out.append("")
        if one_pager.north_star:
            out.extend([f"**North Star:** {_line(one_pager.north_star)}", ""])
        if strategy.get("non_goals"):
            out.extend([f"**Non-goals:** {_line(strategy['non_goals'])}", ""])
    if one_pager.shows("roadmap"):
        section("Roadmap")
        for horizon, themes in roadmap_by_horizon(snap).items():
            bullets(
                horizon.capitalize(),
                [
                    f"**{t['title']}** — serves: {t.get('goal') or '—'}; metric: {t.get('metric') or '—'}"
                    for t in themes
                ],
            )
    if one_pager.shows("responsibilities"):
        section("Who is accountable")
        out.extend(["| Area | Accountable |", "|---|---|"])
        out.extend(f"| {_line(area)} | {_line(person) or '— (no owner)'} |" for area, person in one_pager.accountable)
        out.append("")
    if one_pager.shows("growth") and one_pager.growth:
        growth = one_pager.growth
        section("Team growth focus")
        skills = ", ".join(growth.get("skills", [])) or "—"
        out.extend(
            [
                f"Skills being grown: {skills}.",
                f"{growth.get('on_track', 0)} of {growth.get('open_goals', 0)} open goals on track.",
                "",
            ]
        )
    return "\n".join(out).rstrip() + "\n"

