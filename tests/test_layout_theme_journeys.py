"""Browser journeys for the look: the main pages pass axe in the light and the dark theme (the
system's setting picks it), and the printed plan and map show their content and the date."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.bundle import export, uploads
from plplan.extensions import db
from plplan.formatting import format_date, today
from plplan.models import (
    Area,
    AreaModule,
    CheckIn,
    Goal,
    Kpi,
    Role,
    Team,
    TeamWebhook,
    User,
    Visibility,
)
from plplan.teams.services import create_invitation
from plplan.vision.demo import FIELDS
from tests.api_world import make_token
from tests.browser import assert_accessible
from tests.chat_world import failed_delivery
from tests.export_world import SLUG, log_in, pdf_text

pytestmark = pytest.mark.browser

TEAM = f"/t/{SLUG}"
AREAS = f"{TEAM}/responsibilities/areas"
MAIN_PAGES = [
    "/home",
    "/inbox",
    f"{TEAM}/",
    f"{TEAM}/search?q=payment",
    f"{TEAM}/plans/{{plan}}",
    f"{TEAM}/responsibilities/",
    f"{AREAS}/{{budget_area}}",
    f"{AREAS}/{{kpi_area}}",
    f"{AREAS}/{{kpi_area}}/kpis/{{kpi}}",
    f"{AREAS}/{{comms_area}}",
    f"{AREAS}/{{comms_area}}/comms/history",
    f"{TEAM}/goals/",
    f"{TEAM}/goals/{{goal}}",
    f"{TEAM}/goals/team",
    f"{TEAM}/one-pager",
    f"{TEAM}/members",
    f"{TEAM}/invitations",
    f"{TEAM}/chat",
    f"{TEAM}/deliveries",
    f"{TEAM}/bundle",
    f"{TEAM}/bundle/import/{{bundle}}",
    "/auth/profile",
    "/auth/profile/tokens",
]


@pytest.fixture
def seeded(app, demo) -> dict:
    """The ids the main pages need, with what the newer pages show added to the demo team: a
    pending invitation, a chat webhook, a chat post that failed, an API token of Maya's and
    the team's bundle uploaded by her for its dry run."""
    with app.test_request_context():
        team = db.session.scalar(sa.select(Team).where(Team.slug == SLUG))
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        create_invitation(team, Role.MEMBER, 7, maya)
        hook = "https://chat.example.com/hooks/plans"
        db.session.add(TeamWebhook(team_id=team.id, url=hook, kinds=["plan_published"]))
        failed_delivery(team)
        make_token(maya.id, team.id)
        bundle = uploads.keep("".join(export.write(team.id)).encode(), maya.id)
        db.session.commit()
        area = {
            kind: db.session.scalar(
                sa.select(AreaModule.area_id)
                .join(Area)
                .where(Area.team_id == team.id, AreaModule.kind == kind)
            )
            for kind in ("budget", "kpis", "comms")
        }
        kpi = db.session.scalar(sa.select(Kpi.id).where(Kpi.area_id == area["kpis"]))
        goal = db.session.scalar(
            sa.select(Goal.id)
            .join(CheckIn)
            .where(Goal.team_id == team.id, Goal.visibility == Visibility.TEAM)
            .order_by(Goal.id)
        )
    return {
        "plan": demo["plan_id"],
        "budget_area": area["budget"],
        "kpi_area": area["kpis"],
        "kpi": kpi,
        "comms_area": area["comms"],
        "goal": goal,
        "bundle": bundle,
    }


# How light the page's background is (0 black … 1 white), as the browser painted it.
BACKGROUND_LIGHTNESS = """() => {
  const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\\d+/g);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


# WCAG contrast in the page: `ratio` of two computed colours and `ground`, the colour painted
# behind an element (its own background or, if it has none, the nearest one around it).
CONTRAST = """
  const lum = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(v => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (one, other) => {
    const [light, dark] = [lum(one), lum(other)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  const ground = el => {
    while (getComputedStyle(el).backgroundColor.endsWith(", 0)")) el = el.parentElement;
    return getComputedStyle(el).backgroundColor;
  };
"""

# The contrast of an input's placeholder against what is painted behind it.
PLACEHOLDER_CONTRAST = f"""input => {{ {CONTRAST}
  return ratio(getComputedStyle(input, "::placeholder").color, ground(input));
}}"""

# What the shown charts draw too faintly (WCAG 1.4.11 and 1.4.3): a line, point, bar, outline
# or axis under 3:1 against the chart, a text under 4.5:1, and a goal status pattern whose
# hatching or dots are under 3:1 against its colour.
FAINT_CHART_MARKS = f"""() => {{ {CONTRAST}
  const faint = [];
  const paint = el => {{
    const style = getComputedStyle(el);
    return style.stroke.startsWith("rgb") ? style.stroke : style.fill;
  }};
  const check = (el, colour, behind, least) => {{
    if (!colour.startsWith("rgb")) return;
    const r = ratio(colour, behind);
    if (r < least) faint.push(`${{el.tagName}}.${{el.getAttribute("class")}} ${{r.toFixed(2)}}`);
  }};
  for (const svg of document.querySelectorAll("svg.chart-svg")) {{
    if (!svg.getClientRects().length) continue;
    const behind = ground(svg);
    svg.querySelectorAll("polyline, .line, .bar, circle, line.axis, [class^='pat-']")
      .forEach(el => check(el, paint(el), behind, 3));
    svg.querySelectorAll("text").forEach(el => check(el, getComputedStyle(el).fill, behind, 4.5));
  }}
  for (const pattern of document.querySelectorAll("pattern")) {{
    const colour = getComputedStyle(pattern.querySelector("rect")).fill;
    pattern.querySelectorAll(".hatch, .dot").forEach(el => check(el, paint(el), colour, 3));
  }}
  return faint;
}}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_main_pages_pass_axe_in_either_theme(page, live_server, seeded, scheme):
    """Wide and on a phone (375 px), where none of them scrolls sideways; their charts' lines,
    patterns and text keep their contrast too."""
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "maya@example.com")
    for path in MAIN_PAGES:
        page.set_viewport_size({"width": 1200, "height": 900})
        page.goto(live_server + path.format(**seeded))
        for width in (1200, 375):  # the same page, laid out again on a phone
            page.set_viewport_size({"width": width, "height": 900})
            lightness = page.evaluate(BACKGROUND_LIGHTNESS)
            assert lightness > 0.9 if scheme == "light" else lightness < 0.15, path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert page.evaluate(FAINT_CHART_MARKS) == [], path
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_placeholder_text_keeps_aa_contrast(page, live_server, demo, scheme):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/members")
    assert page.get_by_placeholder("Name or email").evaluate(PLACEHOLDER_CONTRAST) >= 4.5
    page.goto(f"{live_server}{TEAM}/plans/{demo['plan_id']}")
    empty = page.get_by_placeholder("Not set yet").first
    assert empty.evaluate(PLACEHOLDER_CONTRAST) >= 4.5
