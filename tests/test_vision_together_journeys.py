"""Two leaders drafting one plan at once, in two Chromium contexts: nothing typed is lost, rows
merge field by field, a session that ends mid-typing keeps the text, and each sees the other."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Plan, PlanField, PlanItem, Role, Team, User
from plplan.vision import services
from tests.browser import assert_accessible, wait_for_htmx

pytestmark = pytest.mark.browser

PILLAR = {"title": "Fewer steps", "rationale": "Every field costs", "metric": "Time to pay"}


@pytest.fixture
def world(make_team):
    return make_team(leader=Role.LEADER, coleader=Role.LEADER)


@pytest.fixture
def contexts(browser):
    """Browser contexts the test opens, closed after it (their heartbeats stop with them)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


@pytest.fixture
def plan(app, world, live_server):
    """The plan's URL and its one pillar's id."""
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        services.add_item(plan, "business_goal", {"text": "Grow conversion to 2.8%"}, leader)
        services.add_item(plan, "business_goal", {"text": "Cut tickets by 30%"}, leader)
        pillar = services.add_item(plan, "pillar", dict(PILLAR), leader)
        db.session.commit()
        return f"{live_server}/t/{world.slug}/plans/{plan.id}", pillar.id


@pytest.fixture
def open_plan(browser, live_server, sign_in, contexts):
    def _open_plan(person, url):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server, person)
        page.goto(url)
        wait_for_htmx(page)
        return page

    return _open_plan


def stored_field(app, key):
    with app.app_context():
        return db.session.scalar(sa.select(PlanField.value).where(PlanField.key == key))


def stored_row(app, item_id):
    with app.app_context():
        return dict(db.session.get(PlanItem, item_id).values)


def test_typing_on_while_their_save_lands_loses_nothing_and_keeps_the_caret(
    open_plan, live_server, world, plan, app
):
    url, _ = plan
    first = open_plan(world.person("leader"), url)
    second = open_plan(world.person("coleader"), url)
    first.get_by_label("Vision statement").fill("Pay in one tap.")
    expect(first.locator("#f-vision [data-save-state]")).to_have_text("Saved")

    def slow(route):
        second.wait_for_timeout(500)
        route.continue_()

    second.route("**/fields/vision", slow)
    vision = second.get_by_label("Vision statement")
    vision.click()
    vision.press_sequentially("Checkout without forms", delay=10)
    second.wait_for_timeout(800)  # the autosave is on its way, and will meet their version
    more = ", for every shopper on every phone."
    vision.press_sequentially(more, delay=25)  # typing on while the conflict arrives
    panel = second.locator("#conflict-f-vision .conflict")
    expect(panel).to_contain_text("Leader saved this while you were editing.")
    expect(panel.locator(".theirs")).to_contain_text("Pay in one tap.")

    typed = "Checkout without forms" + more
    expect(vision).to_have_value(typed)  # not one keystroke lost
    assert second.evaluate("document.activeElement.id") == "in-vision"
    assert second.evaluate("document.activeElement.selectionStart") == len(typed)
    assert_accessible(second)

    vision.press_sequentially(" Now.", delay=10)  # still typing after it showed
    panel.get_by_role("button", name="Keep mine").click()
    expect(panel).to_have_count(0)
    expect(second.locator("#save-status")).to_have_text("All changes saved")
    assert stored_field(app, "vision") == typed + " Now."  # what the field held at the choice
    assert second.evaluate("document.activeElement.id") == "in-vision"  # focus back in place


def test_two_leaders_editing_different_fields_of_a_pillar_both_keep_theirs(
    open_plan, live_server, world, plan, app
):
    url, pillar = plan
    first = open_plan(world.person("leader"), url)
    second = open_plan(world.person("coleader"), url)
    first_row, second_row = first.locator(f"#r-{pillar}"), second.locator(f"#r-{pillar}")

    first_row.get_by_label("Metric it moves").fill("Checkout time")
    expect(first_row.locator("[data-save-state]")).to_have_text("Saved")
    second_row.get_by_label("Rationale").fill("Each field loses shoppers")
    expect(second_row.locator("[data-save-state]")).to_have_text("Saved")

    expect(second.locator(".conflict")).to_have_count(0)
    expect(second.locator("#save-status")).to_have_text("All changes saved")
    expect(second_row.get_by_label("Metric it moves")).to_have_value("Checkout time")
    assert stored_row(app, pillar) == {
        **PILLAR,
        "metric": "Checkout time",
        "rationale": "Each field loses shoppers",
    }


def test_the_same_field_conflicts_and_keep_mine_keeps_only_that_field(
    open_plan, live_server, world, plan, app
):
    url, pillar = plan
    first = open_plan(world.person("leader"), url)
    second = open_plan(world.person("coleader"), url)
    first_row, second_row = first.locator(f"#r-{pillar}"), second.locator(f"#r-{pillar}")

    first_row.get_by_label("Metric it moves").fill("Checkout time")
    first_row.get_by_label("Rationale").fill("Every step loses buyers")
    expect(first_row.locator("[data-save-state]")).to_have_text("Saved")

    second_row.get_by_label("Rationale").fill("Each field loses shoppers")
    panel = second.locator(f"#conflict-r-{pillar} .conflict")
    expect(panel).to_contain_text("Leader saved this while you were editing.")
    expect(panel.locator(".theirs")).to_contain_text("Every step loses buyers")
    expect(panel.locator(".diff-text ins")).to_contain_text("field")  # what differs is marked
    expect(panel.locator(".label")).to_have_text(["Rationale"])  # only the field both changed
    expect(second_row.get_by_label("Rationale")).to_have_value("Each field loses shoppers")
    assert_accessible(second)

    panel.get_by_role("button", name="Keep mine").click()
    expect(panel).to_have_count(0)
    expect(second_row.get_by_label("Rationale")).to_be_focused()  # focus stays on the field
    expect(second_row.get_by_label("Metric it moves")).to_have_value("Checkout time")
    assert stored_row(app, pillar) == {
        **PILLAR,
        "metric": "Checkout time",  # the other person's other field, intact
        "rationale": "Each field loses shoppers",
    }


