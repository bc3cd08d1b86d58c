"""The one-pager: in-app page, PDF and Markdown downloads, share links and the shared page."""

from flask import Blueprint, Response, abort, flash, request, session, url_for
from flask_babel import gettext
from flask_login import current_user

from plplan.authz import Capability, may_open_plan, team_view
from plplan.export import services, tags
from plplan.export.content import DEFAULT_SECTIONS, OnePager
from plplan.export.formats import document_html, markdown
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


@bp.app_template_global()
def published_one_pager(plan: Plan) -> dict:
    """The default one-pager of a plan's published version: the PDF's address and the fields
    that create a share link to it in one click (offered right after publishing), and how
    many of its share links are live already."""
    choices = {"plan": plan.id, "source": "published", "paper": "a4"}
    sections = list(DEFAULT_SECTIONS)
    return {
        "pdf_url": url_for(
            "export.one_pager_pdf", slug=plan.team.slug, chosen="1", sections=sections, **choices
        ),
        "share_fields": [*choices.items(), *(("sections", section) for section in sections)],
        "live_links": services.live_share_links(plan),
    }


def _plans(membership: Membership) -> list[Plan]:
    """The open plans this member may export: without drafts, only published ones."""
    plans = [plan for plan in team_plans(membership.team) if not plan.is_archived]
    if membership.can(Capability.READ_DRAFTS):
        return plans  # every one opens: which are published needs no query
    published = publication_versions(membership.team)
    return [plan for plan in plans if may_open_plan(membership, plan, plan.id in published)]


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


def _one_pager(membership: Membership):
    """(form, plan, one-pager or None) for the options in the query string, not yet fitted."""
    plans = _plans(membership)
    form = _options(membership, plans)
    plan = next((p for p in plans if p.id == form.plan.data), None)
    one_pager = None
    if plan is not None:
        one_pager = services.build_one_pager(
            membership.team,
            plan,
            form.source.data,
            tuple(form.sections.data or ()),
            form.paper.data,
            every_area=membership.can(Capability.READ_AREA_DATA),
        )
    return form, plan, one_pager


@bp.get("/t/<slug>/one-pager")
@team_view(Capability.EXPORT)
def one_pager(membership: Membership):
    """The one-pager on screen, with its options and downloads; prints as one page.

    Tagged before any of its data is read (export.tags): an unchanged page costs a query or
    two. The tag is weak: the same page with an older (still valid) form token. Signed-in
    answers stay `no-store` (web.py); a client that keeps one revalidates."""
    tag = tags.page_tag(membership)
    if request.if_none_match.contains_weak(tag) and not session.get("_flashes"):
        return _not_modified(tag, weak=True)
    form, plan, page = _one_pager(membership)
    content = page and tags.content_hash(membership.team_id, page)
    stored = content and services.stored_fit(content)
    response = render(
        "export/page.html",
        team=membership.team,
        form=form,
        plan=plan,
        op=page and services.on_screen(page, stored),
    )
    response.set_etag(tag, weak=True)
    return response


def _download(membership: Membership, extension: str, mimetype: str, made) -> Response:
    """A download, or its `304` (which reads no data and writes nothing to the audit log)."""
    tag = tags.download_tag(membership, extension)
    if tag in request.if_none_match:
        return _not_modified(tag)
    _, plan, page = _one_pager(membership)
    if page is None:
        abort(404)
    if not from_another_site():  # a link on another page must not write our audit log
        services.record_export(membership.team, plan, extension.upper())
        db.session.commit()
    name = services.download_name(membership.team, page, extension)
    return _attachment(tag, made(membership.team_id, page), mimetype, name)


def _pdf(team_id: int, page: OnePager) -> bytes:
    """The PDF (the same content always gives the same PDF), its fit stored for every worker."""
    data = services.pdf(team_id, page, tags.content_hash(team_id, page))
    db.session.commit()
    return data


def _markdown(_team_id: int, page: OnePager) -> str:
    return markdown(page)


@bp.get("/t/<slug>/one-pager.pdf")
@team_view(Capability.EXPORT)
def one_pager_pdf(membership: Membership):
    return _download(membership, "pdf", "application/pdf", _pdf)


@bp.get("/t/<slug>/one-pager.md")
@team_view(Capability.EXPORT)
def one_pager_markdown(membership: Membership):
    return _download(membership, "md", "text/markdown; charset=utf-8", _markdown)


def _attachment(tag: str, body, mimetype: str, name: str) -> Response:
    """A file to download as `name`, tagged `tag` (a strong ETag)."""
    response = Response(body, mimetype=mimetype)
    response.set_etag(tag)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _not_modified(tag: str, weak: bool = False) -> Response:
    response = Response(status=304)
    response.set_etag(tag, weak=weak)
    return response


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
    flash(gettext("The share link no longer works."), "success")
    return hx_redirect(url_for("export.share_links", slug=membership.team.slug))


@bp.get("/s/<token>")
def shared(token: str):
    """What a share link shows: the one-pager alone (and its PDF), nothing that leads into
    the app."""
    link, tag = _shared_view(token, "html")
    if tag in request.if_none_match:
        return _shared_response(_not_modified(tag))
    team, page = _shared_one_pager(link)
    shown = services.on_screen(page, services.stored_fit(tags.content_hash(team.id, page)))
    html = document_html(shown, url_for("export.shared_pdf", token=token))
    response = Response(html, mimetype="text/html")
    response.set_etag(tag)
    return _shared_response(response)


@bp.get("/s/<token>/one-pager.pdf")
def shared_pdf(token: str):
    """The share link's one-pager as a PDF: the same token rules (revoked, expired: 404)."""
    link, tag = _shared_view(token, "pdf")
    if tag in request.if_none_match:
        return _shared_response(_not_modified(tag))
    team, page = _shared_one_pager(link)
    name = services.download_name(team, page, "pdf")
    return _shared_response(_attachment(tag, _pdf(team.id, page), "application/pdf", name))


def _shared_view(token: str, kind: str) -> tuple[ShareLink, str]:
    """The live link behind `token` (else 404) and its answer's tag, read before its data.

    Every request counts as a view, a revalidation answered `304` too: someone opened the
    link again, only their browser had kept the page."""
    link = services.live_share_link(token)
    if link is None:
        abort(404)
    tag = tags.shared_tag(link, kind)
    services.count_view(link)
    db.session.commit()
    return link, tag


def _shared_one_pager(link: ShareLink):
    """The team and the one-pager (not yet fitted) behind a live share link, or 404."""
    plan = db.session.get(Plan, link.plan_id)
    built = services.build_one_pager(
        plan.team, plan, link.source, tuple(link.sections), link.paper, every_area=True
    )
    if built is None:
        abort(404)
    return plan.team, built


def _shared_response(response: Response) -> Response:
    # Kept by the recipient's browser only (the token is the secret), and asked for again each
    # time (`no-cache`, not `no-store`, which would forbid the revalidation): an unchanged
    # one-pager costs a `304`, a revoked or expired link stops showing at once.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
