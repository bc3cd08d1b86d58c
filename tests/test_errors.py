"""Error pages: a clear answer with our headers, even when the database is what failed."""

import sqlalchemy as sa
from flask_login import login_required

from plplan.extensions import db
from tests.queries import counting_queries

SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")


def test_database_error_gives_our_500_page_without_another_query(another_app, login, team):
    app = another_app(PROPAGATE_EXCEPTIONS=False)  # answer as production does, not raise

    @app.get("/test-only/broken")
    @login_required
    def broken():
        db.session.execute(sa.text("SELECT nothing FROM no_such_table"))

    client = login(app.test_client(), team.person("leader"))
    with counting_queries(app) as statements:
        response = client.get("/test-only/broken")
    assert response.status_code == 500
    for header in SECURITY_HEADERS:
        assert header in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert '<a href="/home">My teams</a>' in page  # the nav, built without data
    failed = next(i for i, sql in enumerate(statements) if "no_such_table" in sql)
    assert statements[failed + 1 :] == []  # neither the nav nor anything else queried after


def test_oversized_body_is_answered_413_with_a_clear_page(client):
    response = client.post(
        "/auth/login", data={"email": "a@example.com", "password": "x" * 3_000_000}
    )
    assert response.status_code == 413
    assert "more than we accept in one go" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_too_many_form_fields_are_refused(client):
    fields = {f"field{i}": "x" for i in range(300)}
    response = client.post("/auth/login", data=fields, content_type="multipart/form-data")
    assert response.status_code == 413
