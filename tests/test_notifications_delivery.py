"""Email from the outbox, to a real SMTP server: both parts and the unsubscribe headers, the
one-click unsubscribe, nothing sent inside a request, retries after a failure, two
deliverers at once sending each mail exactly once, a mail that cannot be composed failing
alone, a recipient who may no longer hear it getting nothing, and the looping deliverer going
on after an error."""

import email.policy
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from plplan.auth.reset_mail import RESET_KIND
from plplan.cli import plplan_cli
from plplan.extensions import db
from plplan.goals import services as goals
from plplan.models import (
    Delivery,
    Goal,
    Membership,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    Plan,
    Role,
    Team,
    User,
    Visibility,
    utcnow,
)
from plplan.notifications.deliver import MAX_ATTEMPTS, claim, deliver_due
from plplan.notifications.preferences import set_delivery
from plplan.teams.services import remove_member
from plplan.vision import comments
from plplan.vision import services as vision
from tests.goals_factory import make_goal, seed_team_skills
from tests.notifications_world import publish
from tests.queries import orm_statements_as_postgresql
from tests.rhythm_world import schedule

ROOT = Path(__file__).resolve().parent.parent


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


def test_a_mail_that_cannot_be_composed_fails_alone_and_the_others_go(
    app, make_team, another_app, mailbox, caplog
):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER, member=Role.MEMBER)
    with app.app_context():  # a reset for an account deleted since, and a page renamed since
        db.session.add(
            OutboxMessage(kind=RESET_KIND, address="gone@example.com", payload={"user": 0})
        )
        db.session.commit()
    publish(app, world)
    with app.app_context():
        first = db.session.scalar(sa.select(sa.func.min(Notification.id)))
        db.session.get(Notification, first).endpoint = "plans.renamed_since"
        db.session.commit()
    now = utcnow()
    with caplog.at_level(logging.ERROR):
        done = deliver(another_app(**mailbox.config), now)
    assert (done.sent, done.failed) == (1, 2)
    assert [mail["To"] for mail in received(mailbox)] == [world.person("member").email]
    broken = [row for row in outbox(app) if row.status == OutboxStatus.PENDING]
    assert [(row.attempts, row.next_attempt_at > now) for row in broken] == [(1, True)] * 2
    assert "AttributeError" in broken[0].last_error and "BuildError" in broken[1].last_error
    logged = [r for r in caplog.records if r.getMessage().startswith("Outbox message")]
    assert [r.exc_info is not None for r in logged] == [True, True]  # with the traceback


def test_a_mail_to_someone_who_left_the_team_is_not_sent(app, make_team, another_app, mailbox):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER, member=Role.MEMBER)
    publish(app, world)
    with app.app_context():
        remove_member(db.session.get(Membership, world.membership_ids["viewer"]))
        db.session.commit()
    assert deliver(another_app(**mailbox.config)).sent == 1
    assert [mail["To"] for mail in received(mailbox)] == [world.person("member").email]
    assert {row.address: row.status for row in outbox(app)} == {
        world.person("viewer").email: OutboxStatus.CANCELLED,
        world.person("member").email: OutboxStatus.DELIVERED,
    }


def comment_on_goal(app, world, goal_id: int, by: str) -> None:
    with app.app_context():
        author = db.session.get(User, world.person(by).id)
        goals.add_comment(db.session.get(Goal, goal_id), author, "How did the pitch go?")
        db.session.commit()


def make_private(app, goal_id: int) -> None:
    with app.app_context():
        db.session.get(Goal, goal_id).visibility = Visibility.PRIVATE
        db.session.commit()


def test_a_mail_about_a_goal_made_private_since_goes_only_to_who_may_see_it(
    app, another_app, mailbox, cast
):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    comment_on_goal(app, cast, goal_id, "member")  # the owner hears
    comment_on_goal(app, cast, goal_id, "co_leader")  # the owner and the member
    comment_on_goal(app, cast, goal_id, "owner")  # the member and the co-leader
    make_private(app, goal_id)
    assert deliver(another_app(**mailbox.config)).sent == 3
    sent = sorted(mail["To"] for mail in received(mailbox))
    assert sent == sorted([cast.person("owner").email] * 2 + [cast.person("co_leader").email])
    cancelled = [row.address for row in outbox(app) if row.status == OutboxStatus.CANCELLED]
    assert cancelled == [cast.person("member").email] * 2


