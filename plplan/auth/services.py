"""Accounts: registration, sign-in with lockout, password changes and reset tokens."""

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from plplan.extensions import db
from plplan.formatting import zone_named
from plplan.models import User, utcnow
from plplan.security import hash_password, verify_password


def register_user(email: str, display_name: str, password: str) -> User:
    user = User(
        email=User.normalize_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def adopt_browser_zone(user: User, zone: str | None) -> None:
    """Take the browser's time zone as the person's, unless they have one already."""
    if user.time_zone is None and zone_named(zone) is not None:
        user.time_zone = zone


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == User.normalize_email(email)))


def authenticate(email: str, password: str, browser_zone: str | None = None) -> User | None:
    """The user when the password is right and the account is not locked; None otherwise.

    Failures are counted on the user row, so the lock holds across every app server. A
    person with no time zone yet takes the browser's (`browser_zone`) on signing in.
    """
    user = find_user(email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        return None
    if not valid:
        _count_failure(user, now)
        db.session.commit()
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    adopt_browser_zone(user, browser_zone)
    db.session.commit()
    return user


def _count_failure(user: User, now) -> None:
    """One more failed sign-in, counted in SQL (n = n + 1): simultaneous failures all count,
    and the one that reaches the limit locks the account."""
    failures = db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False, team_data=False)
    ).scalar_one()
    if failures >= current_app.config["LOGIN_MAX_FAILURES"]:
        db.session.execute(
            sa.update(User)
            .where(User.id == user.id)
            .values(
                locked_until=now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"]),
                failed_logins=0,
            )
            .execution_options(synchronize_session=False, team_data=False)
        )


def set_password(user: User, password: str) -> None:
    """Change the password and end every session the user had."""
    user.password_hash = hash_password(password)
    user.locked_until = None
    user.failed_logins = 0
    user.end_all_sessions()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    # Part of the token: once the password changes, the token no longer matches (single use).
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"id": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except BadSignature:
        return None
    user = db.session.get(User, data.get("id", 0))
    if user is None or data.get("pw") != _password_fingerprint(user):
        return None
    return user
