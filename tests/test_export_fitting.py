"""Fitting a big plan on one page keeps what matters, and says what it cut only in the app;
share-link recipients download the PDF under the same token rules."""

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from plplan.export.content import DEFAULT_SECTIONS, FITS, OnePager
from plplan.export.formats import fit_to_page, layout, pdf_bytes
from plplan.extensions import db
from plplan.models import ShareLink, utcnow
from tests.export_world import SLUG, create_link, pdf_text, shared_path
from tests.onepager_data import (
    REALISTIC_ACCOUNTABLE,
    REALISTIC_GROWTH,
    REALISTIC_SNAPSHOT,
    overlong_snapshot,
)

OWNERS = [
    *REALISTIC_ACCOUNTABLE,
    ("Pricing", "Lena Fischer"),
    ("Partnerships", "Tomás Ruiz"),
    ("Security and compliance", "Ade Bello"),
]


def big_one_pager() -> OnePager:
    snapshot = overlong_snapshot()
    return OnePager(
        team_name="Checkout & Payments",
        plan_name=snapshot["name"],
        version_label="v3",
        stamped_at=datetime(2026, 11, 24, tzinfo=UTC),
        snapshot=snapshot,
        accountable=OWNERS,
        growth=REALISTIC_GROWTH,
    )


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_big_plan_is_one_page_with_every_owner_the_vision_and_the_north_star(ctx):
    page = big_one_pager()
    fitted, fits, document = fit_to_page(page)
    reader, text = pdf_text(pdf_bytes(document))
    assert fits and len(reader.pages) == 1
    assert fitted.accountable == OWNERS  # nothing cut from who is accountable
    for area, person in OWNERS:
        assert words(area) in text and (person or "No owner yet") in text
    assert words(page.snapshot["vision"]) in text  # the whole vision, not shortened
    assert "Completed checkouts per week: 410k → 560k, by Dec 2027" in text
    assert "Shortened" not in text and "shortened" not in text
    assert fitted.shortened  # the cuts are known, for the app to tell the leader


def test_type_and_spacing_shrink_before_anything_is_cut():
    cutting = [n for n, fit in enumerate(FITS) if fit.max_items or fit.max_chars]
    shrinking = [n for n, fit in enumerate(FITS) if fit.density and not fit.max_items]
    assert shrinking and cutting and max(shrinking) < min(cutting)
    assert FITS[0].density == 0 and FITS[0].max_items is None


def test_the_app_page_tells_the_leader_what_was_shortened(long_draft, signed_in, app):
    client = signed_in("maya@example.com")
    query = "?source=draft&chosen=1&paper=a4" + "".join(f"&sections={s}" for s in DEFAULT_SECTIONS)
    page = client.get(f"/t/{SLUG}/one-pager{query}").get_data(as_text=True)
    notice, one_pager = page.split('id="op-shortened"', 1)[1].split("<article", 1)
    assert "Shortened to fit one page:</strong> Needs (20 of 43 shown)" in notice
    assert "Shortened" not in one_pager
    pdf = client.get(f"/t/{SLUG}/one-pager.pdf{query}")
    reader, text = pdf_text(pdf.data)
    assert len(reader.pages) == 1 and "Shortened" not in text


def test_a_share_link_serves_its_pdf_until_revoked_or_expired(demo, signed_in, client, app):
    leader = signed_in("maya@example.com")
    path = shared_path(create_link(leader, demo["plan_id"], label="Investors"))
    page = client.get(path).get_data(as_text=True)
    assert f'<form class="op-download" method="get" action="{path}/one-pager.pdf">' in page
    response = client.get(f"{path}/one-pager.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{SLUG}_')
    reader, text = pdf_text(response.data)
    assert len(reader.pages) == 1 and words(demo["snapshot"]["vision"]) in text
    assert "Download PDF" not in text  # the button is for the screen only
    expired = shared_path(create_link(leader, demo["plan_id"], days="3"))
    with app.app_context():
        first, second = db.session.scalars(sa.select(ShareLink).order_by(ShareLink.id)).all()
        first_id, views = first.id, first.view_count
        second.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert views == 2  # the page and its PDF
    assert client.get(f"{expired}/one-pager.pdf").status_code == 404
    assert leader.post(f"/t/{SLUG}/share-links/{first_id}/revoke").status_code == 303
    assert client.get(f"{path}/one-pager.pdf").status_code == 404
    assert client.get("/s/not-a-token/one-pager.pdf").status_code == 404


def test_a_plan_a_little_too_long_fits_by_spacing_and_type_alone_with_nothing_cut(ctx):
    """Add needs until the plan at full spacing runs onto a second page: the fitter then
    tightens spacing and type and cuts nothing."""
    for extra in range(1, 13):
        snapshot = copy.deepcopy(REALISTIC_SNAPSHOT)
        snapshot["board"]["needs"] += [f"A further need, number {n}" for n in range(extra)]
        page = replace(big_one_pager(), snapshot=snapshot, accountable=REALISTIC_ACCOUNTABLE)
        if len(layout(page).pages) > 1:
            break
    else:
        pytest.fail("twelve more needs still fit at full spacing")
    fitted, fits, document = fit_to_page(page)
    assert fits and len(document.pages) == 1
    assert fitted.fit.density > 0 and fitted.fit.max_items is None and fitted.fit.max_chars is None
    assert fitted.shortened == []
    _, text = pdf_text(pdf_bytes(document))
    assert f"A further need, number {extra - 1}" in text
