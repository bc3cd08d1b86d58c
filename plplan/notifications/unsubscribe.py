"""One-click unsubscribe links (RFC 8058): signed for one person and one kind of event, so a
link works without signing in and a changed one does nothing."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from plplan.formatting import lazy_gettext
from plplan.mail import external_url
from plplan.models import Delivery, User
from plplan.notifications.events import KINDS, Kind
from plplan.notifications.preferences import set_delivery
from plplan.notifications.schedule import OFF

_SALT = "plplan-unsubscribe"
DIGEST_KIND = "digest"  # not a kind of event: the link in a digest stops the digest
_DIGEST = Kind(DIGEST_KIND, lazy_gettext("Your digest"), Delivery.EMAIL)


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
    if not isinstance(user_id, int) or (kind not in KINDS and kind != DIGEST_KIND):
        return None
    return user_id, kind


def kind_named(key: str) -> Kind:
    return _DIGEST if key == DIGEST_KIND else KINDS[key]


def stop(user: User, key: str) -> None:
    """Stop the emails the link was for: its kind's (the inbox keeps them), or the digest."""
    if key == DIGEST_KIND:
        user.digest_frequency = OFF
    else:
        set_delivery(user.id, key, Delivery.IN_APP)
