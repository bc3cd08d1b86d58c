"""Static files under versioned URLs, so browsers keep them a year and never ask again.

`url_for("static", filename=...)` adds `v`, a hash of the file's content: a changed file gets
a new URL. The hash depends only on the bytes, so every worker and instance gives the same URL.
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from flask import Flask, request

IMMUTABLE = "public, max-age=31536000, immutable"


def version_of(static_folder: str, filename: str) -> str | None:
    """The content hash of a static file; None when there is no such file."""
    path = Path(static_folder) / filename
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _content_hash(path, modified)


@cache
def _content_hash(path: Path, modified: int) -> str:
    """Hashed once per file per process; `modified` keys a file edited while the app runs."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def register_static_versions(app: Flask) -> None:
    @app.url_defaults
    def _add_version(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = version_of(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cache_versioned(response):
        """A URL naming the current content may be kept for good; any other is revalidated."""
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = request.view_args["filename"]
            current = version_of(app.static_folder, filename)
            if current and request.args.get("v") == current:
                response.headers["Cache-Control"] = IMMUTABLE
        return response
