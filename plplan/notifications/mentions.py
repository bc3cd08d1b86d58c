"""@mentions in what people write: plan comments and replies, goal comments, check-in notes.

A mention is written `@[Display Name](42)`: the name as the writer saw it, then the person's
user id. The autocomplete of the comment boxes (static/js/mentions.js) inserts it; without
JavaScript the text stays plain text. Brackets survive names with spaces and punctuation, an
email address (`maya@example.com`) is never one, and inside a code span or block it is code,
as Markdown reads it: one markdown-it rule finds mentions both to notify and to render.

Only a current member of the team resolves: rendered as "@" and their name of today (not the
name as written, so nobody can pass for someone else), in a styled span. Anyone else reads as
plain text "@name as written" and hears nothing. Who of the resolved hears of it is the
audience's rule (the actor never; a plan comment's only who reads drafts; a goal's only who
may see the goal).
"""

import re
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask import g
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from plplan.authz import Capability
from plplan.extensions import db
from plplan.models import Goal, Membership, User
from plplan.notifications import outbox
from plplan.notifications.events import Event
from plplan.text import markdown_parser, render_markdown

MENTION = re.compile(r"@\[([^\[\]\n]{1,80})\]\((\d{1,12})\)")


def _mention_rule(state, silent: bool) -> bool:
    """markdown-it inline rule: a mention where one starts (not glued to a word before it)."""
    pos = state.pos
    if state.src[pos] != "@" or (pos and state.src[pos - 1].isalnum()):
        return False
    found = MENTION.match(state.src, pos)
    if not found:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"name": found[1], "user_id": int(found[2])}
    state.pos = found.end()
    return True


def _render_mention(_renderer, tokens, idx, _options, env) -> str:
    meta = tokens[idx].meta
    name = (env or {}).get("names", {}).get(meta["user_id"])
    if name is None:
        return escapeHtml("@" + meta["name"])
    return f'<span class="mention">@{escapeHtml(name)}</span>'


_markdown = markdown_parser()
_markdown.inline.ruler.before("backticks", "mention", _mention_rule)
_markdown.add_render_rule("mention", _render_mention)


def mentioned(text: str | None) -> set[int]:
    """The user ids mentioned in `text` (as Markdown reads it: none inside code)."""
    if not text or "@[" not in text:
        return set()
    return {
        child.meta["user_id"]
        for token in _markdown.parse(text)
        for child in token.children or ()
        if child.type == "mention"
    }


def plain(text: str) -> str:
    """`text` with each mention as "@name" (an inbox item's or a mail's excerpt)."""
    return MENTION.sub(lambda found: "@" + found[1], text)


def render(text: str | None) -> Markup:
    """Safe HTML for a comment or note of the current team (`g.membership`, set by
    `team_view`), mentions of its members styled. No query unless the text has a mention."""
    names = _team_names() if text and MENTION.search(text) else {}
    return render_markdown(text, _markdown, {"names": names})


def _team_names() -> dict[int, str]:
    """The current team's people by user id, loaded once a request (a page of comments)."""
    membership = g.get("membership")
    if membership is None:
        return {}
    if "mention_names" not in g:
        g.mention_names = dict(
            db.session.execute(
                sa.select(User.id, User.display_name)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.team_id == membership.team_id)
            ).all()
        )
    return g.mention_names


@dataclass(frozen=True)
class Mentioned:
    """A mention event's subject: who was mentioned, and what they must be able to read to
    hear of it (a capability, and the goal it is on, if any)."""

    user_ids: frozenset[int]
    capability: Capability = Capability.READ
    goal: Goal | None = None


def notify_mentioned(
    event: Event,
    text: str,
    summary: str | None = None,
    capability: Capability = Capability.READ,
    goal: Goal | None = None,
) -> frozenset[int]:
    """Tell who `text` mentions, with `event`'s team, actor, link (and summary unless given);
    the user ids who heard, for the event itself to skip them (someone mentioned in a thread
    they are in hears once, of the mention)."""
    ids = frozenset(mentioned(text) - {event.actor.id})
    if not ids:
        return frozenset()
    mention = replace(
        event,
        kind="mention",
        subject=Mentioned(ids, capability, goal),
        summary=summary or event.summary,
        skip=frozenset(),
    )
    return frozenset(item.recipient_id for item in outbox.notify(mention))
