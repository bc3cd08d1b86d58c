"""The leader's pages: download the team's bundle; upload one, see the dry run, confirm."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from plplan.authz import Capability, team_view
from plplan.bundle import export, importer, uploads
from plplan.bundle.format import LABELS
from plplan.extensions import db
from plplan.htmx import hx_redirect, render
from plplan.idempotency import idempotent, shown_once_retry
from plplan.mail import external_url
from plplan.models import Membership
from plplan.teams.forms import TeamForm

bp = Blueprint("bundle", __name__)


@bp.url_value_preprocessor
def _bundle_size(endpoint: str | None, _values) -> None:
    """The upload may be larger than other bodies; set before CSRF protection reads the form."""
    if endpoint == "bundle.upload":
        request.max_content_length = current_app.config["BUNDLE_MAX_BYTES"]


@bp.get("/t/<slug>/bundle")
@team_view(Capability.MOVE_TEAM)
def index(membership: Membership):
    return render("bundle/index.html", team=membership.team)


@bp.get("/t/<slug>/bundle/team.json")
@team_view(Capability.MOVE_TEAM)
def download(membership: Membership):
    """The bundle, streamed as it is written."""
    team = membership.team
    name = f"{team.slug}-{date.today().isoformat()}.json"
    return Response(
        stream_with_context(export.write(team.id)),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/t/<slug>/bundle/import")
@team_view(Capability.MOVE_TEAM)
def upload(membership: Membership):
    upload = request.files.get("bundle")
    if upload is None or not upload.filename:
        error = gettext("Choose a bundle file to import.")
        return render("bundle/index.html", team=membership.team, error=error, status=422)
    digest = uploads.keep(upload.read(), current_user.id)
    db.session.commit()
    return hx_redirect(url_for("bundle.dry_run", slug=membership.team.slug, digest=digest))


@bp.get("/t/<slug>/bundle/import/<digest>")
@team_view(Capability.MOVE_TEAM)
def dry_run(membership: Membership, digest: str):
    result = _checked(digest)
    form = TeamForm(data={"name": (result.bundle or {}).get("team", {}).get("name", "")})
    return _dry_run_page(membership, digest, result, form)


@bp.post("/t/<slug>/bundle/import/<digest>")
@team_view(Capability.MOVE_TEAM)
@idempotent
def confirm(membership: Membership, digest: str):
    """Create the team: one transaction; a repeat of the same submission creates nothing.
    The people invited rather than added get their links here, shown once."""
    result = _checked(digest)
    form = TeamForm()
    if not result.ok or not form.validate():
        return _dry_run_page(membership, digest, result, form, status=422)
    try:
        with db.session.begin_nested():
            team, invited = importer.create(result, form.name.data, current_user)
    except IntegrityError:
        # rows that each pass alone but not together (one plan field twice, say): nothing is kept
        result.problem(gettext("The bundle's rows break a rule of plplan's data together."))
        return _dry_run_page(membership, digest, result, form)
    uploads.forget(digest, current_user.id)
    db.session.commit()
    flash(gettext("%(team)s is ready: imported from the bundle.", team=team.name), "success")
    if not invited:
        return hx_redirect(url_for("teams.home", slug=team.slug))
    shown_once_retry(url_for("teams.invitations", slug=team.slug))
    links = [(person, external_url("teams.join", token=person.token)) for person in invited]
    return render("bundle/invited.html", team=team, links=links)


def _checked(digest: str) -> importer.Check:
    data = uploads.load(digest, current_user.id)
    if data is None:
        abort(404)
    return importer.check(data, current_user.id)


def _dry_run_page(membership, digest, result, form, status=200):
    if not result.ok:
        status = 422
    return render(
        "bundle/dry_run.html",
        team=membership.team,
        digest=digest,
        result=result,
        form=form,
        labels=LABELS,
        status=status,
    )
