"""Response headers that hold for every kind of answer: caching of personal pages, HSTS."""

import re

import pytest
import sqlalchemy as sa

from plplan import create_app
from plplan.extensions import db


@pytest.mark.parametrize(
    ("path", "htmx"),
    [
        ("/home", False),
        ("/t/{slug}/", False),
        ("/t/{slug}/responsibilities/", True),
        ("/t/{slug}/responsibilities/export.csv", False),
        ("/t/{slug}/one-pager.md", False),
        ("/t/{slug}/no-such-page", False),
        ("/auth/profile", False),
    ],
)
def test_signed_in_answers_are_never_stored(client_as, team, path, htmx):
    client = client_as(team.person("leader"))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(path.format(slug=team.slug), headers=headers)
    assert response.status_code in (200, 404)
    assert "no-store" in response.headers["Cache-Control"]


def test_public_pages_and_static_files_may_be_cached(client, client_as, team):
    assert "Cache-Control" not in client.get("/").headers
    signed_in = client_as(team.person("leader"))
    assert "no-store" not in signed_in.get("/static/css/app.css").headers.get("Cache-Control", "")


HTTPS = "https://plplan.example"
HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def production(app, monkeypatch):
    """A production app on the test database whose inline email check allows one a minute,
    with a route that fails in the database."""
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PLPLAN_BASE_URL", HTTPS)
    production = create_app(
        {
            "ENV_NAME": "production",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": "memory://",
            "EMAIL_CHECK_IP_LIMIT": "1 per minute",
        }
    )

    @production.get("/test-only/broken")
    def broken():
        db.session.execute(sa.text("SELECT nothing FROM no_such_table"))

    yield production
    with production.app_context():
        db.engine.dispose()


def test_production_sends_hsts_on_every_answer_kind(production):
    client = production.test_client()
    answers = {
        path: client.get(path, base_url=HTTPS)
        for path in ("/", "/no-such-page", "/static/css/app.css", "/auth/login")
    }
    answers["database error"] = client.get("/test-only/broken", base_url=HTTPS)
    answers["too large"] = client.post(
        "/auth/login", data={"password": "x" * 3_000_000}, base_url=HTTPS
    )
    page = answers["/auth/login"].get_data(as_text=True)
    headers = {
        "HX-Request": "true",
        "X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', page)[1],
        "Referer": f"{HTTPS}/auth/register",  # CSRF over https checks it
    }
    answers["htmx fragment"], answers["too many"] = (
        client.post(
            "/auth/register/email", data={"email": "a@example.com"}, headers=headers, base_url=HTTPS
        )
        for _ in range(2)
    )
    assert {kind: answer.status_code for kind, answer in answers.items()} == {
        "/": 200,
        "/no-such-page": 404,
        "/static/css/app.css": 200,
        "/auth/login": 200,
        "database error": 500,
        "too large": 413,
        "htmx fragment": 200,
        "too many": 429,
    }
    assert "<html" not in answers["htmx fragment"].get_data(as_text=True)
    for kind, answer in answers.items():
        assert answer.headers.get("Strict-Transport-Security") == HSTS, kind


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
