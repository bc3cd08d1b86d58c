"""A team's webhook as leaders set it, and posting to it with the outcome kept for them."""

import sqlalchemy as sa
from flask import current_app

from plplan.extensions import db
from plplan.models import Team, TeamWebhook, User, utcnow
from plplan.transactions import for_update
from plplan.webhooks.addresses import AddressRule, WebhookError, is_public_address
from plplan.webhooks.sender import send_webhook


class NothingToKeep(Exception):
    """Keep the saved URL, said after another leader removed it."""


def address_rule() -> AddressRule:
    """Public addresses only; a testing app may allow any (its test servers are local)."""
    config = current_app.config
    if config.get("TESTING") and config.get("WEBHOOK_ALLOW_PRIVATE_FOR_TESTS"):
        return lambda _ip: True
    return is_public_address


def webhook_of(team: Team) -> TeamWebhook | None:
    return db.session.get(TeamWebhook, team.id)


def save_webhook(team: Team, url: str | None, kinds: list[str], user: User) -> TeamWebhook:
    """Set the team's URL (None keeps the saved one; NothingToKeep if there is none) and the
    kinds posted there. Two leaders saving at once: the team row is locked first, so the
    second one replaces the first."""
    db.session.execute(for_update(sa.select(Team.id).where(Team.id == team.id)))
    # Read again under the lock: the row loaded before it may have changed or gone since.
    hook = db.session.scalar(
        sa.select(TeamWebhook)
        .where(TeamWebhook.team_id == team.id)
        .execution_options(populate_existing=True)
    )
    if hook is None:
        if url is None:
            raise NothingToKeep
        hook = TeamWebhook(team_id=team.id, url=url)
        db.session.add(hook)
    elif url is not None and url != hook.url:
        hook.url, hook.last_sent_at, hook.last_error = url, None, None
    hook.kinds = list(kinds)
    hook.set_by_id, hook.set_at = user.id, utcnow()
    db.session.flush()
    return hook


def remove_webhook(team: Team) -> None:
    """Remove the team's URL, under the same team-row lock as `save_webhook`: a save waits
    for the removal (and then finds no row) instead of updating a row that is gone."""
    db.session.execute(for_update(sa.select(Team.id).where(Team.id == team.id)))
    db.session.execute(sa.delete(TeamWebhook).where(TeamWebhook.team_id == team.id))


def post(hook: TeamWebhook, payload: dict) -> None:
    """Send `payload` to the team's URL and keep how it went (the caller commits); a failure
    is kept, then raised as WebhookError."""
    url = hook.url
    error = None
    try:
        send_webhook(url, payload, allow_address=address_rule())
    except WebhookError as failure:
        error = failure
    # Only if the URL is still the one posted to: a leader may have replaced it meanwhile.
    db.session.execute(
        sa.update(TeamWebhook)
        .where(TeamWebhook.team_id == hook.team_id, TeamWebhook.url == url)
        .values(last_sent_at=utcnow(), last_error=str(error)[:500] if error else None)
        .execution_options(synchronize_session="fetch")
    )
    if error is not None:
        raise error
