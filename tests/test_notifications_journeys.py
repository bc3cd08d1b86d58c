"""Browser journey: a member replies in a plan thread the leader started; the leader's bell
counts it, they open the comment from the inbox and it is read."""

import pytest
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Role, Team, User
from plplan.vision import comments, services
from tests.browser import assert_accessible, open_comments

pytestmark = pytest.mark.browser


def test_the_leader_hears_of_a_reply_and_opens_it_from_the_inbox(
    browser, live_server, sign_in, make_team, app
):
    world = make_team(leader=Role.LEADER, member=Role.MEMBER)
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        services.add_item(plan, "business_goal", {"text": "Grow conversion to 2.8%"}, leader)
        comments.add_comment(plan, "business_goals", "Is 2.8% realistic?", leader)
        db.session.commit()
        plan_url = f"{live_server}/t/{world.slug}/plans/{plan.id}"

    leader_page = browser.new_context().new_page()
    sign_in(leader_page, live_server, world.person("leader"))
    leader_page.goto(plan_url)
    bell = leader_page.locator("#bell")
    expect(bell).to_have_accessible_name("Notifications")

    _, block = open_comments(
        browser, sign_in, live_server, world.person("member"), plan_url, "business_goals"
    )
    block.get_by_label("Reply").fill("Only with the new checkout.")
    block.get_by_role("button", name="Reply").click()
    expect(block.locator(".reply")).to_contain_text("Only with the new checkout.")

    leader_page.reload()
    expect(bell).to_have_accessible_name("Notifications 1 unread")
    bell.click()
    expect(leader_page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(leader_page)
    leader_page.get_by_role(
        "button", name="Member replied to a comment on Business goals in “Checkout 2027”"
    ).click()
    expect(leader_page.locator(".comment", has_text="Only with the new checkout.")).to_be_visible()
    assert "#comment-" in leader_page.url
    expect(leader_page.locator("#bell")).to_have_accessible_name("Notifications")
