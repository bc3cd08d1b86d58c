"""Browser journey: a member types "@Ma" in a plan comment, picks the leader from the list
with the keyboard and posts; the leader's bell counts it and the inbox opens the comment."""

import pytest
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Role, Team, User
from plplan.vision import services
from tests.browser import assert_accessible, open_comments

pytestmark = pytest.mark.browser


def test_a_member_mentions_the_leader_picked_from_the_list(
    browser, live_server, sign_in, make_team, make_user, app
):
    world = make_team(maya=Role.LEADER, member=Role.MEMBER, mark=Role.MEMBER)
    with app.app_context():
        leader = db.session.get(User, world.person("maya").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        services.add_item(plan, "business_goal", {"text": "Grow conversion to 2.8%"}, leader)
        db.session.commit()
        plan_url = f"{live_server}/t/{world.slug}/plans/{plan.id}"

    leader_page = browser.new_context().new_page()
    sign_in(leader_page, live_server, world.person("maya"))
    leader_page.goto(plan_url)
    expect(leader_page.locator("#bell")).to_have_accessible_name("Notifications")

    page, block = open_comments(
        browser, sign_in, live_server, world.person("member"), plan_url, "business_goals"
    )
    box = block.get_by_label("Comment on Business goals")
    box.press_sequentially("Is this right, @Ma")
    listbox = page.get_by_role("listbox", name="People to mention")
    expect(listbox.get_by_role("option")).to_have_text(["Mark", "Maya"])
    expect(page.locator("#mention-status")).to_contain_text("2 found.")
    assert_accessible(page)
    box.press("ArrowDown")
    expect(listbox.get_by_role("option", name="Maya")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#mention-status")).to_have_text("Maya")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(page.locator("#mention-status")).to_have_text("Maya will be mentioned.")
    box.press_sequentially("?")
    maya_id = world.person("maya").id
    expect(box).to_have_value(f"Is this right, @[Maya]({maya_id}) ?")
    # Escape closes the list and keeps what was typed
    box.press_sequentially(" @Mar")
    expect(listbox.get_by_role("option")).to_have_text(["Mark"])
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value(f"Is this right, @[Maya]({maya_id}) ? @Mar")
    box.fill(f"Is this right, @[Maya]({maya_id}) ?")
    block.get_by_role("button", name="Comment", exact=True).click()
    expect(block.locator(".comment .mention")).to_have_text("@Maya")

    leader_page.reload()
    bell = leader_page.locator("#bell")
    expect(bell).to_have_accessible_name("Notifications 1 unread")
    bell.click()
    leader_page.get_by_role(
        "button", name="Member mentioned you on Business goals in “Checkout 2027”"
    ).click()
    comment = leader_page.locator(".comment", has_text="Is this right,")
    expect(comment.locator(".mention")).to_have_text("@Maya")
    assert "#comment-" in leader_page.url
