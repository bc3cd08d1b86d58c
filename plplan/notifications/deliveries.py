"""What leaders see of the outbox: their team's mails and chat posts that failed or are
being retried, and "retry now" for a failed one."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import OutboxMessage, OutboxStatus, Team, utcnow

SHOWN = 100  # rows at most, newest first


def troubled(team: Team) -> list[OutboxMessage]:
    """The team's failed rows and the pending ones that failed at least once (one query)."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.team_id == team.id,
                sa.or_(
                    OutboxMessage.status == OutboxStatus.FAILED,
                    sa.and_(
                        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0
                    ),
                ),
            )
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(SHOWN)
        )
    )


def retry_now(team: Team, message_id: int) -> bool:
    """Make a failed row of the team due now (one more attempt); False if there is no such
    row (another leader retried it a moment ago, or it is not the team's)."""
    return (
        db.session.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.team_id == team.id,
                OutboxMessage.status == OutboxStatus.FAILED,
            )
            .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow(), claimed_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def masked(address: str) -> str:
    """An email address as the page shows it, "m…@example.com"; a chat row's address is
    already the webhook URL masked."""
    name, at, domain = address.partition("@")
    return f"{name[:1]}…@{domain}" if at else address
