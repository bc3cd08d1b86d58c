"""Browser journey: the whole activity log, filtered, paged and downloaded as CSV."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Activity
from tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_leader_filters_pages_and_downloads_the_activity_log(page, live_server, team, app, sign_in):
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with app.app_context():
        for i in range(60):
            db.session.add(
                Activity(
                    team_id=team.id,
                    actor_id=team.person("member").id,
                    verb="updated",
                    object_type="area",
                    summary=f"updated area note {i}",
                    created_at=start + timedelta(hours=i),
                )
            )
        db.session.add(
            Activity(
                team_id=team.id,
                actor_id=team.person("leader").id,
                verb="created",
                object_type="plan",
                summary="created the plan “Next”",
                created_at=start,
            )
        )
        db.session.commit()

    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/t/{team.slug}/")
    page.get_by_role("link", name="Whole activity log").click()
    page.wait_for_url(re.compile(r"/activity$"))
    entries = page.locator("#activity-log li")
    expect(entries).to_have_count(50)
    assert_accessible(page)

    page.get_by_label("Module").select_option(label="Responsibilities")
    page.get_by_label("Person").select_option(label="Member")
    page.get_by_role("button", name="Filter").click()
    expect(entries).to_have_count(50)
    expect(entries.first).to_contain_text("updated area note 59")
    page.get_by_role("link", name="Older entries").click()
    expect(entries).to_have_count(10)
    expect(entries.last).to_contain_text("updated area note 0")
    expect(page.get_by_role("link", name="Older entries")).to_have_count(0)
    expect(page.get_by_label("Module")).to_have_value("responsibilities")  # filters kept
    page.get_by_role("link", name="← Newest").click()
    expect(entries.first).to_contain_text("updated area note 59")

    page.get_by_label("From").fill("2026-03-02")
    page.get_by_label("To").fill("2026-03-02")
    page.get_by_role("button", name="Filter").click()
    expect(entries).to_have_count(24)  # a whole day, hour by hour
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == "checkout-activity.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "When (UTC),Who,Module,What,Link"
    assert len(lines) == 25 and all(",Member,Responsibilities," in line for line in lines[1:])
    assert "created the plan" not in "".join(lines)
