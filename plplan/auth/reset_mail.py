"""The password-reset mail. The request only queues it in the outbox, so a slow or broken
SMTP server never holds up or fails the page; the deliverer composes it when it sends, and
the link's hour starts then. The outbox keeps the person, never a token."""

from email.message import EmailMessage

from flask import render_template
from flask_babel import gettext

from plplan.auth.services import make_reset_token
from plplan.extensions import db
from plplan.mail import compose, external_url
from plplan.models import OutboxMessage, User

RESET_KIND = "password_reset"


def queue_reset_mail(user: User) -> None:
    """Add the mail to the session; it goes when the caller commits."""
    db.session.add(OutboxMessage(kind=RESET_KIND, address=user.email, payload={"user": user.id}))


def reset_mail(message: OutboxMessage) -> EmailMessage:
    """The mail, in plain text and HTML, with a link made now."""
    user = db.session.get(User, message.payload["user"])
    context = {
        "user": user,
        "link": external_url("auth.reset", token=make_reset_token(user)),
        "subject": gettext("Reset your plplan password"),
    }
    return compose(
        message.address,
        context["subject"],
        render_template("email/reset.txt", **context),
        render_template("email/reset.html", **context),
    )
