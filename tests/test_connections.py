"""A pooled connection that died while it sat idle is replaced before a request uses it."""

import sqlalchemy as sa

from plplan import connections
from plplan.extensions import db


def test_a_connection_that_died_while_idle_is_replaced_before_the_page_uses_it(
    app, team, client_as, monkeypatch
):
    client = client_as(team.person("member"))
    with app.app_context():
        engine = db.engine
    engine.dispose()  # the pool starts empty: every connection it holds is one seen below
    returned = []

    def note(dbapi_connection, _record):
        returned.append(dbapi_connection)

    sa.event.listen(engine.pool, "checkin", note)
    try:
        assert client.get(f"/t/{team.slug}/").status_code == 200
        for dbapi_connection in returned:
            dbapi_connection.close()  # as a database restart or an idle timeout would
        monkeypatch.setattr(connections, "IDLE_PING_SECONDS", 0.0)
        page = client.get(f"/t/{team.slug}/")
    finally:
        sa.event.remove(engine.pool, "checkin", note)
    assert page.status_code == 200
    assert team.name in page.get_data(as_text=True)
