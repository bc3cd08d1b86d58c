"""The rhythm step of the deliverer (`flask plplan deliver` runs it before each delivery):
for everyone whose period has come (`schedule`), once per period, raise their reminders and
compose their digest into the outbox, where the deliverer sends it like any mail.

"Once per period" is the unique index on (person, period) of `Digest`: the first deliverer
to write a person's row does their period, in one transaction with their reminders and the
digest's outbox row; another deliverer at the same moment is refused and skips them. A
period with nothing to say keeps the row (subject empty) and sends nothing.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from plplan.extensions import db
from plplan.models import Digest, Membership, OutboxMessage, User
from plplan.notifications import digest, needs
from plplan.notifications.reminders import remind
from plplan.notifications.schedule import OFF, period_due
from plplan.notifications.unsubscribe import DIGEST_KIND, unsubscribe_url
from plplan.transactions import refused_as


class _Done(Exception):
    """Another deliverer did this person's period first."""


def run(now: datetime) -> int:
    """Do the period of everyone whose time has come at `now`; how many digests were queued."""
    queued = 0
    for user, period in _due(now):
        queued += _run_for(user, period, now)
    return queued


def _due(now: datetime) -> list[tuple[User, str]]:
    """The people in a team whose period has come and is not done yet (two queries)."""
    people = db.session.scalars(
        sa.select(User).where(
            sa.select(Membership.id).where(Membership.user_id == User.id).exists()
        )
    ).all()
    due = [(user, period) for user in people if (period := period_due(user, now))]
    if not due:
        return []
    done = set(
        db.session.execute(
            sa.select(Digest.user_id, Digest.period).where(
                Digest.user_id.in_([user.id for user, _ in due]),
                Digest.period.in_({period for _, period in due}),
            )
        ).all()
    )
    return [(user, period) for user, period in due if (user.id, period) not in done]


def _run_for(user: User, period: str, now: datetime) -> int:
    """The person's reminders and digest for `period`, committed together: 1 if a digest
    was queued."""
    try:
        with refused_as(_Done()):
            row = Digest(
                user_id=user.id, period=period, subject="", text="", html="", created_at=now
            )
            db.session.add(row)
            db.session.flush()
    except _Done:
        db.session.rollback()
        return 0
    memberships = list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id)
            .options(joinedload(Membership.team), joinedload(Membership.user))
            .order_by(Membership.team_id)
        )
    )
    found = [needs.of(membership, now) for membership in memberships]
    for team_needs in found:
        remind(team_needs, period, now)
    parts = [] if user.digest_frequency == OFF else digest.gather(user, found, now)
    if parts:
        mail = digest.compose(user, parts, unsubscribe_url(user.id, DIGEST_KIND))
        row.subject, row.text, row.html = mail.subject, mail.text, mail.html
        db.session.add(OutboxMessage(digest=row, address=user.email, next_attempt_at=now))
    db.session.commit()
    return 1 if parts else 0
