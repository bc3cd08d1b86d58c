"""A person in Tokyo reads plplan's times in Tokyo time without choosing anything; on the
profile they pick another zone, and a name that is not a zone is refused next to the field."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_for_htmx

pytestmark = pytest.mark.browser


def test_times_follow_the_browsers_zone_then_the_one_chosen_on_the_profile(browser, live_server):
    page = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB").new_page()
    page.goto(f"{live_server}/auth/register")
    wait_for_htmx(page)
    page.get_by_label("Your name").fill("Aiko Sato")
    page.get_by_label("Email").fill("aiko@example.com")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{live_server}/home")
    page.get_by_role("link", name="New team").click()
    page.get_by_label("Team name").fill("Payments")
    page.get_by_role("button", name="Create team").click()
    page.wait_for_url(re.compile(r"/t/payments/"))

    page.goto(f"{live_server}/t/payments/")
    created = page.locator("ol.activity time").first
    expect(created).to_have_text("just now")
    expect(created).to_have_attribute("title", re.compile(r"^\d\d \w{3} \d{4}, \d\d:\d\d JST$"))

    page.goto(f"{live_server}/auth/profile")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.get_by_label("Time zone").fill("Atlantis/Capital")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#time_zone-error")).to_contain_text("not a time zone we know")
    expect(page.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/t/payments/")
    expect(page.locator("ol.activity time").first).to_have_attribute(
        "title", re.compile(r", \d\d:\d\d E[SD]T$")
    )
