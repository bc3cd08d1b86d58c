"""Browser journeys through mentoring goals, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from plplan.models import Role
from tests.browser import assert_accessible, wait_for_htmx
from tests.goals_factory import add_checkins, make_goal, seed_team_skills

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(make_team, app):
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER, mentor=Role.MEMBER)
    seed_team_skills(app, world.id)
    return world


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check_in(page, progress: str, happened: str) -> None:
    form = page.locator("#check-in form")
    form.get_by_label("Progress (%)").fill(progress)
    form.get_by_label("What happened").fill(happened)
    with page.expect_response(re.compile(r"/checkins$")):
        form.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()


def test_member_creates_a_goal_checks_in_twice_and_sees_the_chart_move(
    page, live_server, cast, sign_in
):
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    expect(page.get_by_text("You have no open goals.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="New goal").click()
    wait_for_htmx(page)
    page.get_by_label("Goal", exact=True).fill("Lead the discovery sprint")
    page.get_by_role("button", name="Create goal").click()
    expect(page.locator("#success-error")).to_have_text("Say how you will know you got there.")
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Lead the discovery sprint")
    assert_accessible(page)
    page.get_by_label("What success looks like").fill("Sprint run end to end, team says it helped")
    page.get_by_label("Skill").select_option(label="Strategic thinking")
    page.get_by_label("Mentor", exact=True).select_option(label="Mentor")
    page.get_by_role("button", name="Create goal").click()
    expect(page.get_by_role("heading", name="Lead the discovery sprint")).to_be_visible()
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")
    points = page.locator("#progress-chart .point")
    expect(points).to_have_count(1)

    check_in(page, "30", "Planned the sprint with design")
    expect(points).to_have_count(2)
    expect(points.last).to_have_attribute("data-progress", "30")
    check_in(page, "65", "Ran three of five days")
    expect(points).to_have_count(3)
    expect(points.last).to_have_attribute("data-progress", "65")
    first_y = float(points.nth(1).locator("circle").get_attribute("cy"))
    last_y = float(points.last.locator("circle").get_attribute("cy"))
    assert last_y < first_y  # the line went up
    expect(page.locator("#previous-h + p")).to_contain_text("65%")
    expect(page.get_by_role("progressbar", name="Progress")).to_have_attribute(
        "aria-valuenow", "65"
    )
    assert page.evaluate("window.__marker") == 1  # both check-ins happened in place
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page)

    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    wait_for_htmx(page)
    expect(page.get_by_role("link", name="Lead the discovery sprint", exact=True)).to_be_visible()
    assert no_horizontal_scroll(page)
    card = page.locator(".goal-card")
    card.get_by_text("Check in").click()
    card.get_by_label("Progress (%)").fill("80")
    card.get_by_label("What happened").fill("Sprint done, retro booked")
    card.get_by_role("button", name="Save check-in").click()
    expect(card.get_by_text("Check-in saved.")).to_be_visible()
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "80")
    assert_accessible(page)

    card.get_by_role("link", name="Lead the discovery sprint").click()
    page.get_by_role("link", name="Edit goal").click()
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Lead the discovery sprint")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Close goal").click()
    wait_for_htmx(page)
    page.get_by_label("What was learned").fill("Timebox the interviews")
    page.get_by_role("button", name="Close goal").click()
    expect(page.locator("#outcome-error")).to_have_text("Choose how it ended.")
    expect(page.get_by_label("What was learned")).to_have_value("Timebox the interviews")
    assert_accessible(page)
    page.get_by_label("Partly achieved").check()
    page.get_by_role("button", name="Close goal").click()
    expect(page.get_by_role("heading", name="Retrospective")).to_be_visible()
    expect(page.get_by_text("Timebox the interviews")).to_be_visible()


def test_mentor_acknowledges_and_replies(page, live_server, cast, sign_in, app):
    goal_id = make_goal(
        app,
        cast.id,
        cast.person("owner").id,
        title="Present the roadmap",
        mentor_id=cast.person("mentor").id,
    )
    add_checkins(app, goal_id, 2)
    sign_in(page, live_server, cast.person("mentor"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    expect(page.locator("#goals-attention")).to_contain_text("2")
    expect(page.get_by_role("heading", name="Check-ins to acknowledge")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Owner: Present the roadmap").first.click()
    wait_for_htmx(page)
    expect(page.get_by_role("link", name="Edit goal")).to_have_count(0)
    newest = page.locator(".checkin").first
    newest.get_by_label("Your feedback").fill("Great pace. Rehearse the Q&A.")
    newest.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(page.get_by_text("Check-in acknowledged.")).to_be_visible()
    expect(page.locator(".checkin").first).to_contain_text("Acknowledged by Mentor")
    expect(page.locator(".checkin").first).to_contain_text("Rehearse the Q&A.")
    page.get_by_role("textbox", name="Comment").fill("See you Thursday")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#goal-comments")).to_contain_text("See you Thursday")
    assert_accessible(page)
    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    expect(page.locator("#goals-attention")).to_contain_text("1")


def test_leader_sees_the_stale_goal_flagged_in_team_growth(page, live_server, cast, sign_in, app):
    make_goal(
        app,
        cast.id,
        cast.person("owner").id,
        title="Learn SQL",
        created_days_ago=20,
        skill_name="Technical skills",
    )
    fresh = make_goal(app, cast.id, cast.person("mentor").id, title="Write the strategy memo")
    add_checkins(app, fresh, 1)
    sign_in(page, live_server, cast.person("leader"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/team")
    flagged = page.locator("#flagged-goals")
    expect(flagged).to_contain_text("Learn SQL")
    expect(flagged).to_contain_text("Stale: no check-in for 20 days")
    expect(flagged).not_to_contain_text("Write the strategy memo")
    expect(page.get_by_role("img", name=re.compile("Open goals per person"))).to_be_visible()
    expect(page.locator("#per-person-desc")).to_contain_text("Owner: 1 goal (1 not started)")
    expect(page.locator("#skills-picture-desc")).to_contain_text("Owner: Technical skills")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1200, "height": 800})
    page.get_by_role("link", name="Skills and settings").click()
    page.get_by_label("Ask for a check-in after (days)").fill("30")
    page.get_by_role("button", name="Save setting").click()
    expect(page.get_by_text("Goals now count as stale after 30 days.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/t/{cast.slug}/goals/team")
    expect(page.get_by_text("Nothing overdue or stale.")).to_be_visible()


# Per bar chart: how many drawings it has, its box, and each bar's name and number as drawn.
BAR_TEXTS = """id => {
  const svgs = [...document.querySelectorAll('svg.chart-svg')].filter(s => s.id.startsWith(id));
  const box = svgs[0].getBoundingClientRect();
  const rows = [...svgs[0].querySelectorAll('text.label')].map(label => {
    const value = label.nextElementSibling.getBoundingClientRect();
    return {gap: value.left - label.getBoundingClientRect().right, right: value.right};
  });
  return {drawings: svgs.length, left: box.left, right: box.right, rows};
}"""


@pytest.mark.parametrize("width", [375, 1200])
def test_team_growth_draws_each_bar_chart_once_and_it_fits_the_screen(
    page, live_server, cast, sign_in, app, width
):
    make_goal(app, cast.id, cast.person("owner").id, title="Speak up", skill_name="Communication")
    make_goal(app, cast.id, cast.person("mentor").id, skill_name="Decision-making")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, cast.person("leader"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/team")
    for chart_id in ["per-person", "per-skill"]:
        chart = page.evaluate(BAR_TEXTS, chart_id)
        assert chart["drawings"] == 1, chart_id
        assert chart["left"] >= 0 and chart["right"] <= width, chart
        assert chart["rows"], chart
        for row in chart["rows"]:  # the name and the number apart, both inside the chart
            assert row["gap"] > 4 and row["right"] <= chart["right"], chart
    assert no_horizontal_scroll(page)
    assert_accessible(page)
