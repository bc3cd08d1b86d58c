"""Helpers and the `deliverer` fixture shared by the chat-through-the-outbox tests."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Channel, OutboxMessage, OutboxStatus, TeamWebhook, utcnow
from plplan.notifications.deliver import MAX_ATTEMPTS, deliver_due


def chat_rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.channel == Channel.WEBHOOK)
            .order_by(OutboxMessage.id)
        ).all()
        db.session.expunge_all()
        return rows


def connect_chat(app, world, url: str, kinds=("plan_published",)) -> None:
    with app.app_context():
        db.session.add(TeamWebhook(team_id=world.id, url=url, kinds=list(kinds)))
        db.session.commit()


@pytest.fixture
def deliverer(another_app, chat_server, monkeypatch):
    """`deliverer(now)`: one run of the deliverer on an app that may post to 127.0.0.1 and
    trusts the test chat server's certificate."""
    monkeypatch.setenv("SSL_CERT_FILE", chat_server.cert)
    instance = another_app(WEBHOOK_ALLOW_PRIVATE_FOR_TESTS=True)

    def run(now=None):
        with instance.app_context():
            return deliver_due(now)

    return run


def fail_for_good(app, world, deliverer) -> None:
    """Run the deliverer, each time the chat post is due again, until it gives up."""
    when = utcnow()
    for _ in range(MAX_ATTEMPTS):
        deliverer(when)
        when = chat_rows(app)[0].next_attempt_at


def failed_delivery(team) -> int:
    """A chat post of the team that failed for good (the Deliveries page retries it)."""
    row = OutboxMessage(
        channel=Channel.WEBHOOK,
        team_id=team.id,
        kind="plan_published",
        address="https://93.184.215.14/…abcd",
        payload={"text": "Plan published"},
        status=OutboxStatus.FAILED,
        attempts=6,
        last_error="WebhookError: The chat server refused the message (404 no_service).",
    )
    db.session.add(row)
    db.session.commit()
    return row.id
