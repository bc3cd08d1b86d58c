"""Browser journeys for the map's layout: your column in the body, the role menu beside the
cell, and the people page keeping its order after a role change."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_for_htmx
from tests.responsibilities_world import grid_cell, with_default_areas

pytestmark = pytest.mark.browser

BUDGET = "Budget management"


@pytest.fixture
def mapped(team, app):
    return with_default_areas(app, team)


def test_your_column_is_highlighted_in_the_body_cells_too(page, live_server, sign_in, mapped):
    sign_in(page, live_server, mapped.person("member"))
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    mine, theirs = mapped.membership_ids["member"], mapped.membership_ids["leader"]
    area = mapped.area(BUDGET)
    header = page.locator("thead th.person.mine")
    expect(header).to_contain_text("Member")
    body_cell = grid_cell(page, area, mine)
    expect(body_cell).to_have_class(re.compile(r"\bmine\b"))
    expect(grid_cell(page, area, theirs)).not_to_have_class(re.compile(r"\bmine\b"))
    colour = "el => getComputedStyle(el).backgroundColor"
    assert body_cell.evaluate(colour) == header.evaluate(colour)
    assert grid_cell(page, area, theirs).evaluate(colour) != header.evaluate(colour)
    expect(page.locator("tbody td.mine")).to_have_count(len(mapped.areas))
    assert_accessible(page)


def test_the_role_menu_opens_beside_the_cell_and_leaves_the_next_row_clickable(
    page, live_server, sign_in, mapped
):
    sign_in(page, live_server, mapped.person("leader"))
    page.goto(f"{live_server}/t/{mapped.slug}/responsibilities/")
    wait_for_htmx(page)
    member = mapped.membership_ids["member"]
    team_culture = mapped.area("Building the team and culture")
    rows = page.locator("table.raci tbody tr")
    first_area = rows.nth(0).locator("td").first
    for person in ("leader", "member"):  # the left column and the right one
        cell = grid_cell(page, team_culture, mapped.membership_ids[person])
        cell.click()
        menu = page.locator("#cell-menu")
        expect(menu).to_be_visible()
        box, at = menu.bounding_box(), cell.bounding_box()
        below = rows.nth(1).locator("td").first.bounding_box()
        assert box["y"] + box["height"] <= below["y"] + 0.5  # the next row stays uncovered
        assert box["y"] >= at["y"] - 0.5
        beside = box["x"] >= at["x"] + at["width"] - 0.5 or box["x"] + box["width"] <= at["x"] + 0.5
        assert beside, (box, at)
        assert_accessible(page)
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
    assert first_area.is_visible()

    # straight from the open menu, a click on the cell below lands on that cell
    grid_cell(page, team_culture, member).click()
    below = grid_cell(page, mapped.area("Product processes"), member)
    below.click()
    page.locator("#cell-menu").get_by_role("button", name="R Responsible").click()
    expect(below).to_contain_text("R")
    expect(grid_cell(page, team_culture, member)).to_contain_text("·")


def test_a_role_change_on_the_people_page_leaves_the_order_unchanged(
    page, live_server, sign_in, team
):
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/members")
    names = page.locator("#member-list tbody tr td:first-child")
    before = [n.split(" (you)")[0] for n in names.all_inner_texts()]
    assert before == sorted(before)
    page.get_by_label("Role of Viewer").select_option("leader")
    expect(page.get_by_text("Viewer is now leader.")).to_be_visible()
    assert [n.split(" (you)")[0] for n in names.all_inner_texts()] == before
    # the next click hits the person in the same row as before
    page.get_by_label("Role of Member").select_option("viewer")
    expect(page.get_by_text("Member is now viewer.")).to_be_visible()
    assert [n.split(" (you)")[0] for n in names.all_inner_texts()] == before
    assert_accessible(page)
