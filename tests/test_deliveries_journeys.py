"""Browser journey: a leader finds a chat post that failed on the Deliveries page, fixes the
webhook, retries the post and sees it go through."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Role, TeamWebhook
from tests.browser import assert_accessible
from tests.chat_world import chat_rows, connect_chat, fail_for_good
from tests.conftest import serving
from tests.notifications_world import publish

pytestmark = pytest.mark.browser


def test_leader_sees_a_failed_delivery_and_retries_it(
    app, browser, make_team, chat_server, deliverer, sign_in
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    connect_chat(app, world, f"{chat_server.base}/refuse")
    publish(app, world, "Checkout 2027", "Small shops first.")
    fail_for_good(app, world, deliverer)
    [row] = chat_rows(app)
    with serving(app) as base:
        page = browser.new_context().new_page()
        sign_in(page, base, world.person("leader"))
        page.goto(f"{base}/t/{world.slug}/")
        page.get_by_role("link", name="Deliveries").first.click()
        page.wait_for_url(f"{base}/t/{world.slug}/deliveries")
        failed = page.locator(f"#delivery-{row.id}")
        expect(failed).to_contain_text("A plan published")
        expect(failed).to_contain_text("The chat server refused the message (404 no_service)")
        expect(failed).to_contain_text("Failed")
        assert "/refuse" not in page.content()  # the webhook URL only masked
        assert_accessible(page)

        with app.app_context():  # the leader fixes the channel on the chat server's side
            db.session.execute(sa.update(TeamWebhook).values(url=f"{chat_server.base}/ok"))
            db.session.commit()
        failed.get_by_role("button", name="Retry now").click()
        expect(page.get_by_text("It will be tried again in a moment.")).to_be_visible()
        expect(failed.get_by_role("button", name="Retry now")).to_have_count(0)

        assert deliverer().sent == 1
        page.reload()
        expect(page.get_by_text("Every mail and chat post went through.")).to_be_visible()
    assert chat_server.received[-1].path == "/ok"
    assert "Small shops first." in chat_server.received[-1].body["text"]
