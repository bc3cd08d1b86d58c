"""Counting the SQL statements a piece of work runs (tests pin them, benchmarks report them)."""

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from plplan.extensions import db


@contextmanager
def counting_queries(app):
    """`with counting_queries(app) as statements:` — every statement run inside is appended."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


@contextmanager
def orm_statements_as_postgresql():
    """`with orm_statements_as_postgresql() as sql:` — each ORM statement as PostgreSQL runs it.

    For row locks (`FOR UPDATE`), which SQLite leaves out of the SQL it is sent.
    """
    statements: list[str] = []

    def seen(state):
        statements.append(str(state.statement.compile(dialect=postgresql.dialect())))

    sa.event.listen(db.session, "do_orm_execute", seen)
    try:
        yield statements
    finally:
        sa.event.remove(db.session, "do_orm_execute", seen)
