"""Copying the whole database to a file and back: SQLite's online backup API, or
pg_dump/pg_restore for PostgreSQL (the client tools must be on PATH)."""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL

from plplan.extensions import db


class BackupError(Exception):
    """The copy could not be made; the message says why."""


def backup(path: Path) -> None:
    """Write a consistent copy of the database to `path`, while the app keeps running."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_file(url), path)
    else:
        _pg_tool(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], url)


def restore(path: Path) -> None:
    """Replace every table's rows with those in the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    url = db.engine.url
    # No pooled connection may keep a table open (PostgreSQL drops them) or cache old pages.
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(path, _sqlite_file(url))
    else:
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _pg_tool([*command, str(path)], url)


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source} to {target}: {error}") from error


def _pg_tool(command: list[str], url: URL) -> None:
    """Run a PostgreSQL client tool on the app's database; the password goes by environment."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    libpq_url = url.set(drivername="postgresql", password=None)
    command = [command[0], "--dbname", libpq_url.render_as_string(hide_password=False)] + command[
        1:
    ]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
