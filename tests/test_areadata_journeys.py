"""Browser journeys through an area's budget, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests import areadata_world
from tests.areadata_world import add_line
from tests.browser import assert_accessible

pytestmark = pytest.mark.browser

budget_world = areadata_world.budget_world  # the fixture


def open_area(page, live_server, sign_in, world, person: str) -> str:
    sign_in(page, live_server, world.person(person))
    url = f"{live_server}/t/{world.slug}/responsibilities/areas/{world.area_id}"
    page.goto(url)
    return url


def test_leader_adds_a_budget_line_and_sees_projection_and_chart_change(
    page, live_server, sign_in, budget_world, app
):
    add_line(app, budget_world, "Cloud hosting", 100000, actuals=[100000] * 6)
    open_area(page, live_server, sign_in, budget_world, "leader")
    summary = page.locator("#budget-summary")
    expect(summary).to_contain_text("Plan €12,000.00")
    expect(summary).to_contain_text("projected €12,000.00")
    chart = page.get_by_role("img", name=re.compile("Cumulative spend"))
    projected = page.locator('#budget-chart [data-series="projected"]')  # the wide drawing
    projected_before = projected.get_attribute("points")
    assert_accessible(page)

    page.get_by_role("link", name="Add a budget line").click()
    page.get_by_label("Line", exact=True).fill("Conference")
    page.get_by_label("Category").fill("Events")
    page.get_by_label("Planned amount").fill("3.000,00")
    page.get_by_label("Planned", exact=True).select_option("quarter")
    page.get_by_role("button", name="Add the line").click()
    expect(page.locator("#amount-error")).to_contain_text("with a dot for decimals")
    expect(page.get_by_label("Planned amount")).to_have_value("3.000,00")
    assert_accessible(page)
    page.get_by_label("Planned amount").fill("3,000.00")
    page.get_by_role("button", name="Add the line").click()

    expect(page.locator(".flash, #flash")).to_contain_text("Added the budget line Conference")
    expect(summary).to_contain_text("Plan €24,000.00")  # 4 quarters of 3,000 on top
    # nothing was spent on it in the six closed months: only its open months' plan counts
    expect(summary).to_contain_text("projected €18,000.00")
    lines = page.locator("#budget-lines tbody")
    expect(lines.get_by_role("row", name=re.compile("^Conference Events"))).to_contain_text(
        "€12,000.00"
    )
    expect(chart).to_have_accessible_name(re.compile("Planned €24,000.00 .* projected €18,000.00"))
    assert projected.get_attribute("points") != projected_before
    assert_accessible(page)

    # an overrun in a closed month moves the projection and asks for an explanation
    page.get_by_role("link", name="Cloud hosting").click()
    first = page.locator("tbody tr.closed").first.locator("input[id^=actual]")
    first.fill("4,000")
    page.get_by_role("button", name="Save amounts").click()
    expect(page.locator("#line-summary")).to_contain_text("projected €15,000.00")
    assert_accessible(page)
    page.get_by_role("link", name="Budget management").click()
    expect(summary).to_contain_text("projected €21,000.00")
    expect(page.locator("#budget-lines")).to_contain_text(
        "Cloud hosting is projected +25.0% off plan (threshold 10%): it needs an explanation"
    )


def test_leader_uploads_a_csv_with_one_bad_row_and_fixes_it(
    page, live_server, sign_in, budget_world, app, tmp_path
):
    add_line(app, budget_world, "Cloud hosting", 100000)
    open_area(page, live_server, sign_in, budget_world, "leader")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    original = download.value.path().read_text(encoding="utf-8-sig")
    rows = original.splitlines()
    planned = rows[1].split(",")
    planned[3] = '"1.200,00"'
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([rows[0], ",".join(planned), rows[2]]))
    page.get_by_label("Upload planned and actual amounts").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("#upload-errors")
    expect(errors).to_contain_text(re.compile(r"Row 2, column \d{4}-\d{2}: Write “1.200,00”"))
    expect(page.get_by_role("button", name="Save these amounts")).to_have_count(0)
    assert_accessible(page)

    planned[3] = '"1,200.00"'
    good = tmp_path / "good.csv"
    good.write_text("\n".join([rows[0], ",".join(planned), rows[2]]))
    page.get_by_label("Upload the corrected file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#preview-h")).to_have_text("1 amount will change")
    expect(page.locator("#upload-preview")).to_contain_text("€1,000.00")
    expect(page.locator("#upload-preview")).to_contain_text("€1,200.00")
    assert_accessible(page)
    page.get_by_role("button", name="Save these amounts").click()
    expect(page.locator("#budget-summary")).to_contain_text("Plan €12,200.00")
