"""Browser journeys: a leader sees what publishing would change, publishes, finds the
publication in the list and compares two; a share-link recipient downloads the PDF."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from plplan.export import services as export_services
from plplan.extensions import db
from plplan.models import Plan, User
from plplan.vision.services import add_item
from tests.browser import assert_accessible
from tests.export_world import log_in

pytestmark = pytest.mark.browser
NEED = "Finance teams cannot explain refund delays"


def test_leader_reviews_publishes_and_compares(browser, live_server, demo, app):
    with app.app_context():
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        add_item(db.session.get(Plan, demo["plan_id"]), "need", {"text": NEED}, maya)
        db.session.commit()
    page = browser.new_context().new_page()
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}/t/checkout-payments/plans/{demo['plan_id']}")
    page.locator("#publish summary").click()
    page.get_by_role("link", name="What changes if I publish now").click()
    expect(page.get_by_role("heading", name="What changes if you publish now")).to_be_visible()
    expect(page.locator(".diff-part ins", has_text=NEED)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to publish").click()
    page.locator("#publish summary").click()
    page.locator("#publish").get_by_role("textbox").fill("Refund delays are a need now")
    page.locator("#publish").get_by_role("button", name="Publish version").click()
    expect(page.get_by_text("Viewers see it now.")).to_be_visible()

    page.get_by_role("link", name="Publications").click()
    newest = page.locator(".publication").first
    expect(newest).to_contain_text("Refund delays are a need now")
    expect(newest).to_contain_text("published by Maya")
    assert_accessible(page)
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="What changed from version")).to_be_visible()
    expect(page.locator(".diff-part ins", has_text=NEED)).to_be_visible()
    assert_accessible(page)


def test_share_link_recipient_downloads_the_pdf(browser, live_server, demo, app):
    with app.app_context():
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        plan = db.session.get(Plan, demo["plan_id"])
        _, token = export_services.create_share_link(
            plan.team,
            plan,
            source="published",
            sections=["vision", "strategy", "responsibilities"],
            paper="a4",
            days=7,
            label="Investors",
            creator=maya,
        )
        db.session.commit()
    stranger = browser.new_context(accept_downloads=True).new_page()
    stranger.goto(f"{live_server}/s/{token}")
    assert_accessible(stranger)
    with stranger.expect_download() as download:
        stranger.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert " ".join(demo["snapshot"]["vision"].split()) in text
