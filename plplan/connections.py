"""Pooled database connections are checked before use only when they may have gone stale.

SQLAlchemy's `pool_pre_ping` pings on every checkout, which on PostgreSQL is one more round
trip per request, costing about as much as a simple query. A connection that came back to the
pool a moment ago is as alive as a ping would prove, so only one that sat idle for longer than
IDLE_PING_SECONDS is pinged (a database restart or a proxy's idle timeout is what kills
connections). A dead one is replaced before the request sees it. If the database goes away
while connections are busy, the first failing statement invalidates the whole pool
(SQLAlchemy's disconnect handling), just as it would with `pool_pre_ping`.
"""

import time

import sqlalchemy as sa

IDLE_PING_SECONDS = 10.0
_IDLE_SINCE = "plplan_idle_since"


def ping_idle_connections(engine: sa.Engine) -> None:
    """Make `engine`'s pool ping a connection that was idle too long before handing it out."""

    @sa.event.listens_for(engine.pool, "checkin")
    def _idle_from_now(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @sa.event.listens_for(engine.pool, "checkout")
    def _ping_if_idle_too_long(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise sa.exc.InvalidatePoolError() from error  # every idle one connects afresh
