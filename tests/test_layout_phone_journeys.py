"""Browser journeys on a phone (375 px): every team destination and the team search are a
click away behind the menu button (with or without JavaScript), the inbox in the header;
tables keep their column names, charts fit their box with their text readable (as on a wide
screen) and what can be tapped is at least 24 px tall."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Area, AreaModule, CheckIn, Goal, Kpi, Team, Visibility
from tests.browser import assert_accessible
from tests.export_world import SLUG, log_in

pytestmark = pytest.mark.browser

TEAM = f"/t/{SLUG}"
# A leader's destinations, as the team navigation names them, and the path each one leads to.
DESTINATIONS = {
    "Team home": "/",
    "Vision & strategy": r"/plans/\d+",
    "Responsibilities": "/responsibilities/",
    "My goals": "/goals/",
    "Team growth": "/goals/team",
    "One-pager": "/one-pager",
    "People": "/members",
    "Invite": "/invitations",
    "Chat": "/chat",
    "Deliveries": "/deliveries",
    "Move": "/bundle",
}


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    return page


def menu_button(page):
    return page.locator("summary", has_text="Menu")


def team_nav(page):
    return page.get_by_role("navigation", name="Checkout & Payments")


def visit_every_destination(page, base: str) -> None:
    """From the team home, open the menu and click each destination in turn."""
    for name, path in DESTINATIONS.items():
        expect(team_nav(page)).to_be_hidden()  # folded away: the page has the width
        menu_button(page).click()
        link = team_nav(page).get_by_role("link", name=name)
        expect(link).to_be_in_viewport()
        link.click()
        page.wait_for_url(re.compile(re.escape(base + TEAM) + path + "$"))
        menu_button(page).click()
        here = team_nav(page).get_by_role("link", name=name)
        expect(here).to_have_attribute("aria-current", "page")
        menu_button(page).click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path


def test_every_team_destination_is_a_click_away_on_a_phone(phone, live_server, demo):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}{TEAM}/")
    visit_every_destination(phone, live_server)
    menu_button(phone).click()
    assert_accessible(phone)

    search = team_nav(phone).get_by_role("searchbox", name="Search this team")
    expect(search).to_be_in_viewport()  # the search is in the menu too
    search.fill("payment")
    search.press("Enter")
    phone.wait_for_url(re.compile(re.escape(f"{live_server}{TEAM}/search?q=payment")))
    expect(phone.locator("main h1")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    bell = phone.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell).to_be_in_viewport()  # the inbox: in the header, never folded away
    bell.click()
    phone.wait_for_url(f"{live_server}/inbox")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_wide_screen_shows_every_destination_as_a_tab(page, live_server, demo):
    page.set_viewport_size({"width": 1200, "height": 800})
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/members")
    expect(menu_button(page)).to_be_hidden()
    for name in DESTINATIONS:
        expect(team_nav(page).get_by_role("link", name=name)).to_be_in_viewport()


def test_the_menu_opens_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    log_in(page, live_server, "maya@example.com")
    page.goto(f"{live_server}{TEAM}/")
    visit_every_destination(page, live_server)
    context.close()


def test_the_menu_closes_on_escape_and_a_click_elsewhere(phone, live_server, demo):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}{TEAM}/")
    menu_button(phone).click()
    expect(team_nav(phone)).to_be_visible()
    phone.keyboard.press("Escape")
    expect(team_nav(phone)).to_be_hidden()
    expect(menu_button(phone)).to_be_focused()
    menu_button(phone).click()
    phone.locator("main h1").click()
    expect(team_nav(phone)).to_be_hidden()


def test_the_team_switcher_lists_the_teams_and_closes_on_escape(phone, live_server, demo):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}{TEAM}/members")
    switcher = phone.locator(".switcher summary")
    switcher.click()
    expect(phone.get_by_role("link", name="All my teams")).to_be_visible()
    expect(phone.get_by_role("link", name="New team")).to_be_in_viewport()
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("link", name="All my teams")).to_be_hidden()
    expect(switcher).to_be_focused()


def label_before(page, selector: str) -> list[str]:
    """The words each matching cell shows before its content (its ::before)."""
    return page.eval_on_selector_all(
        selector, "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )


def test_tables_keep_their_column_names_on_a_phone(phone, live_server, demo):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}{TEAM}/members")
    expect(phone.locator("#member-list thead")).to_be_hidden()
    assert set(label_before(phone, "#member-list td[data-label='Role']")) == {'"Role: "'}
    assert set(label_before(phone, "#member-list td[data-label='Email']")) == {'"Email: "'}


def chart_pages(app) -> list[str]:
    """A page of each kind of chart in the demo team: team growth, a goal's progress with the
    most check-ins, an area's budget and a KPI's history."""
    with app.app_context():
        team_id = db.session.scalar(sa.select(Team.id).where(Team.slug == SLUG))
        goal = db.session.scalar(
            sa.select(Goal.id)
            .join(CheckIn)
            .where(Goal.team_id == team_id, Goal.visibility == Visibility.TEAM)
            .group_by(Goal.id)
            .order_by(sa.func.count(CheckIn.id).desc(), Goal.id)
        )
        in_team = sa.select(Area.id).where(Area.team_id == team_id)
        budget = db.session.scalar(
            sa.select(AreaModule.area_id)
            .where(AreaModule.kind == "budget", AreaModule.area_id.in_(in_team))
            .order_by(AreaModule.area_id)
        )
        kpi = db.session.execute(
            sa.select(Kpi.area_id, Kpi.id).where(Kpi.area_id.in_(in_team)).order_by(Kpi.id)
        ).first()
    areas = f"{TEAM}/responsibilities/areas"
    return [
        f"{TEAM}/goals/team",
        f"{TEAM}/goals/{goal}",
        f"{areas}/{budget}",
        f"{areas}/{kpi.area_id}/kpis/{kpi.id}",
    ]


# Per shown chart: its width, the page's, and its smallest text as rendered (the computed
# font size times the scale the chart is drawn at), with every text that pokes out of it.
CHART_TEXT = """() => [...document.querySelectorAll('svg.chart-svg')]
  .filter(svg => svg.getClientRects().length)
  .map(svg => {
    const box = svg.getBoundingClientRect();
    const frame = (svg.classList.contains('chart-scrolls') ? svg.parentElement : svg)
      .getBoundingClientRect();  // a chart too big for a phone scrolls in its figure
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    const size = t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    };
    const out = t => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
        || r.bottom > box.bottom + 1;
    };
    const page = document.documentElement.clientWidth;
    return {id: svg.id, left: frame.left, right: frame.right, page,
            smallest: Math.min(...texts.map(size)), out: texts.filter(out).map(t => t.textContent)};
  })"""


@pytest.mark.parametrize("width", [375, 1200])
def test_every_chart_fits_its_box_and_its_text_stays_readable(page, live_server, demo, app, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "maya@example.com")
    for path in chart_pages(app):
        page.goto(f"{live_server}{path}")
        charts = page.evaluate(CHART_TEXT)
        assert charts, path
        for chart in charts:
            assert chart["left"] >= 0 and chart["right"] <= chart["page"], (path, chart)
            assert chart["smallest"] >= 11, (path, chart)
            assert chart["out"] == [], (path, chart)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert_accessible(page)


# Controls (not links inside running text) shorter than 24 px: the header's and main's
# buttons, selects, menu buttons and button-like links.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, header summary, main button, main select, main summary, main a.button'
  )]
  .filter(el => el.getClientRects().length)
  .filter(el => el.getBoundingClientRect().height < 24)
  .map(el => el.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("path", ["/members", "/", "/goals/", "/responsibilities/"])
def test_tap_targets_are_at_least_24_px(phone, live_server, demo, path):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}{TEAM}{path}")
    menu_button(phone).click()
    assert phone.evaluate(SMALL_TARGETS) == []
