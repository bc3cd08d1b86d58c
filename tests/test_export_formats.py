"""The one-pager's formats on realistic and over-long plans: one PDF page, full Markdown."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from plplan.export.content import DEFAULT_SECTIONS, OnePager
from plplan.export.formats import document_html, fit_to_page, markdown, pdf_bytes
from tests.onepager_data import (
    REALISTIC_ACCOUNTABLE,
    REALISTIC_GROWTH,
    REALISTIC_SNAPSHOT,
    overlong_snapshot,
)


def one_pager(snapshot=REALISTIC_SNAPSHOT, paper="a4", sections=DEFAULT_SECTIONS) -> OnePager:
    return OnePager(
        team_name="Checkout & Payments",
        plan_name=snapshot["name"],
        version_label="v3",
        stamped_at=datetime(2026, 11, 24, tzinfo=UTC),
        snapshot=snapshot,
        accountable=REALISTIC_ACCOUNTABLE,
        growth=REALISTIC_GROWTH,
        sections=sections,
        paper=paper,
    )


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_realistic_plan_fits_one_page_unshortened(ctx, paper):
    fitted, _, document = fit_to_page(one_pager(paper=paper))
    assert fitted.shortened == [] and not fitted.fit.dense
    reader, text = pdf_text(pdf_bytes(document))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "a4" else (612, 792))
    assert REALISTIC_SNAPSHOT["vision"] in text
    for pillar in REALISTIC_SNAPSHOT["strategy"]["pillars"]:
        assert pillar["title"] in text
    assert "Checkout 2027 · v3 · 24 Nov 2026" in text  # the version in the footer
    assert reader.metadata.title == "Checkout 2027 — Checkout & Payments"
    assert reader.metadata.author == "Checkout & Payments"


def test_overlong_plan_is_shortened_and_says_so(ctx):
    fitted, _, document = fit_to_page(one_pager(snapshot=overlong_snapshot()))
    reader, text = pdf_text(pdf_bytes(document))
    assert len(reader.pages) == 1
    assert fitted.shortened and "Needs (" in " ".join(fitted.shortened)
    # issue 11: the app tells the leader what was cut; the page executives receive does not
    assert "Shortened" not in text


def test_sections_left_out_are_not_rendered(ctx):
    html = document_html(fit_to_page(one_pager(sections=("vision", "strategy")))[0])
    assert "Team growth focus" not in html and "Who is accountable" not in html
    assert "Strategy" in html


def test_markdown_has_every_section_and_all_content():
    text = markdown(one_pager(snapshot=overlong_snapshot()))
    for heading in [
        "# Checkout 2027",
        "## Vision",
        "## Vision board",
        "### Needs",
        "### Product",
        "### Business goals",
        "## Strategy",
        "## Roadmap",
        "### Now",
        "### Next",
        "### Later",
        "## Who is accountable",
        "## Team growth focus",
    ]:
        assert f"\n{heading}\n" in f"\n{text}"
    assert text.count("- Shoppers abandon when asked") == 5  # nothing cut in Markdown
    assert "| Senior leadership and stakeholder communications | — (no owner) |" in text
    assert "**North Star:** Completed checkouts per week: 410k → 560k, by Dec 2027" in text


def test_user_text_is_escaped_in_the_document(ctx):
    snapshot = {**REALISTIC_SNAPSHOT, "vision": '<script>alert("x")</script>'}
    html = document_html(one_pager(snapshot=snapshot))
    assert "<script>" not in html and "&lt;script&gt;" in html
