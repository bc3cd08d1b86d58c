"""Email from the outbox, to a real SMTP server: both parts and the unsubscribe headers, the
one-click unsubscribe, nothing sent inside a request, retries after a failure, and two
deliverers at once sending each mail exactly once."""

import email.policy
import logging
import re
import socket
import threading
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from urllib.parse import urlsplit

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from plplan.cli import plplan_cli
from plplan.extensions import db
from plplan.models import (
    Delivery,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    Plan,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.notifications.deliver import MAX_ATTEMPTS, claim, deliver_due
from plplan.notifications.preferences import set_delivery
from plplan.vision import comments
from plplan.vision import services as vision
from tests.notifications_world import publish
from tests.queries import orm_statements_as_postgresql


def deliver(app, now=None, **kwargs):
    with app.app_context():
        return deliver_due(now, **kwargs)


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def received(mailbox) -> list[EmailMessage]:
    """The mails the SMTP server got, read as a mail program does (headers decoded)."""
    return [
        message_from_bytes(mail.as_bytes(), policy=email.policy.default)
        for mail in mailbox.messages
    ]


def unsubscribe_path(mail) -> str:
    return urlsplit(mail["List-Unsubscribe"].strip("<>")).path


def closed_port() -> int:
    """A local port nobody listens on: connecting to it fails at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_has_both_parts_and_one_click_unsubscribe_headers(
    app, make_team, another_app, mailbox
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world, note="Small shops <first>.")
    assert deliver(another_app(**mailbox.config)).sent == 1
    [mail] = received(mailbox)
    assert mail["To"] == world.person("viewer").email
    assert mail["Subject"] == "[Checkout] Leader published “Checkout 2027” (version 1)"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://localhost/unsubscribe/[\w.-]+>", mail["List-Unsubscribe"])
    assert mail.get_content_type() == "multipart/alternative"
    text, html = (part.get_content() for part in mail.iter_parts())
    assert "Small shops <first>." in text
    assert "Small shops &lt;first&gt;." in html
    with app.app_context():
        plan_id = db.session.scalar(sa.select(Plan.id))
    assert f"http://localhost/t/{world.slug}/plans/{plan_id}" in text
    assert f'href="http://localhost/t/{world.slug}/plans/{plan_id}"' in html
    assert mail["List-Unsubscribe"].strip("<>") in text
    [row] = outbox(app)
    assert (row.status, row.attempts, row.delivered_at is not None) == ("delivered", 1, True)
    assert deliver(another_app(**mailbox.config)).sent == 0  # never twice


def test_nothing_is_sent_inside_the_request(app, make_team, another_app, mailbox, client_as):
    world = make_team(leader=Role.LEADER, member=Role.MEMBER)
    served = another_app(**mailbox.config)
    with served.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        thread = comments.add_comment(plan, "vision", "Why now?", leader)
        db.session.commit()
        url, thread_id = f"/t/{world.slug}/plans/{plan.id}/comments", thread.id
    member = served.test_client()
    with member.session_transaction() as session:
        session["_user_id"] = f"{world.person('member').id}:{world.person('member').session_token}"
    response = member.post(
        url,
        data={"section": "vision", "body": "Because of Q3.", "parent_id": thread_id},
        headers={"X-CSRF-Token": member.csrf_token()},
    )
    assert response.status_code == 303
    assert mailbox.messages == [] and len(outbox(app)) == 1
    assert deliver(served).sent == 1
    assert mailbox.messages[0]["To"] == world.person("leader").email


def test_the_unsubscribe_link_stops_that_kind_of_mail(app, make_team, another_app, mailbox, client):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    deliver(another_app(**mailbox.config))
    path = unsubscribe_path(received(mailbox)[0])
    page = client.get(path).get_data(as_text=True)
    assert "Stop the emails about “A plan published”?" in page
    assert world.person("viewer").email not in page
    assert client.post(path, csrf=False).status_code == 200  # one click, no form token
    with app.app_context():
        chosen = db.session.scalar(sa.select(NotificationPreference.delivery))
    assert chosen == Delivery.IN_APP
    publish(app, world, name="Payments 2027")
    assert [row.status for row in outbox(app)] == ["delivered"]  # no new mail, an inbox item


def test_a_mail_still_waiting_when_its_kind_is_stopped_is_not_sent(
    app, make_team, another_app, mailbox
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    with app.app_context():
        set_delivery(world.person("viewer").id, "plan_published", Delivery.IN_APP)
        db.session.commit()
    assert deliver(another_app(**mailbox.config)).sent == 0
    assert mailbox.messages == []
    assert [row.status for row in outbox(app)] == [OutboxStatus.CANCELLED]


def test_a_tampered_or_unknown_unsubscribe_link_does_nothing(
    app, make_team, another_app, mailbox, client
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    deliver(another_app(**mailbox.config))
    path = unsubscribe_path(received(mailbox)[0])
    leader_id = world.person("leader").id
    # the leader's link, signed with another key; the viewer's, cut short; no signature at all
    forged = URLSafeSerializer("guessed", salt="plplan-unsubscribe")
    for bad in (
        f"/unsubscribe/{forged.dumps([leader_id, 'plan_published'])}",
        path[:-2],
        f"/unsubscribe/[{leader_id},%22plan_published%22]",
    ):
        assert client.get(bad).status_code == 404
        assert client.post(bad, csrf=False).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(NotificationPreference.id))) == 0


def test_an_smtp_failure_is_recorded_and_retried_until_it_succeeds(
    app, make_team, another_app, mailbox
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    broken = another_app(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port(), SMTP_STARTTLS=False)
    now = utcnow()
    assert deliver(broken, now).failed == 1
    [row] = outbox(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > now
    working = another_app(**mailbox.config)
    assert deliver(working, now).sent == 0  # not due yet: it backs off
    assert deliver(working, now + timedelta(minutes=2)).sent == 1
    [row] = outbox(app)
    assert (row.status, row.attempts) == ("delivered", 2)
    assert len(mailbox.messages) == 1


def test_after_the_last_attempt_the_failure_stays_visible(app, make_team, another_app):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    broken = another_app(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port(), SMTP_STARTTLS=False)
    when = utcnow()
    for _ in range(MAX_ATTEMPTS):
        assert deliver(broken, when).failed == 1
        when = outbox(app)[0].next_attempt_at
    [row] = outbox(app)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert deliver(broken, when + timedelta(days=1)).failed == 0


def test_two_deliverers_at_once_send_each_mail_exactly_once(app, make_team, another_app, mailbox):
    world = make_team(leader=Role.LEADER, **{f"viewer{n}": Role.VIEWER for n in range(20)})
    publish(app, world)
    publish(app, world, name="Payments 2027")
    deliverers = [another_app(**mailbox.config) for _ in range(2)]
    start, results = threading.Barrier(2), []

    def run(instance):
        start.wait()
        results.append(deliver(instance, batch=3).sent)

    threads = [threading.Thread(target=run, args=(instance,)) for instance in deliverers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    sent = [(m["To"], m["Subject"]) for m in received(mailbox)]
    assert len(sent) == 40 and len(set(sent)) == 40
    assert sum(results) == 40
    assert {(row.status, row.attempts) for row in outbox(app)} == {("delivered", 1)}
    for instance in deliverers:
        with instance.app_context():
            db.engine.dispose()


def test_deliverers_skip_the_rows_another_has_locked(app, make_team):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    with app.app_context(), orm_statements_as_postgresql() as statements:
        claim(utcnow())
    assert statements[0].endswith("FOR UPDATE SKIP LOCKED")


def test_the_deliver_command_writes_mails_to_the_log_without_smtp(app, make_team, caplog):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    with caplog.at_level(logging.WARNING):
        result = app.test_cli_runner().invoke(plplan_cli, ["deliver"])
    assert result.output == "Delivered 1 mail.\n"
    assert f"Email to {world.person('viewer').email} (SMTP not configured)" in caplog.text
    assert "Leader published “Checkout 2027” (version 1)" in caplog.text