def test_signed_out_while_typing_the_text_is_saved_after_signing_in_again(
    open_plan, live_server, world, plan, app
):
    url, _ = plan
    page = open_plan(world.person("leader"), url)
    mission = page.get_by_role("textbox", name="Mission", exact=True)
    mission.fill("Remove every step")
    expect(page.locator("#f-mission [data-save-state]")).to_have_text("Saved")

    laptop = open_plan(world.person("leader"), f"{live_server}/t/{world.slug}/")
    laptop.get_by_role("button", name="Log out").click()  # "here and everywhere"
    expect(laptop.get_by_text("You are logged out.")).to_be_visible()

    mission.press("End")
    mission.press_sequentially(" between wanting and having.", delay=5)
    status = page.locator("#save-status")
    expect(status).to_contain_text(
        "You were signed out — your text is kept here. Sign in (opens a new tab) and it will "
        "be saved."
    )
    expect(mission).to_have_value("Remove every step between wanting and having.")
    link = status.get_by_role("link", name="Sign in (opens a new tab)")
    assert link.get_attribute("target") == "_blank"
    assert_accessible(page)
    beats = []
    page.on("request", lambda request: beats.append(request) if "/presence" in request.url else 0)
    page.evaluate(
        "document.getElementById('presence-beat').dispatchEvent(new Event('plplan:here'))"
    )
    page.wait_for_timeout(500)
    assert beats == []  # the heartbeat holds while signed out

    with page.context.expect_page() as opened:
        link.click()
    login = opened.value
    login.get_by_label("Email").fill(world.person("leader").email)
    login.get_by_label("Password").fill(world.person("leader").password)
    login.get_by_role("button", name="Log in").click()
    login.wait_for_url(f"{live_server}/t/{world.slug}/")  # the leader is in one team

    page.bring_to_front()
    with page.expect_response("**/presence") as beat:
        page.evaluate("window.dispatchEvent(new Event('focus'))")  # back from the sign-in tab
    assert beat.value.status == 200  # and beats again at once
    expect(status).to_have_text("All changes saved")
    assert stored_field(app, "mission") == "Remove every step between wanting and having."


def test_a_leader_sees_who_else_is_editing_which_section(open_plan, live_server, world, plan, app):
    url, pillar = plan
    first = open_plan(world.person("leader"), url)
    second = open_plan(world.person("coleader"), url)
    with first.expect_response("**/presence"):
        first.locator(f"#r-{pillar}").get_by_label("Rationale").focus()

    with second.expect_response("**/presence"):
        second.get_by_label("Vision statement").focus()
    expect(second.locator("#presence")).to_have_text("Leader is editing Strategic pillars")
    expect(second.locator("#presence-pillars")).to_have_text("Leader is editing here")
    expect(second.locator("#presence-vision")).to_have_text("")
    assert_accessible(second)
    expect(first.locator("#presence")).to_contain_text("Coleader", timeout=20000)  # next beat


def test_editor_layout_saved_state_slots_and_row_moves(open_plan, live_server, world, plan, app):
    url, _ = plan
    page = open_plan(world.person("leader"), url)
    vision = page.get_by_label("Vision statement")
    vision.fill("A long vision that runs to the right edge of the field and beyond it, " * 3)
    state = page.locator("#f-vision [data-save-state]")
    expect(state).to_have_text("Saved")
    text_box, state_box = vision.bounding_box(), state.bounding_box()
    assert state_box["y"] >= text_box["y"] + text_box["height"]  # under the text, not over it

    slot = page.get_by_label("For (target customer)")
    slot.fill("busy shoppers who buy on their phones between two meetings and never on a laptop")
    one_line = slot.bounding_box()["height"]
    assert slot.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off
    assert one_line > 40  # it wrapped onto a second line

    goals = page.locator("#list-business_goal form.row")
    first_up = goals.first.get_by_role("button", name="Move “Grow conversion to 2.8%” up")
    last_down = goals.last.get_by_role("button", name="Move “Cut tickets by 30%” down")
    expect(first_up).to_be_hidden()
    expect(last_down).to_be_hidden()
    expect(
        goals.first.get_by_role("button", name="Move “Grow conversion to 2.8%” down")
    ).to_be_visible()

    last = page.locator("#list-business_goal textarea").last
    last.focus()
    last.press("Alt+ArrowUp")
    expect(page.locator("#list-business_goal textarea").first).to_have_value("Cut tickets by 30%")
    expect(page.locator("#list-business_goal textarea").first).to_be_focused()  # same control
    assert_accessible(page)
    with app.app_context():
        plan_row = db.session.scalar(sa.select(Plan))
        _, rows = services.plan_parts(plan_row)
        assert [r.values["text"] for r in rows["business_goal"]] == [
            "Cut tickets by 30%",
            "Grow conversion to 2.8%",
        ]
