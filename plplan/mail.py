"""Outgoing email: sent through SMTP when configured, written to the log otherwise.

Messages are built by the standard library (`email.message.EmailMessage`): a plain-text part,
and an HTML alternative when there is one.
"""

import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app

SMTP_TIMEOUT = 10  # seconds: a hung server fails the attempt instead of holding the deliverer


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, on PLPLAN_BASE_URL: never on the Host the request named."""
    base = urlsplit(current_app.config["PLPLAN_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def compose(
    to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


@contextmanager
def mail_connection() -> Iterator[Callable[[EmailMessage], None]]:
    """`with mail_connection() as send:` sends each message through one SMTP connection, or
    writes it to the log when SMTP is not configured. SMTP errors (smtplib.SMTPException,
    OSError) reach the caller."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        yield _log
        return
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        yield smtp.send_message


def _log(message: EmailMessage) -> None:
    body = message.get_body(("plain",))
    current_app.logger.warning(
        "Email to %s (SMTP not configured): %s\n%s",
        message["To"],
        message["Subject"],
        body.get_content() if body else "",
    )
