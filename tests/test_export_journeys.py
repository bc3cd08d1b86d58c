"""Browser journeys for the one-pager: download, share, open signed out, revoke."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser import assert_accessible
from tests.export_world import log_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_leader_downloads_shares_and_revokes(browser, live_server, demo):
    leader = browser.new_context(accept_downloads=True).new_page()
    log_in(leader, live_server, "maya@example.com")
    leader.goto(f"{live_server}/t/checkout-payments/")
    leader.get_by_role("navigation", name="Checkout & Payments").get_by_role(
        "link", name="One-pager"
    ).click()
    expect(leader.locator(".op-statement")).to_contain_text(demo["snapshot"]["vision"][:30])
    assert_accessible(leader)

    with leader.expect_download() as download:
        leader.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(reader.pages) == 1

    ARTIFACTS.mkdir(exist_ok=True)
    leader.emulate_media(media="print")
    leader.screenshot(path=str(ARTIFACTS / "one-pager-print.png"), full_page=True)
    expect(leader.locator(".site-header")).to_be_hidden()
    leader.emulate_media(media="screen")

    leader.get_by_role("link", name="Share links").click()
    leader.get_by_label("Label").fill("Investors, Q1 update")
    leader.get_by_label("Team growth focus").uncheck()
    leader.get_by_label("Numbers: budget and KPIs").check()  # the investor variant
    leader.get_by_role("button", name="Create share link").click()
    link = leader.get_by_label("Share link").input_value()
    assert "/s/" in link
    assert_accessible(leader)

    stranger = browser.new_context().new_page()
    response = stranger.goto(link)
    assert response.status == 200
    expect(stranger.locator(".op-statement")).to_contain_text(demo["snapshot"]["vision"][:30])
    expect(stranger.get_by_text("Team growth focus")).to_have_count(0)
    expect(stranger.locator(".op-budget")).to_contain_text("projected")
    expect(stranger.locator(".op-kpis")).to_contain_text("Off track")
    assert stranger.locator("a").count() == 0
    assert_accessible(stranger)

    leader.reload()
    views = leader.locator("tbody tr").first.locator("td").nth(3)
    expect(views).to_have_text(re.compile(r"^1 \(last "))  # one view, just now
    leader.once("dialog", lambda dialog: dialog.dismiss())
    leader.get_by_role("button", name="Revoke").click()
    assert stranger.reload().status == 200  # "Cancel" changed nothing
    leader.once("dialog", lambda dialog: dialog.accept())
    leader.get_by_role("button", name="Revoke").click()
    expect(leader.get_by_text("The share link no longer works.")).to_be_visible()
    assert stranger.reload().status == 404


def test_one_pager_on_a_phone_has_no_sideways_scroll(browser, live_server, demo):
    page = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    log_in(page, live_server, "jonas@example.com")
    page.goto(f"{live_server}/t/checkout-payments/one-pager")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
