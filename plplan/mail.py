"""Outgoing email: sent through SMTP when configured, written to the log otherwise."""

import smtplib
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, on PLPLAN_BASE_URL: never on the Host the request named."""
    base = urlsplit(current_app.config["PLPLAN_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    if not config.get("SMTP_HOST"):
        current_app.logger.warning("Email to %s (SMTP not configured): %s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
