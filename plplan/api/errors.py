"""Every error under /api/v1 in one JSON shape: status, code, message, field errors.

`{"status": 409, "code": "conflict", "message": "...", "errors": {"value": ["..."]}}`, plus
whatever the view adds (a conflict carries both versions). The web's error handlers hand
API requests here, so a 404 from routing or a 500 from a view reads the same as one of ours.
"""

import marshmallow as ma
from flask import jsonify, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, InternalServerError

from plplan.extensions import db
from plplan.formatting import lazy_gettext

API_PREFIX = "/api/v1"

MESSAGES = {
    400: lazy_gettext("The request could not be understood."),
    401: lazy_gettext("Send a valid personal API token: Authorization: Bearer plp_..."),
    403: lazy_gettext("This token or your role in the team does not allow that."),
    404: lazy_gettext("There is nothing here, or the token has no access to it."),
    405: lazy_gettext("That method is not allowed here."),
    409: lazy_gettext("Someone changed this since the version you sent."),
    413: lazy_gettext("The request body is larger than we accept."),
    415: lazy_gettext("Send the body as JSON."),
    422: lazy_gettext("Some fields are not valid."),
    429: lazy_gettext("Too many requests with this token. Wait a little and try again."),
    500: lazy_gettext("Something went wrong on our side. Nothing was changed."),
}


class ErrorSchema(ma.Schema):
    """What every error answer holds (documents the shape in the OpenAPI document)."""

    status = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    errors = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Raw(), metadata={"description": "By field"}
    )
    conflict = ma.fields.Dict(
        metadata={
            "description": "409 on a stale save: `yours` and `current`, each with its version"
        }
    )
    accountable = ma.fields.Dict(
        metadata={"description": "409 on a second Accountable: the cell that holds it"}
    )


def refuse_stale(message, yours: tuple[int, dict], current: tuple[int, dict], **more):
    """409 for a save made from an older version: what was sent and what is saved now, each
    as (version, values), in the one conflict shape (and `more` beside them)."""
    abort(
        409,
        message=str(message),
        extra={
            "conflict": {
                "yours": {"version": yours[0], "values": yours[1]},
                "current": {"version": current[0], "values": current[1]},
                **more,
            }
        },
    )


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def api_error(error: HTTPException):
    """The JSON answer for `error` (the transaction rolled back first, as for web pages)."""
    db.session.rollback()
    if not isinstance(error, HTTPException):
        error = InternalServerError()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    body = {
        "status": status,
        "code": (error.name or "error").lower().replace(" ", "_"),
        "message": str(data.get("message") or MESSAGES.get(status, error.description)),
        "errors": _field_errors(data.get("messages") or data.get("errors") or {}),
        **data.get("extra", {}),
    }
    response = jsonify(body)
    response.status_code = status
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if status == 429 and hasattr(error, "get_headers"):
        response.headers.extend(
            (name, value) for name, value in error.get_headers() if name != "Content-Type"
        )
    return response


def _field_errors(messages: dict) -> dict:
    """webargs nests field errors under where they came from ("json", "query"): flatten it."""
    flat = {}
    for key, value in messages.items():
        if key in ("json", "query", "path", "headers", "form") and isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def handle_http_exception(error: HTTPException):
    """App-wide fallback for statuses the web pages have no handler for (401, 409, 422...):
    JSON under /api/v1, Werkzeug's own page elsewhere, as before."""
    return api_error(error) if is_api_request() else error
