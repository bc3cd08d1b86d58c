"""One-click unsubscribe links (RFC 8058): signed for one person and one kind of event, so a
link works without signing in and a changed one does nothing."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from plplan.mail import external_url
from plplan.notifications.events import KINDS

_SALT = "plplan-unsubscribe"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_url(user_id: int, kind: str) -> str:
    return external_url("unsubscribe.confirm", token=_signer().dumps([user_id, kind]))


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a link we signed; None for anything else."""
    try:
        user_id, kind = _signer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in KINDS:
        return None
    return user_id, kind
