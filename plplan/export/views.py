"""The one-pager: in-app page, PDF and Markdown downloads, share links and the shared page."""

from flask import Blueprint, Response, abort, flash, request, url_for
from flask_login import current_user

from plplan.authz import Capability, team_view
from plplan.export import services
from plplan.export.content import DEFAULT_SECTIONS
from plplan.export.formats import document_html, fit_to_page, markdown, pdf_bytes
from plplan.export.forms import OnePagerOptionsForm, ShareLinkForm
from plplan.extensions import db
from plplan.htmx import hx_redirect, render
from plplan.idempotency import idempotent_shown_once
from plplan.lookup import team_object_or_404
from plplan.mail import external_url
from plplan.models import Membership, Plan, ShareLink
from plplan.vision.services import publication_versions, team_plans
from plplan.web import from_another_site

bp = Blueprint("export", __name__)


def _plans(membership: Membership) -> list[Plan]:
    """The open plans this member may export: without drafts, only published ones."""
    plans = [plan for plan in team_plans(membership.team) if not plan.is_archived]
    if not membership.can(Capability.READ_DRAFTS):
        published = publication_versions(membership.team)
        plans = [plan for plan in plans if plan.id in published]
    return plans


def _default_plan_id(plans: list[Plan]) -> int | None:
    """The team's current plan, else the first open one (team_plans lists the current first)."""
    return plans[0].id if plans else None


def _options(membership: Membership, plans: list[Plan]) -> OnePagerOptionsForm:
    """The options from the query string; who reads no drafts is held to the published version."""
    form = OnePagerOptionsForm(request.args if "chosen" in request.args else None)
    form.offer_plans(plans)
    if not form.plan.data or form.plan.data not in {p.id for p in plans}:
        form.plan.data = _default_plan_id(plans)
    if not membership.can(Capability.READ_DRAFTS) or form.source.data not in services.SOURCES:
        form.source.data = "published"
    if form.paper.data not in ("a4", "letter"):
        form.paper.data = "a4"
    if "chosen" not in request.args:
        form.sections.data = list(DEFAULT_SECTIONS)
    return form


def _one_pager(membership: Membership, fit: bool = True):
    """(form, plan, one-pager or None) for the options in the query string; `fit` shortens
    it to one page, as the page and the PDF need (the Markdown keeps everything)."""
    plans = _plans(membership)
    form = _options(membership, plans)
    plan = next((p for p in plans if p.id == form.plan.data), None)
    one_pager = None
    if plan is not None:
        built = services.build_one_pager(
            membership.team,
            plan,
            form.source.data,
            tuple(form.sections.data or ()),
            form.paper.data,
            every_area=membership.can(Capability.READ_AREA_DATA),
        )
        one_pager = fit_to_page(built) if built and fit else built
    return form, plan, one_pager


@bp.get("/t/<slug>/one-pager")
@team_view(Capability.EXPORT)
def one_pager(membership: Membership):
    """The one-pager on screen, with its options and downloads; prints as one page."""
    form, plan, page = _one_pager(membership)
    return render(
        "export/page.html",
        team=membership.team,
        form=form,
        plan=plan,
        op=page,
    )


def _download(
    membership: Membership, extension: str, mimetype: str, body, fit: bool = True
) -> Response:
    _, plan, page = _one_pager(membership, fit)
    if page is None:
        abort(404)
    if not from_another_site():  # a link on another page must not write our audit log
        services.record_export(membership.team, plan, extension.upper())
        db.session.commit()
    name = services.download_name(membership.team, page, extension)
    return Response(
        body(page),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/t/<slug>/one-pager.pdf")
@team_view(Capability.EXPORT)
def one_pager_pdf(membership: Membership):
    return _download(membership, "pdf", "application/pdf", pdf_bytes)


@bp.get("/t/<slug>/one-pager.md")
@team_view(Capability.EXPORT)
def one_pager_markdown(membership: Membership):
    return _download(membership, "md", "text/markdown; charset=utf-8", markdown, fit=False)


@bp.route("/t/<slug>/share-links", methods=["GET", "POST"])
@team_view(Capability.SHARE)
@idempotent_shown_once
def share_links(membership: Membership):
    """Create read-only links for people without an account; list, count views, revoke."""
    team = membership.team
    plans = _plans(membership)
    form = ShareLinkForm()
    form.offer_plans(plans)
    new_link = None
    if form.validate_on_submit():
        plan = next(p for p in plans if p.id == form.plan.data)
        _, token = services.create_share_link(
            team,
            plan,
            source=form.source.data,
            sections=form.sections.data,
            paper=form.paper.data,
            days=form.days.data,
            label=form.label.data or "",
            creator=current_user,
        )
        db.session.commit()
        new_link = external_url("export.shared", token=token)
        form = ShareLinkForm(formdata=None)
        form.offer_plans(plans)
    elif request.method == "GET":
        form.plan.data = _default_plan_id(plans)
    return render(
        "export/share_links.html",
        "share_links",
        422 if form.errors else 200,
        team=team,
        form=form,
        new_link=new_link,
        links=services.share_links(team),
    )


@bp.post("/t/<slug>/share-links/<int:link_id>/revoke")
@team_view(Capability.SHARE)
def revoke_share_link(membership: Membership, link_id: int):
    link = team_object_or_404(membership, ShareLink, link_id)
    services.revoke_share_link(membership.team, link)
    db.session.commit()
    flash("The share link no longer works.", "success")
    return hx_redirect(url_for("export.share_links", slug=membership.team.slug))


@bp.get("/s/<token>")
def shared(token: str):
    """What a share link shows: the one-pager alone (and its PDF), nothing that leads into
    the app."""
    _, page = _shared_one_pager(token)
    pdf_url = url_for("export.shared_pdf", token=token)
    return _shared_response(document_html(page, pdf_url), "text/html")


@bp.get("/s/<token>/one-pager.pdf")
def shared_pdf(token: str):
    """The share link's one-pager as a PDF: the same token rules (revoked, expired: 404)."""
    team, page = _shared_one_pager(token)
    response = _shared_response(pdf_bytes(page), "application/pdf")
    name = services.download_name(team, page, "pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _shared_one_pager(token: str):
    """The team and the fitted one-pager behind a live share link (counted as a view), or 404."""
    link = services.live_share_link(token)
    if link is None:
        abort(404)
    plan = db.session.get(Plan, link.plan_id)
    built = services.build_one_pager(
        plan.team, plan, link.source, tuple(link.sections), link.paper, every_area=True
    )
    if built is None:
        abort(404)
    services.count_view(link)
    db.session.commit()
    return plan.team, fit_to_page(built)


def _shared_response(body, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
