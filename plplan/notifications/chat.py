"""Team events in the team's chat: an outbox row per event a leader chose to post, written in
the transaction of the change (`post_later`), and its post by the deliverer (`post_now`)."""

from plplan.extensions import db
from plplan.mail import external_url
from plplan.models import Channel, OutboxMessage, TeamWebhook
from plplan.notifications.events import Event
from plplan.webhooks import kinds, settings
from plplan.webhooks.addresses import shown_url
from plplan.webhooks.payload import webhook_payload


def post_later(event: Event) -> OutboxMessage | None:
    """The chat message of `event`, if its team's webhook posts this kind (the caller commits)."""
    kind = kinds.OF_EVENT.get(event.kind)
    hook = settings.webhook_of(event.team) if kind else None
    if hook is None or kind not in hook.kinds:
        return None
    link = external_url(event.endpoint, slug=event.team.slug, **event.link_args)
    summary = f"{event.summary}: {event.detail}" if event.detail else event.summary
    message = OutboxMessage(
        channel=Channel.WEBHOOK,
        team_id=event.team.id,
        kind=event.kind,
        address=shown_url(hook.url),
        payload=webhook_payload(
            kind, event.team.name, summary, link + (f"#{event.anchor}" if event.anchor else "")
        ),
    )
    db.session.add(message)
    return message


def hook_for(message: OutboxMessage) -> TeamWebhook | None:
    """The webhook `message` still goes to: None once it is removed or no longer posts the kind."""
    hook = db.session.get(TeamWebhook, message.team_id)
    if hook is None or kinds.OF_EVENT.get(message.kind) not in hook.kinds:
        return None
    return hook


def post_now(hook: TeamWebhook, message: OutboxMessage) -> None:
    """Post the message (WebhookError if it failed; the outcome is kept on the webhook too)."""
    settings.post(hook, message.payload)
