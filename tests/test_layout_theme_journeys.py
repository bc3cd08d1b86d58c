"""Browser journeys for the look: the main pages pass axe in the light and the dark theme (the
system's setting picks it), and the printed plan and map show their content and the date."""

import pytest
from playwright.sync_api import expect

from plplan.formatting import format_date, today
from plplan.vision.demo import FIELDS
from tests.browser import assert_accessible
from tests.export_world import log_in, pdf_text

pytestmark = pytest.mark.browser

TEAM = "/t/checkout-payments"
MAIN_PAGES = [
    "/home",
    f"{TEAM}/",
    f"{TEAM}/plans/{{plan}}",
    f"{TEAM}/responsibilities/",
    f"{TEAM}/goals/",
    f"{TEAM}/goals/team",
    f"{TEAM}/one-pager",
    f"{TEAM}/members",
    "/auth/profile",
]

# How light the page's background is (0 black … 1 white), as the browser painted it.
BACKGROUND_LIGHTNESS = """() => {
  const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\\d+/g);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_main_pages_pass_axe_in_either_theme(page, live_server, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "maya@example.com")
    for path in MAIN_PAGES:
        for width in (1200, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server + path.format(plan=demo["plan_id"]))
            lightness = page.evaluate(BACKGROUND_LIGHTNESS)
            assert lightness > 0.9 if scheme == "light" else lightness < 0.15, path
            assert_accessible(page)


def test_the_visitor_pages_pass_axe_in_the_dark(page, live_server):
    page.emulate_media(color_scheme="dark")
    for path in ["/", "/auth/login", "/auth/register"]:
        page.goto(live_server + path)
        assert_accessible(page)


def test_the_printed_plan_shows_its_content(page, live_server, demo):
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/plans/{demo['plan_id']}")
    page.emulate_media(media="print")
    expect(page.locator("#in-vision")).to_be_visible()
    _, printed = pdf_text(page.pdf())
    assert " ".join(FIELDS["vision"].split()) in printed
    assert " ".join(FIELDS["mission"].split()) in printed
    # the positioning statement once, as its sentence: not again slot by slot, nor how to fill it
    assert printed.count(FIELDS["pos_target_customer"]) == 1
    assert f"For {FIELDS['pos_target_customer']} who" in printed
    assert "Fill the slots" not in printed


def test_the_printed_plan_leaves_out_what_is_not_written(page, live_server, demo):
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/plans/{demo['plan_id']}")
    page.locator("#in-mission").fill("")
    expect(page.locator("#f-mission .save-state")).to_have_text("Saved")
    expect(page.locator("#h-mission")).to_be_visible()  # on screen: there to be written
    page.emulate_media(media="print")
    expect(page.locator("#h-mission")).to_be_hidden()
    expect(page.locator("#h-vision")).to_be_visible()
    expect(page.locator("#h-positioning")).to_be_visible()

    page.emulate_media(media="screen")  # published so, the plan reads the same to viewers
    page.locator("#publish summary").click()
    page.locator("#publish").get_by_role("button", name="Publish version").click()
    page.locator("#published").get_by_role("link", name="See what viewers see").click()
    expect(page.locator("#h-mission")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#h-mission")).to_be_hidden()
    expect(page.locator("#h-vision")).to_be_visible()


def test_the_printed_map_shows_the_date_not_you(page, live_server, demo, app):
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/responsibilities/")
    expect(page.locator("th.mine")).to_contain_text("(you)")  # on screen
    page.emulate_media(media="print")
    with app.app_context():
        printed_on = format_date(today())
    _, printed = pdf_text(page.pdf(landscape=True))
    assert f"Checkout & Payments · {printed_on}" in printed
    assert "(you)" not in printed and "Maya Chen" in printed


# The contrast of an input's placeholder against what is painted behind it (WCAG formula).
PLACEHOLDER_CONTRAST = """input => {
  let behind = input;
  while (getComputedStyle(behind).backgroundColor.endsWith(", 0)")) behind = behind.parentElement;
  const lum = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(v => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const text = lum(getComputedStyle(input, "::placeholder").color);
  const ground = lum(getComputedStyle(behind).backgroundColor);
  return (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_placeholder_text_keeps_aa_contrast(page, live_server, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/members")
    assert page.get_by_placeholder("Name or email").evaluate(PLACEHOLDER_CONTRAST) >= 4.5
    page.goto(f"{live_server}{TEAM}/plans/{demo['plan_id']}")
    empty = page.get_by_placeholder("Not set yet").first
    assert empty.evaluate(PLACEHOLDER_CONTRAST) >= 4.5
