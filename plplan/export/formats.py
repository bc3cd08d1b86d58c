"""The one-pager as a standalone HTML document, a one-page PDF, and Markdown.

WeasyPrint (some 55 MiB) is imported on the first layout, not when the app starts.
"""

import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app, render_template
from flask_babel import gettext

from plplan.export.content import (
    FITS,
    PAPERS,
    SECTIONS,
    Fit,
    OnePager,
    apply_fit,
    estimated_pages,
    estimated_step,
)
from plplan.formatting import format_date, lazy_gettext
from plplan.vision.parts import FIELDS, ROW_KINDS, Section, row_groups

if TYPE_CHECKING:
    import weasyprint

MAX_LAYOUTS = 3  # the most documents one fitting lays out
# Fits the estimate puts over this many pages are taken to never fit (on the plans tried, it
# was at most 9 % over for the fits that did).
COULD_FIT_PAGES = 1.15
DOES_NOT_FIT = lazy_gettext("Some content still does not fit; see the Markdown version")
# Documents laid out by this process (tests and the bench read it).
layouts = Counter()


def document_html(one_pager: OnePager, pdf_url: str | None = None, styled: bool = True) -> str:
    """A self-contained page (styles inlined): what the PDF, print and share links show.
    `pdf_url` adds a download link on screen (a share link's page); it never prints.
    `styled=False` leaves out the stylesheet (the PDF's layout brings it parsed)."""
    return render_template(
        "export/document.html",
        op=one_pager,
        css=_stylesheet_text() if styled else "",
        paper_size=PAPERS[one_pager.paper],
        sections=SECTIONS,
        pdf_url=pdf_url,
    )


def _stylesheet_text() -> str:
    return (Path(current_app.static_folder) / "css" / "one-pager.css").read_text()


# WeasyPrint's font configuration and the one-pager's parsed stylesheet, made once per thread
# (Pango's font map is not to be shared between threads): neither is data, and making them
# anew took a tenth of each layout.
_tools = threading.local()


def layout(one_pager: OnePager) -> "weasyprint.Document":
    """The one-pager laid out by WeasyPrint."""
    import weasyprint  # noqa: PLC0415 (heavy: only once a layout is needed)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 (as weasyprint)

    if not hasattr(_tools, "fonts"):
        _tools.fonts = FontConfiguration()
        _tools.stylesheet = weasyprint.CSS(string=_stylesheet_text(), font_config=_tools.fonts)
    layouts["documents"] += 1
    html = weasyprint.HTML(string=document_html(one_pager, styled=False))
    return html.render(font_config=_tools.fonts, stylesheets=[_tools.stylesheet])


def estimated_fit(one_pager: OnePager) -> OnePager:
    """The one-pager fitted by the estimate alone (no layout): close to what fitting finds."""
    return apply_fit(one_pager, FITS[estimated_step(one_pager)])


def fitted(one_pager: OnePager, fit: Fit, fits_one_page: bool) -> OnePager:
    """The one-pager cut to `fit`; when even that does not fit, `shortened` says so."""
    candidate = apply_fit(one_pager, fit)
    if not fits_one_page:
        candidate.shortened.append(str(DOES_NOT_FIT))
    return candidate


def fit_to_page(one_pager: OnePager) -> tuple[OnePager, bool, "weasyprint.Document"]:
    """(the fullest version of the one-pager that fits on one page, whether it does, and its
    layout), in at most MAX_LAYOUTS layouts, most often one.

    Tighter spacing and smaller type come first; only then are lists and long texts cut,
    and each cut is listed in `shortened` (which the app shows the leader; the page does not).
    The estimate rules out the fits that could never do and names the one laid out first;
    that layout tells how far off the estimate is for this content, and only when the estimate
    so corrected says another fit would do (fuller, or tighter as this one runs over) is that
    one laid out.
    """
    low, high = estimated_step(one_pager, COULD_FIT_PAGES), len(FITS) - 1
    step = max(low, estimated_step(one_pager))
    best = tightest = None
    for attempt in range(1, MAX_LAYOUTS + 1):
        candidate = apply_fit(one_pager, FITS[step])
        tightest = candidate, layout(candidate)
        if len(tightest[1].pages) == 1:
            best, high = tightest, step - 1
        else:
            low = step + 1
        if low > high:
            break
        scale = filled_pages(tightest[1]) / estimated_pages(candidate)
        guess = estimated_step(one_pager, 1 / scale)
        if best is tightest and guess >= step:
            break  # a fuller fit would run over
        # The last layout, with nothing fitting yet, tries the tightest fit left.
        step = high if attempt == MAX_LAYOUTS - 1 and best is None else min(max(guess, low), high)
    if best is not None:
        return best[0], True, best[1]
    candidate, document = tightest
    candidate.shortened.append(str(DOES_NOT_FIT))
    return candidate, False, document


def filled_pages(document: "weasyprint.Document") -> float:
    """How many pages the laid out text fills: every page but the last, and the last down to
    its lowest line (the page's boxes stretch to its foot; its lines do not). Reads WeasyPrint's
    page boxes, which are not its public API: tests/test_export_fit.py holds it to the result."""
    from weasyprint.formatting_structure.boxes import LineBox  # noqa: PLC0415 (laid out: loaded)

    def lowest(box) -> float:
        if isinstance(box, LineBox):
            return box.position_y + box.margin_height()
        return max((lowest(child) for child in getattr(box, "children", ())), default=0.0)

    page = document.pages[-1]._page_box
    text = page.children[0]  # the root element's box; the next ones are margin boxes
    used = max(lowest(text) - page.content_box_y(), 1.0)
    return len(document.pages) - 1 + used / page.height


