"""Browser journey: a leader makes a read-only token for one team on their profile, sees it
once (not after a reload), uses it over real HTTP, revokes it, and it stops working."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def api_get(base_url: str, path: str, secret: str) -> int:
    request = urllib.request.Request(base_url + path, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        assert json.load(error)["status"] == error.code
        return error.code


def test_create_a_token_see_it_once_use_it_and_revoke_it(browser, live_server, sign_in, team):
    page = browser.new_context().new_page()
    sign_in(page, live_server, team.person("leader"))
    page.goto(f"{live_server}/auth/profile")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()

    page.get_by_label("Name").fill("Roadmap sync")
    page.get_by_label("Teams it reaches").select_option(label=team.name)
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("token-secret").inner_text()
    assert secret.startswith("plp_") and len(secret) > 40
    row = page.locator("#token-list tbody tr", has_text="Roadmap sync")
    expect(row).to_contain_text(secret[:10])
    expect(row).to_contain_text("Read only")
    last_used = row.locator("td").nth(5)
    expect(last_used).to_have_text("Never")
    assert_accessible(page)

    page.reload()
    expect(page.get_by_test_id("token-secret")).to_have_count(0)
    assert secret not in page.content()

    assert api_get(live_server, f"/api/v1/teams/{team.slug}", secret) == 200
    page.reload()
    expect(last_used).to_have_text("just now")

    row.get_by_role("button", name="Revoke Roadmap sync").click()
    expect(page.get_by_text("Token revoked: it no longer works.")).to_be_visible()
    expect(row).to_contain_text("Revoked")
    assert api_get(live_server, f"/api/v1/teams/{team.slug}", secret) == 401
