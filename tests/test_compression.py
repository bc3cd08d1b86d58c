"""Less on the wire: compressed answers, and static files kept for good under versioned URLs."""

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

from plplan import create_app

IMMUTABLE = "public, max-age=31536000, immutable"


def decoded(response) -> bytes:
    decompress = {"br": brotli.decompress, "gzip": gzip.decompress}
    return decompress[response.headers["Content-Encoding"]](response.data)


def static_url(page: str, filename: str) -> str:
    """The URL the page links for a static file."""
    return re.search(rf'"(/static/{re.escape(filename)}[^"]*)"', page).group(1)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_team_page_goes_out_compressed(client_as, team, encoding):
    client = client_as(team.person("leader"))
    response = client.get(f"/t/{team.slug}/", headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert team.name in decoded(response).decode()


def test_without_accept_encoding_the_page_is_plain(client_as, team):
    response = client_as(team.person("leader")).get(f"/t/{team.slug}/")
    assert "Content-Encoding" not in response.headers
    assert team.name in response.get_data(as_text=True)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_css_and_js_go_out_compressed(app, client, encoding):
    page = client.get("/auth/login").get_data(as_text=True)
    for filename in ("css/app.css", "js/app.js"):
        response = client.get(static_url(page, filename), headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert decoded(response) == (Path(app.static_folder) / filename).read_bytes()


def test_json_goes_out_compressed():
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/rows.json", "rows", lambda: {"rows": [f"row {n}" for n in range(200)]})
    response = app.test_client().get("/rows.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b'"row 199"' in decoded(response)


def test_static_urls_carry_the_content_hash_and_are_kept_for_good(app, client):
    page = client.get("/auth/login").get_data(as_text=True)
    url = static_url(page, "css/app.css")
    content = (Path(app.static_folder) / "css/app.css").read_bytes()
    assert url.endswith("?v=" + hashlib.sha256(content).hexdigest()[:16])
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.data == content


def test_the_local_htmx_fallback_is_versioned_too(client):
    page = client.get("/auth/login").get_data(as_text=True)
    fallback = re.search(r'data-htmx-local="([^"]+)"', page).group(1)
    assert fallback.startswith("/static/vendor/htmx.min.js?v=")
    assert client.get(fallback).headers["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize("query", ["", "?v=0123456789abcdef"])
def test_an_unversioned_or_outdated_static_url_still_works_but_is_revalidated(app, client, query):
    response = client.get("/static/css/app.css" + query)
    assert response.status_code == 200
    assert response.data == (Path(app.static_folder) / "css/app.css").read_bytes()
    assert "immutable" not in response.headers.get("Cache-Control", "")
    again = client.get("/static/css/app.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_missing_static_file_is_still_not_found(client):
    assert client.get("/static/css/no-such.css?v=0123456789abcdef").status_code == 404
