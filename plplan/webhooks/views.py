"""The chat webhook settings page: leaders set, replace or remove the URL, choose the events
posted there, and send a test message."""

from flask import Blueprint, flash, request, url_for
from flask_babel import gettext
from flask_login import current_user

from plplan.authz import Capability, team_view
from plplan.extensions import db
from plplan.htmx import hx_redirect, render
from plplan.mail import external_url
from plplan.models import Membership
from plplan.webhooks import settings
from plplan.webhooks.addresses import WebhookError, shown_url
from plplan.webhooks.forms import WebhookForm
from plplan.webhooks.kinds import KINDS, TEST, TITLES
from plplan.webhooks.payload import webhook_payload

bp = Blueprint("webhooks", __name__)


def _page(membership: Membership, form: WebhookForm, status: int = 200, sent: bool = False):
    hook = settings.webhook_of(membership.team)
    return render(
        "webhooks/settings.html",
        "chat",
        status,
        team=membership.team,
        hook=hook,
        shown=shown_url(hook.url) if hook else None,
        form=form,
        sent=sent,
    )


def _form(membership: Membership, submitted: bool) -> WebhookForm:
    """The form as submitted, or empty with the saved kinds ticked (the URL is never filled in)."""
    hook = settings.webhook_of(membership.team)
    if submitted:
        return WebhookForm(has_url=hook is not None)
    saved = {"kinds": hook.kinds} if hook else {}
    return WebhookForm(formdata=None, has_url=hook is not None, **saved)


@bp.route("/t/<slug>/chat", methods=["GET", "POST"])
@team_view(Capability.MANAGE_CHAT)
def chat(membership: Membership):
    """Show the saved URL masked (never in full) and save a new URL or new kinds."""
    submitted = request.method == "POST"
    form = _form(membership, submitted)
    if submitted and form.validate():
        try:
            settings.save_webhook(membership.team, form.new_url(), form.kinds.data, current_user)
        except settings.NothingToKeep:
            db.session.rollback()
            form.url.errors = [gettext("Another leader just removed the webhook. Paste a URL.")]
            return _page(membership, form, 422)
        db.session.commit()
        flash(gettext("Chat settings saved."), "success")
        return hx_redirect(url_for("webhooks.chat", slug=membership.team.slug))
    return _page(membership, form, 422 if form.errors else 200)


@bp.post("/t/<slug>/chat/test")
@team_view(Capability.MANAGE_CHAT)
def test_message(membership: Membership):
    """Post a test message to the saved URL now (a short timeout bounds the wait); a failure
    is shown next to the URL field."""
    team = membership.team
    form = _form(membership, submitted=False)
    hook = settings.webhook_of(team)
    if hook is None:
        form.url.errors = [gettext("Save a webhook URL first.")]
        return _page(membership, form, 422)
    chosen = ", ".join(str(TITLES[kind]) for kind in KINDS if kind in hook.kinds)
    summary = gettext("plplan will post here: %(kinds)s.", kinds=chosen or gettext("nothing yet"))
    payload = webhook_payload(TEST, team.name, summary, external_url("teams.home", slug=team.slug))
    try:
        settings.post(hook, payload)
    except WebhookError as error:
        db.session.commit()
        form.url.errors = [str(error)]
        return _page(membership, form, 422)
    db.session.commit()
    return _page(membership, form, sent=True)


@bp.post("/t/<slug>/chat/remove")
@team_view(Capability.MANAGE_CHAT)
def remove(membership: Membership):
    settings.remove_webhook(membership.team)
    db.session.commit()
    flash(gettext("The webhook was removed; nothing is posted to chat any more."), "success")
    return hx_redirect(url_for("webhooks.chat", slug=membership.team.slug))
