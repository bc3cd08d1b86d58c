"""Error pages; htmx requests get a notice instead, so nothing on the page is replaced."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, generate_csrf

from plplan.htmx import is_htmx, notice_only

MESSAGES = {
    400: "That request could not be understood.",
    403: "Your role in this team does not allow that.",
    404: "There is nothing here, or you don't have access to it.",
    405: "That action is not allowed here.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Nothing you typed was sent away; please try again.",
}


def register_error_handlers(app: Flask) -> None:
    for status in MESSAGES:
        app.register_error_handler(status, _handle_http_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)


def _handle_http_error(error):
    status = getattr(error, "code", 500) or 500
    message = MESSAGES.get(status, MESSAGES[500])
    if is_htmx():
        return notice_only(message, status)
    return render_template("errors/error.html", status=status, message=message), status


def _handle_csrf_error(error):
    """A stale or missing token: hand the page a fresh one and keep everything typed."""
    message = "Your session was refreshed. Nothing you typed was lost: please try again."
    if is_htmx():
        return notice_only(message, 400, level="warning", plplan_csrf={"token": generate_csrf()})
    return render_template("errors/error.html", status=400, message=message, csrf_retry=True), 400
