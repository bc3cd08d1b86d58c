"""Password hashing and the random tokens behind invitation links."""

import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a miss costs as long as a hit. Made at
    the first miss rather than at import: hashing is a tenth of a second of every worker's boot."""
    return _hasher.hash("plplan-dummy-password")


def new_token() -> tuple[str, str]:
    """A long random token for a link, and the hash that is all we store of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
