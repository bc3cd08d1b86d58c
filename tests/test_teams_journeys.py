"""Browser journeys through accounts and teams, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_for_htmx

pytestmark = pytest.mark.browser


def test_register_team_invite_join_and_outsider(browser, live_server, make_user):
    make_user(email="taken@example.com")
    leader = browser.new_context().new_page()
    leader.goto(f"{live_server}/auth/register")
    wait_for_htmx(leader)
    assert leader.evaluate("htmx.version").startswith("4.")
    leader.evaluate("window.__marker = 1")
    leader.get_by_label("Your name").fill("Maya Chen")
    leader.get_by_label("Email").fill("taken@example.com")
    leader.get_by_label("Password").focus()  # leaving the field checks the email
    expect(leader.locator("#email-error")).to_contain_text("already exists")
    assert leader.evaluate("window.__marker") == 1  # no reload
    assert_accessible(leader)
    leader.get_by_label("Email").fill("maya@example.com")
    leader.get_by_label("Password").fill("a long enough password")
    leader.get_by_role("button", name="Create account").click()
    leader.wait_for_url(f"{live_server}/home")
    expect(leader.get_by_text("You are not in a team yet")).to_be_visible()

    leader.get_by_role("link", name="New team").click()
    leader.get_by_label("Team name").fill("Checkout")
    leader.get_by_role("button", name="Create team").click()
    leader.wait_for_url(f"{live_server}/t/checkout/")  # getting started, one step a click
    leader.get_by_role("link", name="Create an invite link").click()
    leader.wait_for_url(re.compile(r"/t/checkout/invitations$"))
    leader.get_by_label("Link valid for (days)").fill("45")
    leader.get_by_role("button", name="Create link").click()
    expect(leader.locator("#days-error")).to_have_text("Choose between 1 and 30 days.")
    leader.get_by_label("Link valid for (days)").fill("7")
    leader.get_by_role("button", name="Create link").click()
    link = leader.get_by_label("Invite link").input_value()
    assert "/join/" in link
    assert_accessible(leader)

    newcomer = browser.new_context().new_page()
    newcomer.goto(link)
    newcomer.get_by_role("link", name="Create an account and join").click()
    newcomer.get_by_label("Your name").fill("Jonas Weber")
    newcomer.get_by_label("Email").fill("jonas@example.com")
    newcomer.get_by_label("Password").fill("another long password")
    newcomer.get_by_role("button", name="Create account").click()
    newcomer.wait_for_url(f"{live_server}/t/checkout/")
    expect(newcomer.get_by_role("heading", name="Checkout")).to_be_visible()
    expect(newcomer.get_by_text("You are member")).to_be_visible()

    leader.goto(f"{live_server}/t/checkout/")
    expect(leader.get_by_text("joined the team as member")).to_be_visible()

    stranger = browser.new_context().new_page()
    stranger.goto(f"{live_server}/auth/register")
    stranger.get_by_label("Your name").fill("Stranger")
    stranger.get_by_label("Email").fill("stranger@example.com")
    stranger.get_by_label("Password").fill("a third long password")
    stranger.get_by_role("button", name="Create account").click()
    stranger.wait_for_url(f"{live_server}/home")
    response = stranger.goto(f"{live_server}/t/checkout/")
    assert response.status == 404
    expect(stranger.get_by_role("heading", name="Not found")).to_be_visible()


def test_sign_in_manage_roles_and_pages_are_accessible(page, live_server, team, sign_in):
    sign_in(page, live_server, team.person("leader"))
    for path in ["/home", f"/t/{team.slug}/", f"/t/{team.slug}/members", "/auth/profile"]:
        page.goto(live_server + path)
        assert_accessible(page)
    page.goto(f"{live_server}/t/{team.slug}/members")
    page.get_by_label("Role of Member").select_option("viewer")
    expect(page.get_by_text("Member is now viewer.")).to_be_visible()


def test_visitor_pages_are_accessible(page, live_server):
    for path in ["/", "/auth/login", "/auth/register", "/auth/reset"]:
        page.goto(live_server + path)
        assert_accessible(page)


def test_phone_width_has_no_horizontal_scroll(browser, live_server, team, sign_in):
    page = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    sign_in(page, live_server, team.person("leader"))
    for path in [f"/t/{team.slug}/members", f"/t/{team.slug}/invitations"]:
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_finding_someone_on_the_people_page_as_you_type(page, live_server, team, sign_in):
    """The search narrows the list without a page load (htmx), and the address keeps it."""
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/members")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")
    page.get_by_label("Find someone").fill("mem")
    rows = page.locator("#member-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Member")
    expect(page.get_by_text("1 person matching “mem”.")).to_be_visible()
    assert page.evaluate("window.__marker") == 1  # the same page: only the list was swapped
    assert page.url.endswith("/members?q=mem")
    assert_accessible(page)


def test_without_javascript_a_role_changes_with_its_button(browser, live_server, team, sign_in):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/members")
    page.get_by_label("Role of Member").select_option("viewer")
    expect(page.get_by_text("Member is now viewer.")).to_have_count(0)  # nothing sent yet
    page.get_by_role("row", name=re.compile("Member")).get_by_role("button", name="Change").click()
    expect(page.get_by_text("Member is now viewer.")).to_be_visible()
    context.close()


def test_with_javascript_a_role_saves_on_change_with_no_button(page, live_server, team, sign_in):
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/members")
    expect(page.get_by_role("button", name="Change")).to_have_count(0)
    page.get_by_label("Role of Member").select_option("viewer")
    expect(page.get_by_text("Member is now viewer.")).to_be_visible()
    expect(page.get_by_label("Role of Member")).to_have_value("viewer")


def test_arrowing_through_a_role_select_saves_nothing_until_its_button(
    page, live_server, team, sign_in
):
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/members")
    select = page.get_by_label("Role of Member")
    select.focus()
    page.keyboard.press("ArrowDown")
    row = page.get_by_role("row", name=re.compile("Member"))
    expect(row.get_by_role("button", name="Change")).to_be_visible()
    expect(page.get_by_text(re.compile("Member is now"))).to_have_count(0)  # no save, no reload
    expect(select).to_be_focused()
    row.get_by_role("button", name="Change").click()
    expect(page.get_by_text(re.compile("Member is now"))).to_be_visible()
