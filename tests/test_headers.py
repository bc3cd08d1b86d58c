"""Response headers that hold for every kind of answer: caching of personal pages, HSTS."""

import pytest

from plplan import create_app


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


def test_production_sends_hsts_on_every_answer_kind(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PLPLAN_BASE_URL", "https://plplan.example")
    app = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    client = app.test_client()
    for path in ("/", "/no-such-page", "/static/css/app.css", "/auth/login"):
        hsts = client.get(path, base_url="https://plplan.example").headers[
            "Strict-Transport-Security"
        ]
        assert hsts == "max-age=31536000; includeSubDomains"


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
