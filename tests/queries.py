"""Counting the SQL statements a piece of work runs (tests pin them, benchmarks report them)."""

from contextlib import contextmanager

import sqlalchemy as sa

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
