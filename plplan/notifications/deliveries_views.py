"""The Deliveries page: a team's mails and chat posts that failed, for its leaders."""

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext

from plplan.authz import Capability, team_view
from plplan.extensions import db
from plplan.htmx import hx_redirect, render
from plplan.models import Membership
from plplan.notifications import deliveries
from plplan.notifications.deliver import MAX_ATTEMPTS
from plplan.notifications.events import KINDS

bp = Blueprint("deliveries", __name__)


@bp.get("/t/<slug>/deliveries")
@team_view(Capability.SEE_DELIVERIES)
def deliveries_page(membership: Membership):
    return render(
        "notifications/deliveries.html",
        team=membership.team,
        rows=deliveries.troubled(membership.team),
        kinds=KINDS,
        masked=deliveries.masked,
        max_attempts=MAX_ATTEMPTS,
    )


@bp.post("/t/<slug>/deliveries/<int:message_id>/retry")
@team_view(Capability.SEE_DELIVERIES)
def retry(membership: Membership, message_id: int):
    """Make a failed message due now; the deliverer tries it once more on its next run."""
    if not deliveries.retry_now(membership.team, message_id):
        abort(404)
    db.session.commit()
    flash(gettext("It will be tried again in a moment."), "success")
    return hx_redirect(url_for("deliveries.deliveries_page", slug=membership.team.slug))
