"""Browser journey: a leader connects the team's chat, sees the URL masked, sends a test
message that fails (the error beside the field), fixes it, and removes the webhook."""

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, wait_for_htmx
from tests.conftest import serving

pytestmark = pytest.mark.browser


@pytest.fixture
def local_chat_server_app(another_app, chat_server, monkeypatch):
    """The app over real HTTP, allowed to post to 127.0.0.1 (where the test chat server is)
    and trusting that server's certificate."""
    monkeypatch.setenv("SSL_CERT_FILE", chat_server.cert)
    with serving(another_app(WEBHOOK_ALLOW_PRIVATE_FOR_TESTS=True)) as base_url:
        yield base_url


def test_leader_connects_chat_tests_it_and_removes_it(
    browser, local_chat_server_app, chat_server, team, sign_in
):
    base = local_chat_server_app
    page = browser.new_context().new_page()
    sign_in(page, base, team.person("leader"))
    page.goto(f"{base}/t/{team.slug}/")
    page.get_by_role("link", name="Chat").first.click()
    page.wait_for_url(f"{base}/t/{team.slug}/chat")
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")

    url_field = page.get_by_label("Incoming webhook URL")
    url_field.fill("http://hooks.example.com/services/T0/B0/plain")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#url-error")).to_have_text("Only https:// addresses are accepted.")
    expect(url_field).to_have_value("http://hooks.example.com/services/T0/B0/plain")
    assert page.evaluate("window.__marker") == 1  # swapped in place, no reload
    assert_accessible(page)

    secret = f"{chat_server.base}/refuse?token=s3cretTOKENabcd"
    url_field.fill(secret)
    page.get_by_label("KPI off track").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Chat settings saved.")).to_be_visible()
    expect(page.locator("#saved-url")).to_have_text("https://127.0.0.1/…abcd")
    assert "s3cretTOKEN" not in page.content()
    expect(page.get_by_label("Incoming webhook URL")).to_have_value("")
    expect(page.get_by_label("KPI off track")).not_to_be_checked()
    expect(page.get_by_label("Plan published")).to_be_checked()

    page.get_by_role("button", name="Send a test message").click()
    expect(page.locator("#url-error")).to_have_text(
        "The chat server refused the message (404 no_service)."
    )
    expect(page.locator("#last-post")).to_contain_text("The last post failed")
    assert_accessible(page)

    page.get_by_label("Incoming webhook URL").fill(f"{chat_server.base}/ok?t=newXYZW")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saved-url")).to_have_text("https://127.0.0.1/…XYZW")
    page.get_by_role("button", name="Send a test message").click()
    expect(page.get_by_text("Test message sent. Look in your channel.")).to_be_visible()
    assert chat_server.received[-1].path == "/ok?t=newXYZW"
    assert chat_server.received[-1].body["text"].startswith("Test message · Checkout")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove the webhook").click()
    expect(page.get_by_text("The webhook was removed")).to_be_visible()
    expect(page.locator("#saved-url")).to_have_count(0)
