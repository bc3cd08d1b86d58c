"""Browser journey of the KPIs module, in Debian's Chromium."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import KpiEntry
from tests.browser import assert_accessible, wait_for_htmx
from tests.kpis_world import kpi_world

pytestmark = pytest.mark.browser


def test_the_responsible_records_this_months_value_in_place(page, live_server, sign_in, team, app):
    with app.app_context():
        ids = kpi_world(team.id, responsible=team.membership_ids["member"])
    sign_in(page, live_server, team.person("member"))
    page.goto(f"{live_server}/t/{team.slug}/responsibilities/areas/{ids['kpi_area_id']}")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")  # gone if the page reloads
    assert_accessible(page)

    form = page.locator(f"#kpi-{ids['kpi_id']}-{ids['kpi_period']}")
    field = form.get_by_role("textbox")
    field.fill("12,5")
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".error")).to_contain_text("Use a point for decimals")
    expect(field).to_have_value("12,5")
    assert_accessible(page)

    field.fill("125")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("status")).to_have_text("Saved.")
    assert page.evaluate("window.__marker") == 1
    with app.app_context():
        assert db.session.scalars(sa.select(KpiEntry.value)).all() == [125]

    page.goto(
        f"{live_server}/t/{team.slug}/responsibilities/areas/{ids['kpi_area_id']}"
        f"/kpis/{ids['kpi_id']}"
    )
    expect(page.locator("#kpi-chart")).to_be_visible()
    assert_accessible(page)
