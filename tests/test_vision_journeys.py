"""Browser journeys through the vision workspace, in Debian's Chromium."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Plan, PlanField, PlanItem, Role, Team, User
from plplan.vision import comments, services
from tests.browser import assert_accessible, wait_for_htmx

pytestmark = pytest.mark.browser


@pytest.fixture
def world(make_team):
    return make_team(
        leader=Role.LEADER, coleader=Role.LEADER, member=Role.MEMBER, viewer=Role.VIEWER
    )


@pytest.fixture
def plan_url(app, world, live_server) -> str:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        services.add_item(plan, "business_goal", {"text": "Grow conversion to 2.8%"}, leader)
        db.session.commit()
        return f"{live_server}/t/{world.slug}/plans/{plan.id}"


def field_value(app, key: str) -> str:
    with app.app_context():
        return db.session.scalar(sa.select(PlanField.value).where(PlanField.key == key))


def textbox(scope, name: str):
    return scope.get_by_role("textbox", name=name, exact=True)


def open_plan(browser, live_server, sign_in, person, url, **context):
    page = browser.new_context(**context).new_page()
    sign_in(page, live_server, person)
    page.goto(url)
    if context.get("java_script_enabled", True):
        wait_for_htmx(page)
    return page


def test_leader_drafts_in_place_and_finds_it_saved_after_reload(
    browser, live_server, sign_in, world, plan_url, app
):
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    page.evaluate("window.__marker = 1")
    coach = page.locator("#coach")
    expect(coach).to_contain_text("Name the target group.")

    vision = textbox(page, "Vision statement")
    vision.click()
    vision.press_sequentially("Paying online should feel like handing over cash.", delay=5)
    expect(page.locator("#f-vision [data-save-state]")).to_have_text("Saved")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert page.evaluate("document.activeElement.id") == "in-vision"  # focus stayed put
    vision.press("End")
    vision.press_sequentially(" Everywhere.", delay=5)
    expect(vision).to_have_value("Paying online should feel like handing over cash. Everywhere.")

    textbox(page, "Target group").fill("Returning mobile shoppers")
    page.get_by_label("For (target customer)").fill("busy shoppers")
    expect(page.locator("#positioning-sentence")).to_contain_text("For busy shoppers who …")
    expect(coach).not_to_contain_text("Name the target group.")

    page.get_by_role("button", name="+ Add a need").click()
    new_need = page.locator("#list-need textarea").last
    expect(new_need).to_be_focused()
    new_need.press_sequentially("Shoppers give up on long card forms", delay=5)
    new_need.press("Tab")  # leaving the field saves at once
    expect(page.locator("#list-need [data-save-state]").last).to_have_text("Saved")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert page.evaluate("window.__marker") == 1  # never reloaded
    assert_accessible(page)

    page.reload()
    expect(textbox(page, "Vision statement")).to_have_value(
        "Paying online should feel like handing over cash. Everywhere."
    )
    expect(textbox(page, "Target group")).to_have_value("Returning mobile shoppers")
    expect(page.locator("#list-need textarea").last).to_have_value(
        "Shoppers give up on long card forms"
    )
    expect(page.locator("#positioning-sentence")).to_contain_text("For busy shoppers")


def test_bad_input_shows_an_error_beside_the_field(browser, live_server, sign_in, world, plan_url):
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    current = page.get_by_label("Current value")
    current.fill("about 1200")
    expect(page.locator("#in-ns_current-error")).to_have_text("Enter a number, like 1200 or 4.5.")
    expect(current).to_have_value("about 1200")
    expect(page.locator("#save-status")).to_contain_text("Couldn't save")
    current.fill("1200")
    expect(page.locator("#in-ns_current-error")).to_have_count(0)
    expect(page.locator("#save-status")).to_have_text("All changes saved")


def test_two_leaders_edit_one_field_and_the_second_sees_both_texts(
    browser, live_server, sign_in, world, plan_url, app
):
    first = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    second = open_plan(browser, live_server, sign_in, world.person("coleader"), plan_url)

    textbox(first, "Mission").fill("Remove every step between wanting and having.")
    expect(first.locator("#f-mission [data-save-state]")).to_have_text("Saved")

    textbox(second, "Mission").fill("Make paying invisible.")
    conflict = second.locator("#conflict-f-mission .conflict")
    expect(conflict).to_contain_text("Leader saved this while you were editing.")
    expect(conflict.locator(".theirs")).to_contain_text(
        "Remove every step between wanting and having."
    )
    merged = textbox(second.locator("#f-mission"), "Mission")  # your version stays in the field
    expect(merged).to_have_value("Make paying invisible.")
    expect(second.locator("#save-status")).to_contain_text("choose what to keep")
    assert field_value(app, "mission") == "Remove every step between wanting and having."
    assert_accessible(second)

    merged.fill("Make paying invisible: remove every step between wanting and having.")
    conflict.get_by_role("button", name="Save merged text").click()
    expect(second.locator("#conflict-f-mission .conflict")).to_have_count(0)
    expect(textbox(second, "Mission")).to_have_value(
        "Make paying invisible: remove every step between wanting and having."
    )
    assert field_value(app, "mission") == (
        "Make paying invisible: remove every step between wanting and having."
    )

    # The first leader's page is stale now: their next save is refused too, and keeping theirs
    # (the merged text) brings the editor up to date.
    textbox(first, "Mission").fill("Something else entirely.")
    first_conflict = first.locator("#conflict-f-mission .conflict")
    expect(first_conflict).to_contain_text("Coleader saved this")
    first_conflict.get_by_role("button", name="Keep theirs").click()
    expect(textbox(first, "Mission")).to_have_value(
        "Make paying invisible: remove every step between wanting and having."
    )


def test_leader_restores_a_revision_from_history_and_compares(
    browser, live_server, sign_in, world, plan_url, app
):
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        coleader = db.session.get(User, world.person("coleader").id)
        fields, _ = services.plan_parts(plan)
        services.save_field(plan, fields["vision"], "Pay in one tap.", 1, leader)
        services.save_field(plan, fields["vision"], "A vision nobody likes.", 2, coleader)
        db.session.commit()
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="What changed")).to_be_visible()
    expect(page.locator(".diff del").first).to_have_text("Pay in one tap.")
    expect(page.locator(".diff ins").first).to_contain_text("A vision nobody likes.")
    assert_accessible(page)
    page.go_back()

    oldest = page.locator(".revision").nth(1)  # newest first: the two visions, then the goal
    expect(oldest).to_contain_text("Pay in one tap.")
    oldest.get_by_role("button", name=re.compile("Restore this")).click()
    expect(page.get_by_text("Restored Vision statement")).to_be_visible()
    expect(page.locator(".revision").first).to_contain_text("restored")
    page.goto(plan_url)
    expect(textbox(page, "Vision statement")).to_have_value("Pay in one tap.")


def test_member_comments_on_a_section(browser, live_server, sign_in, world, plan_url, app):
    page = open_plan(browser, live_server, sign_in, world.person("member"), plan_url)
    expect(textbox(page, "Vision statement")).to_have_count(0)  # members read the draft
    expect(page.locator("#s-business_goals")).to_contain_text("Grow conversion to 2.8%")
    page.evaluate("window.__marker = 1")
    page.locator("#comments-business_goals summary").click()
    page.get_by_label("Comment on Business goals").fill("Is **2.8%** realistic by Q2?")
    page.locator("#comments-business_goals").get_by_role("button", name="Comment").click()
    thread = page.locator("#comments-business_goals .thread")
    expect(thread).to_contain_text("Is 2.8% realistic by Q2?")
    expect(thread.locator("strong", has_text="2.8%")).to_be_visible()
    expect(page.locator("#comments-business_goals .comment-count")).to_have_text("1")
    expect(page.get_by_label("Comment on Business goals")).to_have_value("")
    assert page.evaluate("window.__marker") == 1
    assert_accessible(page)


def test_member_opens_a_closed_thread_and_replies_in_it(
    browser, live_server, sign_in, world, plan_url, app
):
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        comments.add_comment(plan, "business_goals", "Is **2.8%** realistic?", leader)
        db.session.commit()
    page = open_plan(browser, live_server, sign_in, world.person("member"), plan_url)
    block = page.locator("#comments-business_goals")
    expect(block.locator(".comment-count")).to_have_text("1")
    expect(block.locator(".thread")).to_have_count(0)  # not rendered until opened
    block.locator("summary").click()
    expect(block.locator(".thread strong", has_text="2.8%")).to_be_visible()
    expect(block.locator("summary")).to_be_focused()
    assert_accessible(page)

    block.get_by_label("Reply").fill("Only with the **new** checkout.")
    block.get_by_role("button", name="Reply").click()
    expect(block.locator(".reply")).to_contain_text("Only with the new checkout.")
    expect(block).to_have_attribute("open", "")
    expect(block.locator(".comment-count")).to_have_text("2")
    expect(block.get_by_label("Reply")).to_have_value("")
    assert_accessible(page)
    page.goto(f"{plan_url}/comments/business_goals")
    expect(page.locator("#comments-business_goals .reply")).to_have_count(1)
    assert_accessible(page)  # the threads' own page, as without JavaScript


def test_without_javascript_a_closed_thread_opens_on_its_own_page(
    browser, live_server, sign_in, world, plan_url, app
):
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        comments.add_comment(plan, "business_goals", "Is 2.8% realistic?", leader)
        db.session.commit()
    page = open_plan(
        browser, live_server, sign_in, world.person("member"), plan_url, java_script_enabled=False
    )
    page.locator("#comments-business_goals summary").click()
    page.get_by_role("link", name="Read and reply on Business goals").click()
    expect(page.get_by_role("heading", name="Comments on Business goals")).to_be_visible()
    page.get_by_label("Reply").fill("Only with the new checkout.")
    page.get_by_role("button", name="Reply").click()
    expect(page.locator("#comments-business_goals .reply")).to_contain_text("new checkout")


def test_viewer_sees_the_published_version_only(
    browser, live_server, sign_in, world, plan_url, app
):
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        fields, _ = services.plan_parts(plan)
        services.save_field(plan, fields["vision"], "The published vision.", 1, leader)
        services.publish(plan, leader, "Ready for the board")
        services.save_field(plan, fields["vision"], "A draft in progress.", 2, leader)
        comments.add_comment(plan, "vision", "Internal remark", leader)
        db.session.commit()
    page = open_plan(browser, live_server, sign_in, world.person("viewer"), plan_url)
    expect(page.locator("#s-vision")).to_contain_text("The published vision.")
    expect(page.get_by_text("Ready for the board")).to_be_visible()
    expect(page.get_by_text("A draft in progress.")).to_have_count(0)
    expect(page.get_by_text("Internal remark")).to_have_count(0)
    assert_accessible(page)

    member = open_plan(browser, live_server, sign_in, world.person("member"), plan_url)
    expect(member.locator("#changed-vision")).to_have_text("Changed since last publish")
    expect(member.locator("#s-vision")).to_contain_text("A draft in progress.")


def test_without_javascript_the_same_forms_save(
    browser, live_server, sign_in, world, plan_url, app
):
    page = open_plan(
        browser, live_server, sign_in, world.person("leader"), plan_url, java_script_enabled=False
    )
    editor = page.locator("#f-non_goals")
    textbox(editor, "Non-goals").fill("No desktop redesign.")
    editor.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"#f-non_goals$"))
    expect(textbox(page, "Non-goals")).to_have_value("No desktop redesign.")
    assert field_value(app, "non_goals") == "No desktop redesign."


def test_plan_page_fits_a_phone(browser, live_server, sign_in, world, plan_url):
    page = open_plan(
        browser,
        live_server,
        sign_in,
        world.person("leader"),
        plan_url,
        viewport={"width": 375, "height": 800},
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_saves_overlapping_a_slow_request_never_conflict_with_themselves(
    browser, live_server, sign_in, world, plan_url, app
):
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)

    def slow(route):
        page.wait_for_timeout(600)
        route.continue_()

    page.route("**/fields/vision", slow)
    vision = textbox(page, "Vision statement")
    vision.press_sequentially("Pay in one tap", delay=5)
    page.wait_for_timeout(900)  # the first save is on its way, slowly
    vision.press_sequentially(", anywhere.", delay=5)
    expect(page.locator("#f-vision [data-save-state]")).to_have_text("Saved", timeout=8000)
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    expect(page.locator("#conflict-f-vision .conflict")).to_have_count(0)
    assert field_value(app, "vision") == "Pay in one tap, anywhere."


def test_keyboard_moves_rows_and_saves_at_once(browser, live_server, sign_in, world, plan_url, app):
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        services.add_item(plan, "business_goal", {"text": "Cut support tickets by 30%"}, leader)
        db.session.commit()
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    goals = page.locator("#list-business_goal textarea")
    goals.first.focus()
    goals.first.press("End")
    goals.first.press_sequentially(" by Q2", delay=5)
    goals.first.press("Control+s")
    goals.first.press("Alt+ArrowDown")
    expect(goals.first).to_have_value("Cut support tickets by 30%")
    expect(goals.last).to_have_value("Grow conversion to 2.8% by Q2")
    focused = page.evaluate("document.activeElement.closest('form').id")
    assert focused == page.locator("#list-business_goal form.row").last.get_attribute("id")
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.scalar(sa.select(Plan)))
    assert snapshot["board"]["business_goals"] == [
        "Cut support tickets by 30%",
        "Grow conversion to 2.8% by Q2",
    ]


def test_leader_starts_a_plan_from_the_plan_list(browser, live_server, sign_in, world):
    page = browser.new_context().new_page()
    sign_in(page, live_server, world.person("leader"))
    page.goto(f"{live_server}/t/{world.slug}/plans")
    wait_for_htmx(page)
    page.get_by_label("Plan name").fill("   ")
    page.get_by_role("button", name="Create plan").click()
    expect(page.locator("#name-error")).to_have_text("Give the plan a name.")
    assert_accessible(page)
    page.get_by_label("Plan name").fill("Payments 2028")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", name="Payments 2028", level=1)).to_be_visible()


def test_row_tools_answer_in_place(browser, live_server, sign_in, world, plan_url, app):
    """Move and delete post to their own URLs and swap the list: the page itself stays."""
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan))
        leader = db.session.get(User, world.person("leader").id)
        services.add_item(plan, "business_goal", {"text": "Cut support tickets by 30%"}, leader)
        db.session.commit()
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    page.evaluate("window.samePage = true")
    goals = page.locator("#list-business_goal textarea")
    page.get_by_role("button", name="Move “Grow conversion to 2.8%” down").click()
    expect(goals.first).to_have_value("Cut support tickets by 30%")
    page.get_by_role("button", name="Delete “Cut support tickets by 30%”").click()
    expect(goals).to_have_count(1)
    expect(goals.first).to_have_value("Grow conversion to 2.8%")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert page.evaluate("window.samePage") is True
    assert page.url == plan_url
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.scalar(sa.select(Plan)))
    assert snapshot["board"]["business_goals"] == ["Grow conversion to 2.8%"]


def test_each_click_on_add_adds_a_row(browser, live_server, sign_in, world, plan_url, app):
    """The add button's form comes back with a new one-time key, so a second click is a new
    row, not a retry of the first."""
    page = open_plan(browser, live_server, sign_in, world.person("leader"), plan_url)
    goals = page.locator("#list-business_goal textarea")
    add = page.get_by_role("button", name="+ Add a business goal")
    add.click()
    expect(goals).to_have_count(2)
    add.click()
    expect(goals).to_have_count(3)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanItem)) == 3
