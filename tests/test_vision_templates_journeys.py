"""Browser journey: a leader starts a plan from an example and finds it filled in."""

import pytest
from playwright.sync_api import expect

from tests import vision_world
from tests.browser import assert_accessible, wait_for_htmx

pytestmark = pytest.mark.browser
world = vision_world.world


def test_leader_starts_from_the_b2b_saas_example(browser, live_server, sign_in, world):
    page = browser.new_context().new_page()
    sign_in(page, live_server, world.person("leader"))
    page.goto(f"{live_server}/t/{world.slug}/plans")
    wait_for_htmx(page)
    start = page.get_by_role("group", name="Start from")
    expect(start.get_by_role("radio", name="A blank plan")).to_be_checked()
    assert_accessible(page)
    start.get_by_role("radio", name="B2B SaaS").check()
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", name="Ledgerly 2027", level=1)).to_be_visible()
    vision = page.get_by_role("textbox", name="Vision statement", exact=True)
    expect(vision).to_have_value(
        "Every finance team closes its books in a day, not a fortnight, "
        "and spends the time it wins on decisions."
    )
    expect(page.locator("#coach")).not_to_contain_text("Name the target group.")
    assert_accessible(page)


def test_an_empty_slot_shows_its_example_as_a_hint(browser, live_server, sign_in, world):
    page = browser.new_context().new_page()
    sign_in(page, live_server, world.person("leader"))
    page.goto(f"{live_server}/t/{world.slug}/plans")
    page.get_by_label("Plan name").fill("Blank 2028")
    page.get_by_role("button", name="Create plan").click()
    slot = page.get_by_role("textbox", name="For (target customer)")
    expect(slot).to_have_attribute("placeholder", "e.g. online shoppers")
    style = slot.evaluate(
        "el => { const s = getComputedStyle(el, '::placeholder'); return [s.fontStyle, s.color] }"
    )
    assert style == ["italic", "rgb(88, 97, 116)"]  # --muted: 6.2:1 on white
    assert_accessible(page)
