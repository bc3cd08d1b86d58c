"""A member searches from the team header, widens a word to a prefix, opens the goal."""

import pytest
from playwright.sync_api import expect

from plplan.models import Role
from tests.browser import assert_accessible
from tests.goals_factory import make_goal, seed_team_skills

pytestmark = pytest.mark.browser


def test_member_searches_from_the_header_and_opens_a_result(
    page, live_server, make_team, app, sign_in
):
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER, member=Role.MEMBER)
    seed_team_skills(app, world.id)
    goal_id = make_goal(app, world.id, world.person("owner").id, title="Lead the discovery sprint")
    sign_in(page, live_server, world.person("member"))
    page.goto(f"{live_server}/t/{world.slug}/")
    box = page.get_by_role("searchbox", name="Search this team")
    box.fill("discov")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server}/t/{world.slug}/search?q=discov")
    expect(page.locator("#search-count")).to_have_text("0 results")
    page.locator("#search-wider").get_by_role("link", name="discov*").click()
    expect(page.locator("#search-count")).to_have_text("1 result")
    goals = page.get_by_role("region", name="Goals")
    expect(goals.locator("mark")).to_have_text("discovery")
    assert_accessible(page)
    goals.get_by_role("link", name="Lead the discovery sprint").click()
    expect(page).to_have_url(f"{live_server}/t/{world.slug}/goals/{goal_id}")
    expect(page.get_by_role("heading", name="Lead the discovery sprint")).to_be_visible()
