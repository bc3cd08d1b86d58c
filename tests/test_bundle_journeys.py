"""Browser journey: a leader downloads the demo team's bundle and imports it as a new team:
the dry run shows what will be created, the confirm says it is creating the team while it
runs and lands on the new team with its plan."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_for_htmx
from tests.bundle_world import DEMO_LEADER
from tests.export_world import SLUG, log_in

pytestmark = pytest.mark.browser


def test_leader_exports_the_demo_team_and_imports_it_as_a_new_team(
    browser, live_server, demo, tmp_path
):
    base = live_server
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, base, DEMO_LEADER)
    page.get_by_role("link", name="Move").first.click()
    page.wait_for_url(f"{base}/t/{SLUG}/bundle")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the team bundle").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith(f"{SLUG}-") and saved.suffix == ".json"

    page.get_by_label("Bundle file").set_input_files(saved)
    page.get_by_role("button", name="Check the bundle").click()
    page.wait_for_url(re.compile(rf"{base}/t/{SLUG}/bundle/import/[0-9a-f]{{64}}$"))
    expect(page.get_by_role("heading", name="What will be created")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Plan revisions \d+"))).to_be_visible()
    expect(page.get_by_text("This bundle cannot be imported")).to_have_count(0)
    assert_accessible(page)

    counts = page.locator("tbody tr:not(:first-child) td.num").all_inner_texts()
    rows = sum(int(count) for count in counts)  # what will be created, people aside
    wait_for_htmx(page)
    page.get_by_label("Team name").fill("")
    page.get_by_role("button", name="Import as a new team").click()
    expect(page.locator("#error-summary")).to_be_visible()  # sent back in place, nothing made
    expect(page.get_by_role("heading", name="What will be created")).to_be_visible()
    wait_for_htmx(page)
    held = []  # the confirm waits here until the test has seen it in flight
    page.route(re.compile(r"/bundle/import/[0-9a-f]{64}$"), lambda route: held.append(route))
    page.get_by_label("Team name").fill("Payments, moved")
    button = page.get_by_role("button", name="Import as a new team")
    button.click()
    progress = page.get_by_role("status").filter(has_text="Creating the team")
    expect(progress).to_have_text(f"Creating the team: {rows:,} rows…")
    expect(progress).to_be_visible()
    expect(button).to_be_disabled()
    expect(page.locator("form[aria-busy=true]")).to_have_count(1)
    held[0].continue_()
    page.wait_for_url(f"{base}/t/payments-moved/")
    expect(page.get_by_text("Payments, moved is ready: imported from the bundle.")).to_be_visible()
    page.get_by_role("link", name="Vision & strategy").first.click()
    expect(page.get_by_role("heading", name=demo["snapshot"]["name"]).first).to_be_visible()
