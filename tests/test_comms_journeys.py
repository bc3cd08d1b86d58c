"""Browser journeys through a communication plan, in Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from plplan.areadata.comms_rules import add_months
from plplan.formatting import format_date, today
from tests.browser import assert_accessible, wait_for_htmx
from tests.comms_world import COMMS, add_comm, days_ago, with_comms

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(team, app):
    return with_comms(app, team)


def test_an_owner_marks_a_communication_done_and_it_leaves_the_overdue_list(
    page, live_server, sign_in, planned, app
):
    leader = planned.membership_ids["leader"]
    late = add_comm(
        app, planned.area(COMMS), leader, what="Investor update", first_due=days_ago(10)
    )
    add_comm(app, planned.area(COMMS), leader, what="Board pack", first_due=days_ago(3))
    sign_in(page, live_server, planned.person("leader"))
    page.goto(f"{live_server}/t/{planned.slug}/responsibilities/mine")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")  # gone if the page reloads
    overdue = page.locator("#due-comms .due-comm.overdue")
    expect(overdue).to_have_count(2)
    assert_accessible(page)

    entry = page.locator(f"#due-comm-{late}")
    expect(entry).to_contain_text("Overdue since")
    entry.get_by_label("Note or link for Investor update").fill("https://docs.example/q4")
    entry.get_by_role("button", name="Mark done for Investor update").click()
    expect(entry).to_contain_text("Marked “Investor update” done.")
    expect(entry).to_contain_text(f"Next due {format_date(add_months(today(), 1))}.")
    expect(page.locator("#notices")).to_contain_text("Marked “Investor update” done.")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Board pack")
    assert page.evaluate("window.__marker") == 1
    assert_accessible(page)

    page.reload()
    expect(page.locator("#due-comms")).not_to_contain_text("Investor update")
    page.goto(f"{live_server}/t/{planned.slug}/responsibilities/areas/{planned.area(COMMS)}")
    row = page.locator(f"#comm-{late}")
    expect(row).to_contain_text("https://docs.example/q4")
    expect(row).not_to_contain_text("Overdue")


def test_a_leader_adds_a_row_for_a_consulted_person_and_marks_it_done_in_place(
    page, live_server, sign_in, planned
):
    sign_in(page, live_server, planned.person("leader"))
    page.goto(f"{live_server}/t/{planned.slug}/responsibilities/areas/{planned.area(COMMS)}")
    expect(page.locator("#comms")).to_contain_text("No communications planned yet.")
    page.get_by_role("link", name="Add a communication").click()
    assert_accessible(page)
    page.get_by_label("Audience", exact=True).select_option(label="Member (Consulted)")
    page.get_by_label("What is communicated").fill("Checkout metrics")
    page.get_by_label("Cadence").select_option(label="Weekly")
    expect(page.get_by_label("Owner")).to_have_value(str(planned.membership_ids["leader"]))
    page.get_by_role("button", name="Add to the plan").click()

    row = page.locator("#comms tbody tr")
    expect(row).to_contain_text("Checkout metrics")
    expect(row).to_contain_text("Due today")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")
    assert_accessible(page)
    row.get_by_label("Note or link for Checkout metrics").fill("Shared in #checkout")
    row.get_by_role("button", name="Mark done for Checkout metrics").click()
    expect(row).to_contain_text(f"Due {format_date(days_ago(-7))}")
    expect(row).to_contain_text("Shared in #checkout")
    assert page.evaluate("window.__marker") == 1
    assert_accessible(page)
