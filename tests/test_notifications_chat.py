"""Team events posted to chat through the outbox: written with the change, posted by the
deliverer to a real local HTTPS server, retried with backoff, and never when rolled back."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import (
    Channel,
    OutboxMessage,
    OutboxStatus,
    Role,
    Team,
    TeamWebhook,
    User,
    utcnow,
)
from plplan.notifications.deliver import MAX_ATTEMPTS, deliver_due
from plplan.vision import services as vision
from tests.chat_world import chat_rows, connect_chat, fail_for_good
from tests.notifications_world import publish
from tests.queries import counting_queries


@pytest.fixture
def world(make_team):
    return make_team(leader=Role.LEADER, viewer=Role.VIEWER)


def test_a_published_plan_posts_one_message_with_its_note(app, world, chat_server, deliverer):
    connect_chat(app, world, f"{chat_server.base}/ok")
    publish(app, world, "Checkout 2027", "Small shops first.")
    assert chat_server.received == []  # nothing is posted inside the change
    assert deliverer().sent == 2  # the viewer's mail (to the log) and the chat message
    [received] = chat_server.received
    text = received.body["text"]
    assert text.startswith("Plan published · Checkout: Leader published “Checkout 2027”")
    assert "Small shops first." in text
    [row] = chat_rows(app)
    assert (row.status, row.attempts) == ("delivered", 1)
    assert row.address == "https://127.0.0.1/…" + chat_server.base[-1] + "/ok"  # masked
    assert deliverer().sent == 0  # exactly once
    assert len(chat_server.received) == 1
    with app.app_context():
        assert db.session.get(TeamWebhook, world.id).last_error is None


def test_a_kind_not_chosen_posts_nothing(app, world, chat_server, deliverer):
    connect_chat(app, world, f"{chat_server.base}/ok", kinds=["kpi_off_track"])
    publish(app, world)
    deliverer()
    assert chat_rows(app) == [] and chat_server.received == []


def test_a_rolled_back_publication_posts_nothing(app, world, chat_server, deliverer):
    connect_chat(app, world, f"{chat_server.base}/ok")
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        db.session.flush()
        vision.publish(plan, leader, "Never mind.")
        db.session.rollback()
    deliverer()
    assert chat_rows(app) == [] and chat_server.received == []


def test_a_message_whose_webhook_was_removed_meanwhile_is_cancelled(
    app, world, chat_server, deliverer
):
    connect_chat(app, world, f"{chat_server.base}/ok")
    publish(app, world)
    with app.app_context():
        db.session.execute(sa.delete(TeamWebhook))
        db.session.commit()
    deliverer()
    assert [row.status for row in chat_rows(app)] == [OutboxStatus.CANCELLED]
    assert chat_server.received == []


def test_a_failing_server_is_retried_with_backoff_then_the_row_fails(
    app, world, chat_server, deliverer
):
    connect_chat(app, world, f"{chat_server.base}/refuse")
    publish(app, world)
    when = utcnow()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        assert deliverer(when).failed == 1
        assert deliverer(when).failed == 0  # not due again before its backoff
        [row] = chat_rows(app)
        waits.append(row.next_attempt_at - when)
        when = row.next_attempt_at
    assert waits[:5] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    [row] = chat_rows(app)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert "The chat server refused the message (404 no_service)" in row.last_error
    assert len(chat_server.received) == MAX_ATTEMPTS
    with app.app_context():
        assert "404 no_service" in db.session.get(TeamWebhook, world.id).last_error


def test_leaders_see_the_failed_post_and_retry_it(app, world, chat_server, deliverer, client_as):
    connect_chat(app, world, f"{chat_server.base}/refuse")
    publish(app, world)
    deliverer()
    leader = client_as(world.person("leader"))
    page = leader.get(f"/t/{world.slug}/deliveries").get_data(as_text=True)
    [row] = chat_rows(app)
    assert f'id="delivery-{row.id}"' in page and "Retry now" not in page  # still retrying
    assert "A plan published" in page and "(chat)" in page
    assert "https://127.0.0.1/…" in page and "/refuse" not in page  # the URL masked
    assert "404 no_service" in page
    fail_for_good(app, world, deliverer)
    page = leader.get(f"/t/{world.slug}/deliveries").get_data(as_text=True)
    assert "Failed" in page and "Retry now" in page
    with app.app_context():
        db.session.execute(sa.update(TeamWebhook).values(url=f"{chat_server.base}/ok"))
        db.session.commit()
    retry = f"/t/{world.slug}/deliveries/{row.id}/retry"
    assert leader.post(retry).status_code == 303
    page = leader.get(f"/t/{world.slug}/deliveries").get_data(as_text=True)
    assert "It will be tried again in a moment." in page and "Retry now" not in page
    assert leader.post(retry).status_code == 404  # no longer failed: nothing to retry
    assert deliverer().sent == 1
    assert chat_rows(app)[0].status == OutboxStatus.DELIVERED
    assert 'id="deliveries-empty"' in leader.get(f"/t/{world.slug}/deliveries").get_data(
        as_text=True
    )


def test_another_teams_failures_are_neither_shown_nor_retried(
    app, world, make_team, chat_server, deliverer, client_as
):
    connect_chat(app, world, f"{chat_server.base}/refuse")
    publish(app, world)
    fail_for_good(app, world, deliverer)
    other = make_team("Payments", leader=Role.LEADER)
    client = client_as(other.person("leader"))
    assert 'id="deliveries-empty"' in client.get(f"/t/{other.slug}/deliveries").get_data(
        as_text=True
    )
    [row] = chat_rows(app)
    assert client.post(f"/t/{other.slug}/deliveries/{row.id}/retry").status_code == 404
    assert chat_rows(app)[0].status == OutboxStatus.FAILED


def test_a_failed_mail_shows_its_recipient_masked(app, world, another_app, client_as):
    from tests.test_notifications_delivery import closed_port

    publish(app, world)
    broken = another_app(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port(), SMTP_STARTTLS=False)
    with broken.app_context():
        assert deliver_due().failed == 1
    page = client_as(world.person("leader")).get(f"/t/{world.slug}/deliveries")
    text = page.get_data(as_text=True)
    viewer = world.person("viewer").email
    assert f"{viewer[0]}…@example.com" in text and viewer not in text
    assert "ConnectionRefusedError" in text and "(email)" in text


def test_the_deliveries_page_costs_the_same_queries_however_many_rows(app, world, client_as):
    leader = client_as(world.person("leader"))

    def page_queries(rows: int) -> int:
        with app.app_context():
            db.session.add_all(
                OutboxMessage(
                    channel=Channel.WEBHOOK,
                    team_id=world.id,
                    kind="plan_published",
                    address="https://93.184.215.14/…abcd",
                    payload={},
                    status=OutboxStatus.FAILED,
                    attempts=MAX_ATTEMPTS,
                    last_error="WebhookError: refused",
                )
                for _ in range(rows)
            )
            db.session.commit()
        with counting_queries(app) as statements:
            assert leader.get(f"/t/{world.slug}/deliveries").status_code == 200
        return len(statements)

    assert page_queries(1) == page_queries(30)
