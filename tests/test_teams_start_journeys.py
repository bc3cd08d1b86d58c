"""Browser journey: a new user goes from sign-up to a shared link through the getting-started
steps, using only what the screens offer; the time it takes is printed (`-s` shows it)."""

import re
import threading
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from werkzeug.serving import make_server

from plplan.extensions import db
from plplan.models import Plan, User
from plplan.vision.services import add_item
from tests.browser import assert_accessible, wait_for_htmx
from tests.export_world import log_in

pytestmark = pytest.mark.browser
VISION = "Paying online should feel like handing over cash."


def test_a_new_user_reaches_a_shared_link_through_getting_started(browser, live_server):
    page = browser.new_context().new_page()
    started = time.monotonic()
    page.goto(f"{live_server}/auth/register")
    page.get_by_label("Your name").fill("Maya Chen")
    page.get_by_label("Email").fill("maya.start@example.com")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("link", name="New team").click()
    page.get_by_label("Team name").fill("Checkout")
    page.get_by_role("button", name="Create team").click()

    page.wait_for_url(f"{live_server}/t/checkout/")
    steps = page.get_by_role("region", name="Get Checkout started")
    expect(steps).to_contain_text("0 of 4 steps done")
    assert_accessible(page)
    steps.get_by_role("link", name="Draft the vision").click()
    page.get_by_label("Plan name").fill("Checkout 2027")
    page.get_by_role("button", name="Create plan").click()
    wait_for_htmx(page)
    vision = page.get_by_role("textbox", name="Vision statement", exact=True)
    vision.click()
    vision.press_sequentially(VISION, delay=5)
    expect(page.locator("#f-vision [data-save-state]")).to_have_text("Saved")

    page.get_by_role("link", name="Team home").click()
    expect(steps).to_contain_text("1 of 4 steps done")
    expect(steps.get_by_role("listitem").first).to_contain_text("(done)")
    page.get_by_role("link", name="Vision & strategy").click()
    page.locator("#publish summary").click()
    page.locator("#publish").get_by_role("button", name="Publish version 1").click()

    confirmation = page.get_by_role("region", name="Published version 1. Viewers see it now.")
    expect(confirmation).to_be_focused()
    assert_accessible(page)
    confirmation.get_by_role("button", name="Create a share link").click()
    expect(confirmation.get_by_role("status")).to_be_focused()  # the link, right there
    link = confirmation.get_by_label("Share link").input_value()
    elapsed = time.monotonic() - started
    print(f"\nsign-up to a shared link: {elapsed:.1f} s")  # the time the report quotes
    assert re.search(r"/s/[\w-]+$", link)

    recipient = browser.new_context().new_page()
    recipient.goto(link)
    expect(recipient.get_by_text(VISION)).to_be_visible()


def test_after_publishing_the_pdf_and_the_viewers_view_are_one_click_away(
    browser, live_server, demo, app
):
    with app.app_context():
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        add_item(db.session.get(Plan, demo["plan_id"]), "need", {"text": "Refunds in a day"}, maya)
        db.session.commit()
    page = browser.new_context().new_page()
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}/t/checkout-payments/plans/{demo['plan_id']}")
    page.locator("#publish summary").click()
    page.locator("#publish").get_by_role("button", name="Publish version").click()
    confirmation = page.locator("#published")
    expect(confirmation).to_be_focused()
    with page.expect_download() as download:
        confirmation.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    confirmation.get_by_role("link", name="See what viewers see").click()
    expect(page.get_by_text("This is the plan as viewers see it")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def demo_server(another_app, demo):
    """A demo server (PLPLAN_DEMO=true, as `make run` starts it) over real HTTP."""
    served = another_app(PLPLAN_DEMO=True)
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with served.app_context():
        db.engine.dispose()


def test_a_demo_server_signs_in_the_demo_people_from_its_own_hint(browser, demo_server):
    page = browser.new_context().new_page()
    page.goto(f"{demo_server}/auth/login")
    hint = page.get_by_role("region", name="Try the demo team")
    expect(hint).to_contain_text("elena@example.com")
    assert_accessible(page)
    page.get_by_label("Email").fill(hint.locator("code").nth(1).inner_text())
    page.get_by_label("Password").fill(hint.locator("code").first.inner_text())
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{demo_server}/t/checkout-payments/")


def test_after_publishing_a_share_link_is_made_and_copied_in_place(browser, live_server, demo):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, live_server, "maya@example.com")
    plan = f"{live_server}/t/checkout-payments/plans/{demo['plan_id']}"
    page.goto(f"{plan}?published=1")
    wait_for_htmx(page)
    confirmation = page.locator("#published")
    expect(confirmation).to_be_focused()
    expect(
        confirmation.get_by_role("link", name=re.compile("share links? already live"))
    ).to_have_count(0)
    confirmation.get_by_role("button", name="Create a share link").click()
    card = confirmation.get_by_role("status")
    expect(card).to_be_focused()
    expect(card).to_contain_text("Copy it now: it is shown only once.")
    assert page.url == f"{plan}?published=1"  # still on the plan, no page load
    link = card.get_by_label("Share link").input_value()
    assert re.search(r"/s/[\w-]+$", link)
    card.get_by_role("button", name="Copy").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert_accessible(page)

    page.reload()  # the address is shown once; the live link is counted and found where they are
    live = page.locator("#published").get_by_role("link", name="1 share link already live")
    live.click()
    expect(page.get_by_role("heading", name="Share the one-pager")).to_be_visible()