def pdf_bytes(document: "weasyprint.Document") -> bytes:
    """The PDF of a laid out one-pager: selectable text, title and author metadata."""
    return document.write_pdf()


# What a Markdown renderer would turn into markup: HTML tags and entities (as entities), links,
# images and table cells (backslash-escaped, and so the backslash itself).
_MARKDOWN_ESCAPES = str.maketrans(
    {"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)


def _line(text: str | None) -> str:
    """User text as one Markdown line: whitespace collapsed, shown as typed, never as markup."""
    return " ".join((text or "").split()).translate(_MARKDOWN_ESCAPES)


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
    lines = "\n".join(f"- {_line(item)}" for item in items) or gettext("_None yet._")
    return [f"### {title}", lines]


def _md_plan(block: str, heading: str):
    """The Markdown of a block of plan sections, each in page order."""

    def write(op: OnePager) -> list[str]:
        blocks = [f"## {heading}"]
        for section, value in op.blocks(block):
            blocks.extend(_md_section(section, value))
        return blocks

    return write


def _md_section(section: Section, value) -> list[str]:
    if section.shape == "positioning":
        return [f"> {_line(value['sentence'])}" if value.get("sentence") else ""]
    if section.shape == "north_star":
        line = OnePager.north_star_line(value)
        return [gettext("**North Star:** %(line)s", line=_line(line)) if line else ""]
    if section.shape == "list":
        return _bullets(section.title, value)
    if section.shape == "rows":
        return _md_rows(section, ROW_KINDS[section.row_kind], value)
    if section.style == "lead":
        missing = FIELDS[section.fields[0]].label.lower()
        return [_line(value) or gettext("_No %(missing)s yet._", missing=missing)]
    if section.style == "inline":
        return [f"**{section.title}:** {_line(value)}" if value else ""]
    return [f"**{section.title}:** {_line(value) or '—'}"]


def _md_rows(section: Section, kind, rows: list[dict]) -> list[str]:
    if section.layout == "horizons":
        blocks = []
        for _, label, grouped in row_groups(kind, rows):
            blocks.extend(_bullets(label, [_grouped_line(kind, row) for row in grouped]))
        return blocks
    lines = "\n".join(
        f"{n}. {_numbered_line(kind, row)}" for n, row in enumerate(rows, 1)
    ) or gettext("_No %(missing)s yet._", missing=kind.many.lower())
    return [f"### {section.title}", lines] if section.style == "box" else [lines]


def _numbered_line(kind, row: dict) -> str:
    """ "**Mobile first** — Two thirds of our checkouts... *(moves: Mobile conversion)*" """
    texts = [_line(row.get(c.name)) for c in kind.detail_columns if c.widget == "textarea"]
    notes = [
        f" *({c.read_label.lower()}: {_line(row[c.name])})*"
        for c in kind.detail_columns
        if c.widget != "textarea" and row.get(c.name)
    ]
    return f"**{_line(row.get(kind.title_column))}** — {' '.join(texts)}{''.join(notes)}"


def _grouped_line(kind, row: dict) -> str:
    """ "**Self-serve onboarding** — goal: Grow revenue; metric: Activation rate" """
    details = [
        f"{c.read_label.lower()}: {_line(row.get(c.name)) or '—'}" for c in kind.detail_columns
    ]
    return f"**{_line(row.get(kind.title_column))}** — {'; '.join(details)}"


def _md_responsibilities(op: OnePager) -> list[str]:
    rows = [
        f"| {_line(area)} | {_line(person) or gettext('— (no owner)')} |"
        for area, person in op.accountable
    ]
    head = gettext("| Area | Accountable |")
    return [f"## {SECTIONS['responsibilities']}", "\n".join([head, "|---|---|", *rows])]


def _md_growth(op: OnePager) -> list[str]:
    if not op.growth:
        return []
    skills = ", ".join(_line(skill) for skill in op.growth.get("skills", [])) or "—"
    on_track, open_goals = op.growth.get("on_track", 0), op.growth.get("open_goals", 0)
    return [
        f"## {SECTIONS['growth']}",
        gettext(
            "Skills being grown: %(skills)s.\n%(on_track)d of %(open_goals)d open goals on track.",
            skills=skills,
            on_track=on_track,
            open_goals=open_goals,
        ),
    ]


def _md_numbers(op: OnePager) -> list[str]:
    if not op.numbers:
        return []
    blocks = [gettext("## Numbers\n\n*As of %(day)s*", day=format_date(op.numbers.on))]
    total = op.numbers.budget
    if total:
        blocks.append(
            gettext(
                "Budget %(plan)s for the year · projected %(projection)s (%(variance)s)",
                plan=total.plan,
                projection=total.projection,
                variance=total.variance,
            )
        )
    rows = [
        f"| {_line(k.name)} | {_line(k.goal) or '—'} | {_line(k.text)} | {k.reading.label} |"
        for k in op.numbers.kpis
    ]
    if rows:
        head = gettext("| KPI | For | Latest | Health |")
        blocks.append("\n".join([head, "|---|---|---|---|", *rows]))
    return blocks


_MARKDOWN_SECTIONS = [
    ("vision", _md_plan("vision", lazy_gettext("Vision"))),
    ("board", _md_plan("board", lazy_gettext("Vision board"))),
    ("strategy", _md_plan("strategy", lazy_gettext("Strategy"))),
    ("roadmap", _md_plan("roadmap", lazy_gettext("Roadmap"))),
    ("responsibilities", _md_responsibilities),
    ("growth", _md_growth),
    ("numbers", _md_numbers),
]
