"""Browser journeys through the responsibility map, in Debian's Chromium."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser import assert_accessible, wait_for_htmx
from tests.responsibilities_world import grid_cell, set_cells, with_default_areas

pytestmark = pytest.mark.browser

BUDGET = "Budget management"


@pytest.fixture
def mapped(team, app):
    return with_default_areas(app, team)


def open_grid(page, live_server, sign_in, mapped, person: str):
    sign_in(page, live_server, mapped.person(person))
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")  # gone if the page reloads


def cell(page, mapped, area: str, person: str):
    return grid_cell(page, mapped.area(area), mapped.membership_ids[person])


def control(page, mapped, area: str, person: str):
    """The control a cell holds while it is the tab stop."""
    return cell(page, mapped, area, person).locator("[data-cell]")


def row_status(page, mapped, area: str):
    return page.locator(f"#row-status-{mapped.area(area)}")


def test_leader_sets_roles_with_the_mouse_and_moves_accountability(
    page, live_server, sign_in, mapped, app
):
    set_cells(app, (mapped.area(BUDGET), mapped.membership_ids["leader"], "A"))
    open_grid(page, live_server, sign_in, mapped, "leader")
    expect(row_status(page, mapped, BUDGET)).to_have_text("No Responsible")
    assert_accessible(page)

    cell(page, mapped, BUDGET, "member").click()
    page.locator("#cell-menu").get_by_role("button", name="R Responsible").click()
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("R")
    expect(row_status(page, mapped, BUDGET)).to_have_text(re.compile("OK"))
    expect(page.locator(f"#load-{mapped.membership_ids['member']}")).to_have_text("1")
    expect(page.locator("#coverage")).to_contain_text("Product processes (No Accountable")

    cell(page, mapped, BUDGET, "member").click()
    clicked_at = cell(page, mapped, BUDGET, "member").bounding_box()
    page.locator("#cell-menu").get_by_role("button", name="A Accountable").click()
    prompt = page.locator("#raci-prompt")
    expect(prompt).to_contain_text("Leader is already Accountable for Budget management")
    dialog = prompt.get_by_role("alertdialog", name=re.compile("already Accountable"))
    expect(dialog).to_be_visible()
    expect(prompt.get_by_role("button", name="Move it to Member")).to_be_focused()
    assert cell(page, mapped, BUDGET, "member").bounding_box() == clicked_at  # the grid stays put
    assert_accessible(page)
    prompt.get_by_role("button", name="Move it to Member").click()
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("A")
    expect(cell(page, mapped, BUDGET, "leader")).to_contain_text("·")
    expect(prompt).to_be_empty()
    expect(row_status(page, mapped, BUDGET)).to_have_text("No Responsible")  # R became A
    expect(page.locator(f"#load-{mapped.membership_ids['member']}")).to_have_text("2")
    expect(control(page, mapped, BUDGET, "member")).to_be_focused()
    assert page.evaluate("window.__marker") == 1

    page.reload()
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("A")


def test_leader_sets_roles_with_the_keyboard_alone(page, live_server, sign_in, mapped):
    open_grid(page, live_server, sign_in, mapped, "leader")
    for _ in range(40):  # Tab from the top of the page into the grid
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-cell')"):
            break
    first = page.locator("[data-cell]").first
    expect(first).to_be_focused()
    # Columns are sorted by name: Leader, Member. Rows: the six areas in order.
    unfocused_at = cell(page, mapped, BUDGET, "leader").bounding_box()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Budget management, Leader
    expect(control(page, mapped, BUDGET, "leader")).to_be_focused()
    assert cell(page, mapped, BUDGET, "leader").bounding_box() == unfocused_at  # a control fits
    # the headers name the cell: the page sends a bare letter
    expect(control(page, mapped, BUDGET, "leader")).to_have_accessible_name(
        f"Leader (you) {BUDGET} no role"
    )
    page.keyboard.press("a")
    expect(cell(page, mapped, BUDGET, "leader")).to_contain_text("A")
    expect(page.locator("#raci-live")).to_have_text(
        "Leader: Accountable for Budget management. No Responsible"
    )
    expect(control(page, mapped, BUDGET, "leader")).to_be_focused()
    expect(control(page, mapped, BUDGET, "leader")).to_have_accessible_name(
        f"Leader (you) {BUDGET} Accountable"
    )
    expect(row_status(page, mapped, BUDGET)).to_have_text("No Responsible")

    page.keyboard.press("ArrowRight")
    page.keyboard.press("r")
    expect(row_status(page, mapped, BUDGET)).to_have_text(re.compile("OK"))
    expect(control(page, mapped, BUDGET, "member")).to_be_focused()

    page.keyboard.press("Delete")
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("·")
    expect(row_status(page, mapped, BUDGET)).to_have_text("No Responsible")

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Backspace")
    expect(row_status(page, mapped, BUDGET)).to_have_text("No Accountable · No Responsible")
    assert page.evaluate("window.__marker") == 1
    # Only one cell is in the tab order (roving tabindex).
    assert page.locator("[data-cell][tabindex='0']").count() == 1


def test_member_sees_the_grid_read_only_and_their_responsibilities(
    page, live_server, sign_in, mapped, app
):
    member_id = mapped.membership_ids["member"]
    set_cells(
        app,
        (mapped.area(BUDGET), member_id, "A"),
        (mapped.area("Project management"), member_id, "R"),
    )
    open_grid(page, live_server, sign_in, mapped, "member")
    expect(page.get_by_role("columnheader", name="Member (you)")).to_have_class(re.compile("mine"))
    expect(page.locator("#cell-menu")).to_have_count(0)
    assert_accessible(page)
    cell(page, mapped, BUDGET, "member").click()  # a reader's cell opens the area
    expect(page.get_by_role("heading", name=BUDGET, level=1)).to_be_visible()
    expect(page.get_by_text("Member: Accountable")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server}/t/{mapped.slug}/")
    section = page.locator("section", has=page.get_by_role("heading", name="My responsibilities"))
    expect(section.get_by_role("link", name=BUDGET)).to_be_visible()
    expect(section.get_by_role("link", name="Project management")).to_be_visible()
    expect(section).to_contain_text("Spend tracking")
    page.get_by_role("link", name="Responsibilities", exact=True).click()
    page.get_by_role("link", name="My responsibilities").click()
    expect(page.get_by_role("heading", name="My responsibilities")).to_be_visible()
    expect(page.locator(".mine-list > li")).to_have_count(2)
    assert_accessible(page)


def test_on_a_phone_the_map_is_a_list_of_areas_without_sideways_scroll(
    browser, live_server, sign_in, mapped, make_user, app
):
    phone = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    open_grid(phone, live_server, sign_in, mapped, "leader")
    expect(phone.locator(".raci-wide")).to_be_hidden()
    expect(phone.locator(".raci-list > li")).to_have_count(6)
    expect(phone.locator(".raci-list > li").nth(2)).to_contain_text(
        "No Accountable · No Responsible"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    phone.get_by_role("link", name=f"Edit roles in {BUDGET}").click()
    phone.wait_for_url(re.compile(r"/areas/\d+#assign$"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    member_role = phone.get_by_label("Member", exact=True)
    expect(member_role).to_be_in_viewport()
    member_role.select_option("R")  # saves on its own: the Set button is for pages without JS
    phone.wait_for_url(re.compile(r"/areas/\d+#assign$"))
    expect(phone.get_by_text(f"Member: Responsible for {BUDGET}.")).to_be_visible()
    expect(phone.get_by_label("Member", exact=True)).to_have_value("R")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_role("link", name="← Responsibility map").click()
    expect(phone.locator(".raci-list > li").nth(2)).to_contain_text("No Accountable")
    expect(phone.locator(".raci-list > li").nth(2)).not_to_contain_text("No Responsible")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_grid_prints_on_one_landscape_page(page, live_server, sign_in, mapped, make_user, app):
    from plplan.extensions import db
    from plplan.models import Membership, Role

    people = [make_user(name=f"Colleague {n}") for n in range(10)]
    with app.app_context():
        for person in people:
            db.session.add(Membership(team_id=mapped.id, user_id=person.id, role=Role.MEMBER))
        db.session.commit()
    open_grid(page, live_server, sign_in, mapped, "leader")
    page.emulate_media(media="print")
    expect(page.locator(".raci-wide")).to_be_visible()
    expect(page.locator(".threshold")).to_be_hidden()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert box.width > box.height  # landscape


def test_leader_adds_describes_and_archives_an_area(page, live_server, sign_in, mapped):
    open_grid(page, live_server, sign_in, mapped, "leader")
    page.get_by_role("link", name="Manage areas").click()
    assert_accessible(page)
    page.get_by_label("Name of the new area").fill("Budget management")
    page.get_by_role("button", name="Add area").click()
    expect(page.locator("#name-error")).to_have_text(
        "There is already an area called “Budget management”."
    )
    page.get_by_label("Name of the new area").fill("Pricing")
    page.get_by_role("button", name="Add area").click()
    expect(page.get_by_role("heading", name="Pricing", level=1)).to_be_visible()
    page.get_by_label("Purpose").fill("Set **prices** that match the value.")
    page.get_by_role("button", name="Save area").click()
    expect(page.locator("strong", has_text="prices")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/areas")
    page.get_by_role("button", name="Move up Pricing").click()
    names = page.locator(".area-admin").first.locator("li > a").all_text_contents()
    assert names[-2:] == ["Pricing", "Senior leadership and stakeholder communications"]
    page.get_by_role("button", name="Archive Pricing").click()
    expect(page.get_by_role("button", name="Restore Pricing")).to_be_visible()
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    expect(page.get_by_role("rowheader", name="Pricing")).to_have_count(0)


def test_leader_sets_a_role_on_the_next_page_of_people(
    page, live_server, sign_in, mapped, make_user, app
):
    """A big team's grid shows a page of people: on the next one, a cell set with the mouse
    lands in its place and the person's load follows."""
    from plplan.extensions import db
    from plplan.models import Membership, Role
    from plplan.responsibilities.columns import COLUMNS

    people = [make_user(name=f"Colleague {n:02}") for n in range(COLUMNS)]
    with app.app_context():
        for person in people:
            db.session.add(Membership(team_id=mapped.id, user_id=person.id, role=Role.MEMBER))
        db.session.commit()
    open_grid(page, live_server, sign_in, mapped, "leader")  # the colleagues sort first
    page.get_by_role("link", name="Next people").click()
    page.wait_for_url(re.compile(r"\?people=2$"))
    wait_for_htmx(page)
    expect(page.locator("thead th.person")).to_have_count(2)  # Leader, Member
    assert_accessible(page)
    cell(page, mapped, BUDGET, "member").click()
    page.locator("#cell-menu").get_by_role("button", name="R Responsible").click()
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("R")
    expect(page.locator(f"#load-{mapped.membership_ids['member']}")).to_have_text("1")
    expect(cell(page, mapped, BUDGET, "leader")).to_contain_text("·")
    page.reload()
    expect(cell(page, mapped, BUDGET, "member")).to_contain_text("R")
    expect(page.get_by_role("link", name="Previous people")).to_be_visible()
