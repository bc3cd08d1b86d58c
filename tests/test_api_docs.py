"""The API's OpenAPI document and its documentation page: every operation is on the page,
which loads nothing from another site and keeps the strict CSP."""

import re


def test_the_document_describes_tokens_and_the_error_shape(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert {"status", "code", "message"} <= set(spec["components"]["schemas"]["Error"]["required"])


def test_the_docs_page_lists_every_operation_from_local_assets(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for path, item in spec["paths"].items():
        for method in item.keys() - {"parameters"}:
            assert f"{method.upper()} {path}" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith(("/", "#")) for s in sources)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-eval" not in policy