def test_the_send_time_checks_cost_the_same_queries_for_one_mail_or_many(
    app, make_team, count_queries
):
    def queries_to_cancel(members: int) -> int:
        """Queries of a batch of `members` mails about a goal made private since: all cancelled."""
        people = {f"member{n}": Role.MEMBER for n in range(members)}
        world = make_team(f"Team {members}", owner=Role.MEMBER, **people)
        seed_team_skills(app, world.id)
        goal_id = make_goal(app, world.id, world.person("owner").id)
        for member in people:
            comment_on_goal(app, world, goal_id, member)
        deliver(app)  # the owner's mails
        comment_on_goal(app, world, goal_id, "owner")  # a mail to each member
        make_private(app, goal_id)
        with count_queries() as statements:
            assert deliver(app).sent == 0
        return len(statements)

    assert queries_to_cancel(1) == queries_to_cancel(5)
    assert [row.status for row in outbox(app)].count(OutboxStatus.CANCELLED) == 6


@contextmanager
def table_away(app, table: str):
    """`table` missing for a while, as in a botched migration: whatever reads it fails."""
    with app.app_context():
        db.session.execute(sa.text(f"ALTER TABLE {table} RENAME TO {table}_away"))
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            db.session.execute(sa.text(f"ALTER TABLE {table}_away RENAME TO {table}"))
            db.session.commit()


def test_a_single_run_that_meets_an_error_logs_it_and_exits_non_zero(app, make_team, caplog):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    with table_away(app, "outbox_message"), caplog.at_level(logging.ERROR):
        result = app.test_cli_runner().invoke(plplan_cli, ["deliver"])
    assert result.exit_code == 1
    assert "Delivery failed; the log shows why." in result.output
    [logged] = [r for r in caplog.records if r.getMessage() == "Sending the outbox failed"]
    assert logged.exc_info is not None
    assert [row.status for row in outbox(app)] == [OutboxStatus.PENDING]  # left for next time


def test_mails_go_even_when_queueing_the_digests_fails(app, make_team, caplog):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    schedule(app, world.person("viewer"), digest_hour=utcnow().hour, working_days_only=False)
    with table_away(app, "goal"), caplog.at_level(logging.ERROR):  # the digest reads goals
        result = app.test_cli_runner().invoke(plplan_cli, ["deliver"])
    assert result.exit_code == 1
    assert result.output == "Delivered 1 mail.\nError: Delivery failed; the log shows why.\n"
    [logged] = [r for r in caplog.records if r.getMessage().startswith("Queueing the reminders")]
    assert logged.exc_info is not None


def wait_for(path: Path, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while text not in (seen := path.read_text()):
        assert time.monotonic() < deadline, f"{text!r} never came; got:\n{seen}"
        time.sleep(0.05)
    return seen


def test_the_looping_deliverer_logs_an_error_and_goes_on(app, make_team, mailbox, tmp_path):
    world = make_team(leader=Role.LEADER, viewer=Role.VIEWER)
    publish(app, world)
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONUNBUFFERED": "1",
        "PLPLAN_ENV": "development",  # the test config reads no environment
        "PLPLAN_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.config["SMTP_PORT"]),
        "SMTP_STARTTLS": "false",
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "plplan", "deliver", "--loop"]
    with table_away(app, "outbox_message"), out.open("w") as stdout, err.open("w") as stderr:
        deliverer = subprocess.Popen(
            [*command, "--interval", "0.2"], cwd=ROOT, env=env, stdout=stdout, stderr=stderr
        )
        try:
            log = wait_for(err, "Sending the outbox failed")
        except AssertionError:
            deliverer.kill()
            raise
    try:
        wait_for(out, "Delivered 1 mail.")  # the table is back: the next pass sends
    finally:
        deliverer.send_signal(signal.SIGINT)
        deliverer.wait(30)
    assert "Traceback" in log and "outbox_message" in log
    assert deliverer.returncode == 0 and out.read_text().endswith("Deliverer stopped.\n")
    assert [mail["To"] for mail in received(mailbox)] == [world.person("viewer").email]
