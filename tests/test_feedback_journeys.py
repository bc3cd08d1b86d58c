"""Browser journeys: no lost clicks, no lost place (issue 14). A double click sends one
request, a form sent back shows what is wrong where the focus is, a check-in keeps its place."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import (
    Assignment,
    CheckIn,
    Goal,
    GoalComment,
    Invitation,
    Plan,
    PlanField,
    Raci,
    Role,
    Team,
    User,
)
from plplan.vision import services as vision
from tests.browser import assert_accessible, wait_for_htmx
from tests.goals_factory import make_goal, seed_team_skills
from tests.responsibilities_world import grid_cell, with_default_areas

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(make_team, app):
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER)
    seed_team_skills(app, world.id)
    return world


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@dataclass
class Submit:
    """One kind of create form: where it is, what to type, its button, what it creates."""

    path: str
    fill: Callable
    button: str
    model: type
    posts_to: str


def nothing(page) -> None:
    pass


def goal_fields(page) -> None:
    page.get_by_label("Goal", exact=True).fill("Lead the discovery sprint")
    page.get_by_label("What success looks like").fill("Sprint run end to end")


def checkin_fields(page) -> None:
    form = page.locator("#check-in form")
    form.get_by_label("Progress (%)").fill("40")
    form.get_by_label("What happened").fill("Planned the sprint")


def comment_fields(page) -> None:
    page.get_by_role("textbox", name="Comment").fill("Nice progress")


def plan_fields(page) -> None:
    page.locator("#new-plan").get_by_label("Name").fill("Plan for 2027")


def team_fields(page) -> None:
    page.get_by_label("Team name").fill("Growth squad")


SUBMITS = {
    "plain form: new team": Submit("/teams/new", team_fields, "Create team", Team, r"/teams/new$"),
    "htmx, swapped: new goal": Submit(
        "{t}/goals/new", goal_fields, "Create goal", Goal, r"/goals/new$"
    ),
    "htmx, swapped: check-in": Submit(
        "{t}/goals/{goal}", checkin_fields, "Save check-in", CheckIn, r"/checkins$"
    ),
    "htmx, swapped: comment": Submit(
        "{t}/goals/{goal}", comment_fields, "Add comment", GoalComment, r"/comments$"
    ),
    "htmx, morphed: new plan": Submit("{t}/plans", plan_fields, "Create plan", Plan, r"/plans$"),
    "htmx, shown once: invite link": Submit(
        "{t}/invitations", nothing, "Create link", Invitation, r"/invitations$"
    ),
}


@pytest.mark.parametrize("kind", SUBMITS.values(), ids=SUBMITS.keys())
def test_a_double_click_sends_one_request_and_creates_one_record(
    page, live_server, cast, sign_in, app, kind
):
    goal = make_goal(app, cast.id, cast.person("leader").id, title="Ship onboarding")
    sign_in(page, live_server, cast.person("leader"))
    page.goto(live_server + kind.path.format(t=f"/t/{cast.slug}", goal=goal))
    wait_for_htmx(page)
    kind.fill(page)
    before = count(app, kind.model)
    posts = []

    def sent(request) -> None:
        if request.method == "POST" and re.search(kind.posts_to, request.url):
            posts.append(request.url)

    page.on("request", sent)
    button = page.get_by_role("button", name=kind.button)
    with page.expect_response(re.compile(kind.posts_to)):
        button.dblclick()
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1
    assert count(app, kind.model) == before + 1


def test_a_double_click_on_a_raci_role_sends_one_request_and_sets_one_role(
    page, live_server, sign_in, team, app
):
    mapped = with_default_areas(app, team)
    area, member = mapped.area("Budget management"), mapped.membership_ids["member"]
    sign_in(page, live_server, mapped.person("leader"))
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    wait_for_htmx(page)
    posts = []
    page.on("request", lambda r: r.method == "POST" and "/cells" in r.url and posts.append(r.url))
    cell = grid_cell(page, area, member)
    cell.click()
    with page.expect_response(re.compile(r"/cells")):
        page.locator("#cell-menu").get_by_role("button", name="R Responsible").dblclick()
    page.wait_for_load_state("networkidle")
    expect(cell).to_have_text("R")
    assert len(posts) == 1
    with app.app_context():
        held = db.session.scalars(
            sa.select(Assignment.role).where(
                Assignment.area_id == area, Assignment.membership_id == member
            )
        ).all()
    assert held == [Raci.RESPONSIBLE]


def test_an_invalid_new_goal_puts_the_focus_on_a_summary_that_leads_to_each_field(
    page, live_server, cast, sign_in
):
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/new")
    wait_for_htmx(page)
    page.get_by_label("Start value").fill("10")
    page.get_by_role("button", name="Create goal").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Give the goal a short title.",
            "Say how you will know you got there.",
            re.compile("target"),
        ]
    )
    assert_accessible(page)
    links.nth(1).click()
    expect(page.get_by_label("What success looks like")).to_be_focused()


def test_an_invalid_form_without_javascript_opens_on_its_summary(
    browser, live_server, cast, sign_in
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/new")
    page.get_by_role("button", name="Create goal").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Give the goal a short title.")
    context.close()


def test_a_check_in_keeps_its_card_in_view_says_saved_and_keeps_the_focus(
    page, live_server, cast, sign_in, app
):
    goal = make_goal(app, cast.id, cast.person("owner").id, title="Ship onboarding")
    page.set_viewport_size({"width": 1000, "height": 700})
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/{goal}")
    wait_for_htmx(page)
    card = page.locator("#check-in")
    form = page.locator(f"#checkin-form-{goal}")
    form.get_by_label("Progress (%)").fill("40")
    form.get_by_label("What happened").fill("Planned the sprint")
    button = form.get_by_role("button", name=re.compile("^Save check-in"))
    button.scroll_into_view_if_needed()
    top = button.bounding_box()["y"]
    with page.expect_response(re.compile(r"/checkins$")):
        button.click()
    status = card.get_by_role("status")
    expect(status).to_have_text("Check-in saved.")
    expect(form.get_by_role("button", name=re.compile("^Save check-in"))).to_be_focused()
    assert abs(button.bounding_box()["y"] - top) < 2  # no jump: the button is where it was
    expect(status).to_be_in_viewport()
    progress = page.get_by_role("progressbar", name="Progress")
    expect(progress).to_have_attribute("aria-valuenow", "40")
    assert_accessible(page)

    form.get_by_label("Progress (%)").fill("140")
    form.get_by_role("button", name=re.compile("^Save check-in")).click()
    expect(form.get_by_label("Progress (%)")).to_be_focused()
    error = form.locator(f"#goal{goal}-progress-error")
    expect(error).to_have_text("Progress is between 0 and 100.")


@pytest.fixture
def plan_url(app, cast, live_server) -> str:
    with app.app_context():
        leader = db.session.get(User, cast.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, cast.id), "Checkout 2027", leader)
        db.session.commit()
        return f"{live_server}/t/{cast.slug}/plans/{plan.id}"


def field_value(app, key: str) -> str:
    with app.app_context():
        return db.session.scalar(sa.select(PlanField.value).where(PlanField.key == key))


def test_offline_edits_wait_under_a_notice_and_save_themselves_once_back(
    page, context, live_server, cast, sign_in, plan_url, app
):
    sign_in(page, live_server, cast.person("leader"))
    page.goto(plan_url)
    wait_for_htmx(page)
    notice = page.locator("#offline-notice")
    state = page.locator("#f-vision [data-save-state]")
    status = page.locator("#save-status")

    context.set_offline(True)
    expect(notice).to_contain_text("You are offline.")
    page.get_by_label("Vision statement").fill("Paying online should feel like cash.")
    expect(state).to_have_text("Offline — kept here")
    expect(status).to_contain_text("Offline — your changes are kept here")
    assert state.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"  # --bad, not grey
    assert status.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"
    page.wait_for_timeout(1500)
    expect(notice).to_be_visible()  # it stays while offline
    assert_accessible(page)
    assert field_value(app, "vision") == ""  # nothing reached the server

    context.set_offline(False)
    expect(notice).to_have_count(0)
    expect(state).to_have_text("Saved")
    expect(status).to_have_text("All changes saved")
    assert field_value(app, "vision") == "Paying online should feel like cash."


def test_a_field_that_cannot_be_saved_says_so_beside_it_and_at_the_top(
    page, live_server, cast, sign_in, plan_url
):
    sign_in(page, live_server, cast.person("leader"))
    page.goto(plan_url)
    wait_for_htmx(page)
    page.get_by_label("Current value").fill("about 1200")
    state = page.locator("#f-ns_current [data-save-state]")
    expect(state).to_have_text("Couldn't save — kept here")
    expect(page.locator("#save-status")).to_contain_text("Couldn't save")
    assert state.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"


def test_a_raci_cell_shows_the_letter_asked_for_until_the_answer_is_in(
    page, live_server, sign_in, team, app
):
    mapped = with_default_areas(app, team)
    sign_in(page, live_server, mapped.person("leader"))
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    wait_for_htmx(page)
    cell = grid_cell(page, mapped.area("Budget management"), mapped.membership_ids["member"])
    released = []  # the request waits here until the test lets it go
    page.route(re.compile(r"/responsibilities/.*"), lambda route: released.append(route))
    cell.click()
    page.locator("#cell-menu").get_by_role("button", name="R Responsible").click()
    expect(cell).to_have_text("R")
    expect(cell).to_have_class(re.compile("raci-pending"))
    expect(cell).to_have_attribute("aria-busy", "true")
    released[0].continue_()
    expect(cell).not_to_have_class(re.compile("raci-pending"))
    expect(cell).to_have_text("R")
    assert_accessible(page)


def test_after_publishing_the_focus_is_on_the_confirmation(
    page, live_server, cast, sign_in, plan_url
):
    sign_in(page, live_server, cast.person("leader"))
    page.goto(plan_url)
    wait_for_htmx(page)
    page.get_by_text("Publish…").click()
    page.get_by_role("button", name="Publish version 1").click()
    confirmation = page.locator("#published")  # the confirmation with the next steps
    expect(confirmation).to_contain_text("Published version 1.")
    expect(confirmation).to_be_focused()
    assert_accessible(page)


def test_a_check_in_from_my_goals_keeps_the_card_in_view_with_the_focus_on_it(
    page, live_server, cast, sign_in, app
):
    goal = make_goal(app, cast.id, cast.person("owner").id, title="Ship onboarding")
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    wait_for_htmx(page)
    card = page.locator(f"#goal-card-{goal}")
    card.get_by_text("Check in").click()
    card.get_by_label("Progress (%)").fill("55")
    card.get_by_label("What happened").fill("Half the screens shipped")
    card.get_by_role("button", name=re.compile("^Save check-in")).click()
    status = card.get_by_role("status")
    expect(status).to_have_text("Check-in saved.")
    expect(status).to_be_in_viewport()  # the card shrank: the page did not jump past it
    expect(card.locator("summary")).to_be_focused()
    assert_accessible(page)


def test_an_invalid_close_form_leads_from_its_summary_to_the_choice(
    page, live_server, cast, sign_in, app
):
    goal = make_goal(app, cast.id, cast.person("owner").id, title="Ship onboarding")
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/{goal}/close")
    wait_for_htmx(page)
    page.get_by_label("What was learned").fill("Smaller steps")
    page.get_by_role("button", name="Close goal").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Choose how it ended.").click()
    expect(page.locator("#outcome-0")).to_be_focused()
    expect(page.get_by_label("What was learned")).to_have_value("Smaller steps")
    assert_accessible(page)


def test_while_a_form_is_sent_its_button_is_held_and_the_form_says_busy(
    page, live_server, cast, sign_in, app
):
    goal = make_goal(app, cast.id, cast.person("owner").id, title="Ship onboarding")
    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/{goal}")
    wait_for_htmx(page)
    held = []  # the request waits here until the test lets it go
    page.route(re.compile(r"/comments$"), lambda route: held.append(route))
    comment_fields(page)
    page.get_by_role("button", name="Add comment").click()
    form = page.locator("#goal-comments form")
    expect(form).to_have_class(re.compile("htmx-request"))
    expect(form).to_have_attribute("aria-busy", "true")
    expect(form.get_by_role("button", name="Add comment")).to_be_disabled()
    held[0].continue_()
    expect(page.locator("#goal-comments")).to_contain_text("Nice progress")
    expect(form.get_by_role("button", name="Add comment")).to_be_enabled()
    expect(form).not_to_have_attribute("aria-busy", "true")


def test_a_form_sent_back_in_place_gives_the_focus_to_its_summary_and_frees_its_button(
    page, live_server, cast, sign_in
):
    sign_in(page, live_server, cast.person("leader"))
    page.goto(f"{live_server}/t/{cast.slug}/plans")
    wait_for_htmx(page)
    page.locator("#new-plan").get_by_label("Name").fill("   ")  # a name of spaces is no name
    button = page.locator("#new-plan").get_by_role("button", name="Create plan")
    with page.expect_response(re.compile(r"/plans$")) as answer:
        button.click()
    assert answer.value.status == 422
    expect(page.locator("#new-plan .error")).to_be_visible()
    expect(page.locator("#new-plan #error-summary")).to_be_focused()  # not dropped to the page
    expect(button).to_be_enabled()  # held while it was sent only
