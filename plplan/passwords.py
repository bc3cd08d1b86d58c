"""Which passwords are too easy to guess: the most common leaked ones, and the account's email."""

import gzip
from functools import cache
from pathlib import Path

COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"


@cache
def _common() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_guessable(password: str, email: str = "") -> bool:
    """True for a password on the common list or made of the email (or its name part)."""
    candidate = password.strip().casefold()
    email = email.strip().casefold()
    return candidate in _common() or (bool(email) and candidate in (email, email.split("@")[0]))
