"""Uploaded bundles kept on the server between the dry run and the confirm.

The file is stored under the instance folder, named by its uploader and its SHA-256: the
confirm names only the digest, so the client can neither change the bundle it saw checked nor
reach another person's upload. The content is hashed again when it is read back. Files older
than a day are removed as new ones arrive.
"""

import hashlib
import os
import re
import time
from pathlib import Path

from flask import current_app

KEEP_SECONDS = 24 * 3600
DIGEST = re.compile(r"[0-9a-f]{64}")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "bundles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(user_id: int, digest: str) -> Path:
    return _folder() / f"{int(user_id)}-{digest}.json"


def keep(data: bytes, user_id: int) -> str:
    """Store `data` for `user_id`; its digest."""
    _prune()
    digest = hashlib.sha256(data).hexdigest()
    path = _path(user_id, digest)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)
    return digest


def load(digest: str, user_id: int) -> bytes | None:
    """The bundle `user_id` uploaded with this digest, or None (unknown, expired, altered)."""
    if not DIGEST.fullmatch(digest):
        return None
    try:
        data = _path(user_id, digest).read_bytes()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def forget(digest: str, user_id: int) -> None:
    if DIGEST.fullmatch(digest):
        _path(user_id, digest).unlink(missing_ok=True)


def _prune() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in _folder().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
