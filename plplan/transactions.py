"""Write transactions that keep the rules on both databases.

PostgreSQL locks the rows a service reads `FOR UPDATE`. SQLite has no row locks and pysqlite
ignores `FOR UPDATE`, so on SQLite SQLAlchemy owns the transaction (pysqlite's own
transaction handling is switched off, the documented recipe) and a transaction that is about
to write takes the database's single write lock first (`BEGIN IMMEDIATE`):

- `for_update(statement)` before a check-then-write: the check then reads what the other
  writers committed, and the next writer waits until this one commits;
- any other first write does the same just before it runs, so a transaction never upgrades
  a stale read snapshot to a write (that fails at once with SQLITE_BUSY_SNAPSHOT).

Ending the read transaction to take the lock leaves the session alone: objects the view holds
stay loaded and usable. BEGIN, COMMIT and BEGIN IMMEDIATE go straight to the driver, as
pysqlite's own BEGIN did, so they are not counted as queries.
"""

import re
import sqlite3
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from plplan.extensions import db

BUSY_TIMEOUT_MS = 15_000  # a writer waits this long for the lock before giving up
_WRITING = "plplan_holds_write_lock"
_READ_ONLY = re.compile(r"\s*(SELECT|WITH|PRAGMA|EXPLAIN)\b", re.IGNORECASE)


def for_update(statement):
    """`statement` reading rows that the caller will change depending on what it finds.

    PostgreSQL locks the rows it reads; SQLite takes the write lock first (see above).
    """
    write_lock()
    return statement.with_for_update()


@contextmanager
def refused_as(error: Exception):
    """Write what the block changes in a savepoint; when a unique index refuses it, raise
    `error` instead of an IntegrityError, with the rest of the transaction intact."""
    try:
        with db.session.begin_nested():
            yield
    except sa.exc.IntegrityError as refusal:
        raise error from refusal


def write_lock() -> None:
    """Make the session's transaction hold the database's write lock from now (SQLite only;
    PostgreSQL needs row locks, which `for_update` adds)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        _hold_write_lock(connection)


def _hold_write_lock(connection: sa.Connection) -> None:
    if connection.info.get(_WRITING):
        return
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        raw.execute("COMMIT")  # nothing written yet: this only ends the read snapshot
    raw.execute("BEGIN IMMEDIATE")
    connection.info[_WRITING] = True


@sa.event.listens_for(Engine, "connect")
def _sqlite_connection(dbapi_connection, _record) -> None:
    """SQLite: foreign keys enforced (ON DELETE CASCADE), waiters wait, readers never block
    the writer (WAL), and transactions begun by SQLAlchemy rather than by pysqlite."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if dbapi_connection.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


@sa.event.listens_for(Engine, "begin")
def _sqlite_begin(connection: sa.Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.connection.dbapi_connection.execute("BEGIN")
        connection.info[_WRITING] = False


@sa.event.listens_for(Engine, "before_cursor_execute")
def _sqlite_lock_before_first_write(connection, _cursor, statement, *_args) -> None:
    if (
        connection.dialect.name == "sqlite"
        and not connection.info.get(_WRITING, True)
        and not _READ_ONLY.match(statement)
    ):
        _hold_write_lock(connection)
