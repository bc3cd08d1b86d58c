"""A retried submission is answered with its first result, and creates nothing twice.

A form that creates something carries a one-time key (`idempotency_field()`, a new key every
time the form is rendered); its view is wrapped in `@idempotent`. The wrapper stores the key
in the view's own transaction, so the key commits together with the writes it protects, then
records the answer next to it. The browser re-sending the same submission (its first answer
lost, say, in a crash just after the commit) finds the key: it gets the recorded answer, or,
if the answer was never recorded, hears that the submission was already saved. Keys older
than a day are pruned as new ones come in.

A view whose answer shows a secret once (an invite or share link) is wrapped in
`@idempotent_shown_once` instead: the secret is never stored, a retry is sent back to the
page it was posted to (the list) with a notice that the link was shown once. A view whose
answer only sometimes holds secrets calls `shown_once_retry(url)` when it does: that answer is
not stored, and a retry is sent to `url`.
"""

import secrets
import time
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import Response, flash, g, make_response, redirect, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.htmx import hx_redirect, is_htmx, notice_only, redirect_location
from plplan.models import IdempotencyKey, utcnow

FIELD = "idempotency_key"
KEEP_FOR = timedelta(days=1)
RECORD_WAIT_POLLS = 40  # x 50 ms
ALREADY_SAVED = lazy_gettext("This was already saved. Reload the page to see it.")
SHOWN_ONCE = lazy_gettext(
    "This was already created — the link was shown once; create another if you lost it."
)


def idempotency_field() -> Markup:
    """The hidden one-time key of a form (a template global)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(24)
    )


def idempotent(view):
    """Answer a repeat of the same submission (same key, same user) with its first answer."""
    return _guarded(view, shown_once=False)


def idempotent_shown_once(view):
    """As `idempotent`, for a view whose first answer holds a secret: a repeat is sent to
    the page it was posted to, with the SHOWN_ONCE notice, and the secret is never stored."""
    return _guarded(view, shown_once=True)


def _guarded(view, shown_once: bool):
    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.form.get(FIELD, "")
        if not key or len(key) > 64 or not current_user.is_authenticated:
            return view(*args, **kwargs)
        user_id = current_user.id
        try:
            _claim(key, user_id)
        except IntegrityError:
            db.session.rollback()
            return _replay(key, user_id, shown_once)
        response = make_response(view(*args, **kwargs))
        db.session.rollback()  # what the view did not commit, it did not do: the key goes too
        retry = request.path if shown_once else g.pop("shown_once_retry", None)
        _record(key, user_id, hx_redirect(retry) if retry else response)
        return response

    return wrapped


def shown_once_retry(url: str) -> None:
    """This answer of an `@idempotent` view holds a secret: keep it unstored, and send a
    retry of the submission to `url` instead."""
    g.shown_once_retry = url


def _claim(key: str, user_id: int) -> None:
    db.session.execute(
        sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP_FOR)
    )
    db.session.add(IdempotencyKey(key=key, user_id=user_id))
    db.session.flush()


def _record(key: str, user_id: int, response: Response) -> None:
    """Keep the answer with the key, if the view committed (else there is no key to keep)."""
    location = redirect_location(response)
    db.session.execute(
        sa.update(IdempotencyKey)
        .where(IdempotencyKey.key == key, IdempotencyKey.user_id == user_id)
        .values(
            response_status=response.status_code,
            location=location,
            body=None if location else response.get_data(as_text=True),
        )
    )
    db.session.commit()


def _replay(key: str, user_id: int, shown_once: bool) -> Response:
    first = _first_answer(key, user_id)
    notice = str(SHOWN_ONCE if shown_once else ALREADY_SAVED)
    if first is None or first.response_status is None:
        if is_htmx():
            return notice_only(notice, 409, level="info")
        flash(notice, "info")
        return redirect(request.referrer or "/", 303)
    if shown_once:
        flash(notice, "info")
    if first.location is None:
        return Response(first.body, first.response_status)
    if first.response_status == 204:
        return hx_redirect(first.location)
    return redirect(first.location, first.response_status)


def _first_answer(key: str, user_id: int) -> IdempotencyKey | None:
    """The key's row once its answer is recorded: a repeat that arrives while the first is
    finishing waits the moment between the first's commit and its record (a short poll)."""
    for _ in range(RECORD_WAIT_POLLS):
        first = db.session.scalar(
            sa.select(IdempotencyKey).where(
                IdempotencyKey.key == key, IdempotencyKey.user_id == user_id
            )
        )
        if first is None or first.response_status is not None:
            return first
        db.session.rollback()  # a fresh snapshot for the next look
        time.sleep(0.05)
    return first
