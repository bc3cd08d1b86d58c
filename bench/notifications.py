"""Notifications: the inbox page, and the outbox's throughput to a local SMTP server.

Usage: .venv/bin/python bench/notifications.py [DATABASE_URL [MAILS]]
Prints the inbox's query count and median/p90 server time (100 items from 40 people, half
unread), then mails delivered per second with one deliverer and with two at once.
"""

import socket
import sys
import threading
import time

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from harness import add_team, make_app, measure, open_app, report, signed_in_client

from plplan.extensions import db
from plplan.models import Notification, OutboxMessage, OutboxStatus, utcnow
from plplan.notifications.deliver import deliver_due


class Count:
    """An SMTP handler that only counts what it receives."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def seed(app, mails: int) -> tuple[int, int]:
    """A team of 40; user 1 has 100 inbox items; `mails` outbox rows wait. (team, user 1)."""
    with app.app_context():
        team, memberships = add_team(40)
        users = [m.user for m in memberships]
        now = utcnow()
        for n in range(max(100, mails)):
            item = Notification(
                team_id=team.id,
                recipient_id=users[1].id if n < 100 else users[n % 40].id,
                kind="plan_comment",
                actor_id=users[n % 40].id,
                summary=f"User {n % 40:02} replied to a comment on Vision in “Plan {n}”",
                detail="A reply of a few words, as people write them.",
                endpoint="vision.plan",
                link_args={"plan_id": 1},
                read_at=now if n % 2 else None,
            )
            db.session.add(item)
            if n < mails:
                db.session.add(OutboxMessage(notification=item, address=f"u{n}@bench.example"))
        db.session.commit()
        return team.id, users[1].id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def throughput(url: str, port: int, deliverers: int, mails: int) -> float:
    """Mails per second that `deliverers` running at once send from a full outbox."""
    config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False}
    apps = []
    for _ in range(deliverers):
        instance = open_app(url)
        instance.config.update(config)
        apps.append(instance)
    with apps[0].app_context():
        db.session.execute(
            sa.update(OutboxMessage).values(
                status=OutboxStatus.PENDING, attempts=0, delivered_at=None, claimed_until=None
            )
        )
        db.session.commit()

    def run(instance):
        with instance.app_context():
            deliver_due()

    threads = [threading.Thread(target=run, args=(instance,)) for instance in apps]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    with apps[0].app_context():
        delivered = db.session.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(
                OutboxMessage.status == OutboxStatus.DELIVERED
            )
        )
    assert delivered == mails, (delivered, mails)
    for instance in apps:
        with instance.app_context():
            db.engine.dispose()
    return mails / elapsed


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
    mails = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    app = make_app(url)
    _team_id, user_id = seed(app, mails)
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    report(
        f"Inbox, 100 items from 40 people ({backend})",
        [measure(app, signed_in_client(app, user_id), "/inbox")],
    )
    handler, port = Count(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        print(f"\nOutbox to a local SMTP server, {mails} mails ({backend})")
        for deliverers in (1, 2):
            rate = throughput(url, port, deliverers, mails)
            print(f"  {deliverers} deliverer{'s' if deliverers > 1 else ''}: {rate:,.0f} mails/s")
    finally:
        controller.stop()
    print(f"  the SMTP server received {handler.received} mails ({2 * mails} sent)")


if __name__ == "__main__":
    main()
