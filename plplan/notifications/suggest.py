"""Who to @mention: the team's people whose name (or email's local part) starts with what is
typed after "@", for the comment boxes' autocomplete (static/js/mentions.js). GET, JSON."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, request

from plplan.authz import Capability, team_view
from plplan.extensions import db
from plplan.models import Membership, User
from plplan.text import name_key

bp = Blueprint("mentions", __name__, url_prefix="/t/<slug>")

LIMIT = 8


@bp.get("/people/suggest")
@team_view(Capability.COMMENT)
def suggest(membership: Membership):
    """At most eight people, best first: whose name starts with the text, then whose name
    has a word starting with it, then whose email does; never the one asking."""
    typed = name_key(request.args.get("q", ""))[:80]
    found = [] if not typed else _matching(membership, typed)
    return jsonify(
        [
            {"id": user_id, "name": name, "mention": f"@[{_bracket_safe(name)}]({user_id})"}
            for user_id, name, _email in found
        ]
    )


def _matching(membership: Membership, typed: str) -> list[tuple[int, str, str]]:
    """Matched in Python, with names folded as people read them (SQLite's lower() folds
    ASCII only): one query for the team's people, a few dozen rows."""
    people = db.session.execute(
        sa.select(User.id, User.display_name, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == membership.team_id, User.id != membership.user_id)
        .order_by(User.display_name, User.id)
    ).all()

    def rank(person) -> int | None:
        name = name_key(person.display_name)
        if name.startswith(typed):
            return 0
        if any(word.startswith(typed) for word in name.split()):
            return 1
        return 2 if person.email.startswith(typed) else None

    ranked = [(rank(person), tuple(person)) for person in people]
    kept = sorted((pair for pair in ranked if pair[0] is not None), key=lambda pair: pair[0])
    return [person for _rank, person in kept[:LIMIT]]


def _bracket_safe(name: str) -> str:
    """A name as a mention can hold it: no brackets, no line breaks."""
    return " ".join(name.replace("[", "(").replace("]", ")").split())[:80]
