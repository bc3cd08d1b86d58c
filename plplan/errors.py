"""Error pages; htmx requests get a notice instead, so nothing on the page is replaced.

Error pages never query: the transaction is rolled back first (on PostgreSQL a failed
statement aborts it, and every later query would fail too) and the page shows a nav that
needs no data.
"""

from flask import Flask, Response, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf

from plplan.api.errors import api_error, is_api_request
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.htmx import is_htmx, notice_only
from plplan.web import signed_out_notice

MESSAGES = {
    400: lazy_gettext("That request could not be understood."),
    403: lazy_gettext("Your role in this team does not allow that."),
    404: lazy_gettext("There is nothing here, or you don't have access to it."),
    405: lazy_gettext("That action is not allowed here."),
    413: lazy_gettext("That was more than we accept in one go. Please shorten it and try again."),
    429: lazy_gettext("Too many attempts. Please wait a few minutes and try again."),
    500: lazy_gettext(
        "Something went wrong on our side. Nothing you typed was sent away; please try again."
    ),
}


def register_error_handlers(app: Flask) -> None:
    for status in MESSAGES:
        app.register_error_handler(status, _handle_http_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)


def _handle_http_error(error):
    if is_api_request():
        return api_error(error)
    db.session.rollback()
    status = getattr(error, "code", 500) or 500
    message = str(MESSAGES.get(status, MESSAGES[500]))
    if request_ctx.url_adapter is None:
        # A Host we don't serve: no links can be built for it, so no page either.
        return Response(message, status, mimetype="text/plain")
    if is_htmx():
        return notice_only(message, status)
    return _error_page(status, message)


def _error_page(status: int, message: str, **context):
    return render_template(
        "errors/error.html", status=status, message=message, error_page=True, **context
    ), status


def _handle_csrf_error(error):
    """A stale or missing token: hand the page a fresh one and keep everything typed.

    A page whose session ended (signed out here or elsewhere) hears that instead: a token
    for the signed-out session would die again at the next sign-in. (Only the sign-in pages
    themselves are posted to signed out.)
    """
    db.session.rollback()
    if is_htmx() and not current_user.is_authenticated and request.blueprint != "auth":
        return signed_out_notice()
    message = gettext("Your session was refreshed. Nothing you typed was lost: please try again.")
    if is_htmx():
        return notice_only(message, 400, level="warning", plplan_csrf={"token": generate_csrf()})
    return _error_page(400, message, csrf_retry=True)
