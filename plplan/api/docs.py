"""The API's documentation page: the OpenAPI document read as HTML, rendered here with our
own CSS (no documentation UI from a CDN; the page keeps the strict CSP)."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/docs")
def docs():
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    operations = [
        {
            "path": path,
            "method": method.upper(),
            **operation,
            "parameters": item.get("parameters", []) + operation.get("parameters", []),
        }
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/docs.html", spec=spec, operations=operations, schemas=schemas)
