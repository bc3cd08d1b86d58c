"""The chat message for a team event, in Slack's incoming-webhook JSON; Mattermost and
Microsoft Teams read its `text` alone."""

from flask_babel import gettext

from plplan.webhooks.kinds import TITLES

MAX_SUMMARY = 300


def _escape(text: str) -> str:
    """Slack's escaping: our people's words never become links or @channel mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_payload(kind: str, team: str, summary: str, link: str) -> dict:
    """The message that `kind` happened in `team`: a one-line `summary` and a `link` to it
    (an absolute URL on PLPLAN_BASE_URL, `plplan.mail.external_url`)."""
    title = str(TITLES[kind])
    summary = " ".join(summary.split())
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1] + "…"
    team, summary = _escape(team), _escape(summary)
    return {
        "text": f"{title} · {team}: {summary} {link}",
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*{title}* · {team}\n{summary}"},
            },
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"<{link}|{gettext('Open in plplan')}>"}],
            },
        ],
    }
