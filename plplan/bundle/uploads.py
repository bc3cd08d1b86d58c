"""Uploaded bundles kept on the server between the dry run and the confirm.

Kept in the database (app servers hold no state of their own), found by uploader and the
SHA-256 of the content: the confirm names only the digest, so the client can neither change
the bundle it saw checked nor reach another person's upload. The content is hashed again
when read back. The confirm removes it in the transaction that creates the team; uploads
older than a day are removed as new ones arrive.
"""

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from plplan.extensions import db
from plplan.models import BundleUpload, utcnow

KEEP_FOR = timedelta(days=1)
DIGEST = re.compile(r"[0-9a-f]{64}")


def keep(data: bytes, user_id: int) -> str:
    """Store `data` for `user_id` (the caller commits); its digest."""
    db.session.execute(sa.delete(BundleUpload).where(BundleUpload.created_at < utcnow() - KEEP_FOR))
    digest = hashlib.sha256(data).hexdigest()
    if _upload(digest, user_id) is None:
        try:
            with db.session.begin_nested():
                db.session.add(BundleUpload(user_id=user_id, digest=digest, data=data))
        except IntegrityError:
            pass  # the same file, sent twice at once: one copy is kept
    return digest


def load(digest: str, user_id: int) -> bytes | None:
    """The bundle `user_id` uploaded with this digest, or None (unknown, expired, altered)."""
    upload = _upload(digest, user_id) if DIGEST.fullmatch(digest) else None
    if upload is None or hashlib.sha256(upload.data).hexdigest() != digest:
        return None
    return upload.data


def forget(digest: str, user_id: int) -> None:
    db.session.execute(
        sa.delete(BundleUpload).where(
            BundleUpload.user_id == user_id, BundleUpload.digest == digest
        )
    )


def _upload(digest: str, user_id: int) -> BundleUpload | None:
    return db.session.scalar(
        sa.select(BundleUpload).where(
            BundleUpload.user_id == user_id, BundleUpload.digest == digest
        )
    )
