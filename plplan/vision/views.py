"""Vision pages: the plan list, the plan drafted in place, history and diffs, comments.

Every editor is an ordinary form: htmx posts it as the leader types and swaps back the
re-rendered editor (a morph, so focus and caret stay); without JavaScript the same post
redirects back to the plan, or re-renders the page with the error or the conflict in place.
"""

from dataclasses import dataclass, field

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from plplan.areadata import kpis
from plplan.authz import Capability, may_open_plan, plan_name_for, team_view
from plplan.extensions import db
from plplan.htmx import hx_redirect, is_htmx, notice_only, render, retarget
from plplan.idempotency import idempotent
from plplan.inputs import db_int
from plplan.lookup import child, child_or_404, team_object_or_404
from plplan.models import Membership, Plan, PlanComment, PlanItem, PlanRevision
from plplan.vision import comments, comments_html, editors, history, markers, parts, services
from plplan.vision import presence as here
from plplan.vision.coach import advise
from plplan.vision.forms import CommentForm, PlanForm, PublishForm
from plplan.vision.plan_templates import plan_templates
from plplan.vision.urls import plan_urls
from plplan.web import safe_next

bp = Blueprint("vision", __name__)

PLAN = "/t/<slug>/plans/<int:plan_id>"


@dataclass
class PartState:
    """How one editor should render: what the leader typed, errors, a conflict, a fresh save."""

    typed: dict | None = None
    errors: dict = field(default_factory=dict)
    conflict: services.Conflict | None = None
    saved: bool = False


# -- plans ----------------------------------------------------------------------------------------


@bp.get("/t/<slug>/vision")
@team_view(Capability.READ)
def index(membership: Membership):
    """The team's current plan, or the list of plans when there is none."""
    plan = services.current_plan(membership.team)
    if plan is None or not _visible(membership, plan):
        return redirect(url_for("vision.plans", slug=membership.team.slug))
    return redirect(url_for("vision.plan", slug=membership.team.slug, plan_id=plan.id))


@bp.route("/t/<slug>/plans", methods=["GET", "POST"])
@team_view(Capability.READ)
@idempotent
def plans(membership: Membership):
    form = PlanForm()
    if request.method == "POST":
        if not membership.can(Capability.EDIT_PLAN):
            abort(403)
        if form.validate_on_submit():
            plan = _create_plan(membership, form)
            db.session.commit()
            return hx_redirect(_plan_url(plan))
    return _plans_page(membership, form)


def _plans_page(membership: Membership, form: PlanForm, renaming=None):
    """The plans list with the new-plan form; `renaming`: (plan, its rename form) sent back."""
    publications = services.latest_publications(membership.team)
    visible = [
        plan
        for plan in services.team_plans(membership.team)
        if may_open_plan(membership, plan, plan.id in publications)
    ]
    return render(
        "vision/plans.html",
        "plan_form",
        422 if form.errors or renaming else 200,
        team=membership.team,
        plans=visible,
        publications=publications,
        form=form,
        examples=plan_templates(),
        renaming=renaming,
    )


def _create_plan(membership: Membership, form: PlanForm) -> Plan:
    name, example = form.name.data.strip(), form.template
    if example is None:
        return services.create_plan(membership.team, name, current_user)
    return services.create_plan_from(membership.team, name or example.name, example, current_user)


@bp.post(f"{PLAN}/rename")
@team_view(Capability.EDIT_PLAN)
def rename(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    form = PlanForm()
    if not form.validate_on_submit():  # back on the list, what was typed in place
        return _plans_page(membership, PlanForm(formdata=None), renaming=(plan, form))
    services.rename_plan(plan, form.name.data.strip(), current_user)
    db.session.commit()
    return redirect(safe_next(default=_plan_url(plan)), 303)


@bp.post(f"{PLAN}/archive")
@team_view(Capability.EDIT_PLAN)
def archive(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    services.set_archived(plan, request.form.get("archived", "1") == "1", current_user)
    db.session.commit()
    if plan.is_archived:
        flash(gettext("“%(plan)s” is archived.", plan=plan.name), "success")
    else:
        flash(gettext("“%(plan)s” is open again.", plan=plan.name), "success")
    return redirect(url_for("vision.plans", slug=membership.team.slug), 303)


@bp.post(f"{PLAN}/duplicate")
@team_view(Capability.EDIT_PLAN)
@idempotent
def duplicate(membership: Membership, plan_id: int):
    copy = services.duplicate_plan(_plan(membership, plan_id), current_user)
    db.session.commit()
    flash(
        gettext("“%(plan)s” is ready. Rename it when you know what it is for.", plan=copy.name),
        "success",
    )
    return redirect(_plan_url(copy), 303)


@bp.post(f"{PLAN}/current")
@team_view(Capability.EDIT_PLAN)
def make_current(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    services.make_current(plan, current_user)
    db.session.commit()
    flash(gettext("“%(plan)s” is now the team's current plan.", plan=plan.name), "success")
    return redirect(url_for("vision.plans", slug=membership.team.slug), 303)


# -- the plan page -----------------------------------------------------------------------------


@bp.get(PLAN)
@team_view(Capability.READ)
def plan(membership: Membership, plan_id: int):
    """Leaders draft, members read the draft and comment, viewers read the published version."""
    return _plan_page(membership, _plan(membership, plan_id))


def _plan_page(
    membership: Membership,
    plan: Plan,
    states: dict | None = None,
    status=200,
    publish_form: PublishForm | None = None,
):
    publication = services.latest_publication(plan)
    # `?as=viewer`: who drafts sees the page as viewers do (once there is something published).
    preview = request.args.get("as") == "viewer" and publication is not None
    context = {
        "team": membership.team,
        "plan": plan,
        "publication": publication,
        "plan_kpis": kpis.live_for_plan(
            plan, membership.can(Capability.READ_AREA_DATA) and not preview
        ),
    }
    if not may_open_plan(membership, plan, publication is not None):
        abort(404)  # viewers only ever see what was published, not even a draft's name
    if preview or not membership.can(Capability.READ_DRAFTS):
        return render("vision/published.html", None, status, preview=preview, **context)
    plan_parts = services.plan_parts(plan)
    snapshot = services.plan_snapshot(plan, plan_parts)
    return render(
        "vision/plan.html",
        None,
        status,
        **context,
        **_live_context(plan, plan_parts, snapshot, publication, membership),
        fields=plan_parts[0],
        rows=plan_parts[1],
        snapshot=snapshot,
        comment_summaries=comments.summaries(plan),
        states=states or {},
        publish_form=publish_form or PublishForm(),
        just_published=_just_published(membership, plan, publication),
        others=[],  # the page's first heartbeat fills them in
    )


def _just_published(membership: Membership, plan: Plan, publication) -> dict | None:
    """After publishing (`?published=<version>`): what to do next with it, right there (the
    share link and PDF come from `published_one_pager`, the export's template global)."""
    version = request.args.get("published", type=int)
    if not membership.can(Capability.PUBLISH) or publication is None:
        return None
    if version != publication.version:
        return None
    return {
        "publication": publication,
        "can_share": membership.can(Capability.SHARE),
        "viewer_url": url_for(
            "vision.plan", slug=plan.team.slug, plan_id=plan.id, **{"as": "viewer"}
        ),
    }


def _live_context(plan, plan_parts, snapshot, publication, membership) -> dict:
    """What changes elsewhere on the page when a part is saved: coach, markers, status."""
    return {
        "changed": services.changed_sections(snapshot, publication),
        "advice": (
            advise(snapshot, plan_parts[1], publication)
            if membership.can(Capability.EDIT_PLAN)
            else []
        ),
        "sentence": snapshot["positioning"]["sentence"],
    }


# -- saving parts --------------------------------------------------------------------------------


@bp.post(f"{PLAN}/fields/<key>")
@team_view(Capability.EDIT_PLAN)
def save_field(membership: Membership, plan_id: int, key: str):
    plan = _plan(membership, plan_id)
    row = services.get_field(plan, key)
    if row is None:
        abort(404)
    answer = _answer(["value"])
    value, error = parts.clean(parts.FIELDS[key], answer.typed["value"])
    if error:
        state = PartState(typed={"value": value}, errors={"value": error})
        return _part_response(membership, plan, f"f-{key}", state, 422, row=row)
    conflict = services.save_field(
        plan, row, value, _base_version(), current_user, answer.base, answer.prefer
    )
    if conflict:
        db.session.rollback()
        row = services.get_field(plan, key)
        state = PartState(typed={"value": value}, conflict=conflict)
        return _part_response(membership, plan, f"f-{key}", state, 409, row=row)
    db.session.commit()
    return _part_response(membership, plan, f"f-{key}", PartState(saved=True), row=row)


@bp.post(f"{PLAN}/rows")
@team_view(Capability.EDIT_PLAN)
@idempotent
def add_row(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    kind = request.form.get("kind", "")
    if kind not in parts.ROW_KINDS:
        abort(400)
    item = services.add_item(plan, kind, {}, current_user)
    db.session.commit()
    return _list_response(membership, plan, kind, focus=item.id, anchor=f"r-{item.id}")


@bp.post(f"{PLAN}/rows/<int:item_id>")
@team_view(Capability.EDIT_PLAN)
def save_row(membership: Membership, plan_id: int, item_id: int):
    plan = _plan(membership, plan_id)
    item = _item(plan, item_id)
    state, status = _save_typed_row(plan, item)
    return _part_response(membership, plan, f"r-{item.id}", state, status, item=item)


def _save_typed_row(plan: Plan, item: PlanItem) -> tuple[PartState, int]:
    """Save what the leader typed in a row (merged with others' changes); its state and status."""
    answer = _answer(column.name for column in parts.ROW_KINDS[item.kind].columns)
    values, errors = parts.clean_all(parts.ROW_KINDS[item.kind].columns, answer.typed)
    if errors:
        return PartState(typed=values, errors=errors), 422
    if answer.prefer == "mine" and item.deleted_at is not None:
        services.undelete_item(item)
    conflict = services.save_item(
        plan, item, values, _base_version(), current_user, answer.base, answer.prefer
    )
    if conflict:
        db.session.rollback()
        return PartState(typed=values, conflict=conflict), 409
    db.session.commit()
    return PartState(saved=True), 200


@bp.post(f"{PLAN}/rows/<int:item_id>/delete")
@team_view(Capability.EDIT_PLAN)
def delete_row(membership: Membership, plan_id: int, item_id: int):
    plan = _plan(membership, plan_id)
    item = _item(plan, item_id)
    if item.deleted_at is None:
        services.delete_item(plan, item, current_user)
        db.session.commit()
    return _list_response(membership, plan, item.kind, anchor=f"list-{item.kind}")


@bp.post(f"{PLAN}/rows/<int:item_id>/move")
@team_view(Capability.EDIT_PLAN)
def move_row(membership: Membership, plan_id: int, item_id: int):
    plan = _plan(membership, plan_id)
    item = _item(plan, item_id)
    if item.deleted_at is not None:  # another leader deleted it meanwhile
        message = gettext("Someone deleted this row meanwhile: nothing was moved.")
        if is_htmx():
            return notice_only(message, 409)
        flash(message, "error")
        return _list_response(membership, plan, item.kind, anchor=f"list-{item.kind}")
    if "version" in request.form:  # the row's own form came along: keep what was typed
        state, status = _save_typed_row(plan, item)
        if status != 200:  # nothing moves; the row answers in place, its conflict beside it
            response = _part_response(
                membership, plan, f"r-{item.id}", state, status, item=item, in_place=True
            )
            return retarget(response, f"#r-{item.id}", "outerMorph") if is_htmx() else response
    step = -1 if request.form.get("direction") == "up" else 1
    services.move_item(plan, item, step, current_user)
    db.session.commit()
    return _list_response(membership, plan, item.kind, focus_move=item.id, anchor=f"r-{item.id}")


@dataclass(frozen=True)
class Answer:
    """What an editor sent: the values to save, where they started, how to settle a conflict."""

    typed: dict[str, str | None]
    base: dict[str, str] | None  # None: the form carried no `base__` inputs
    prefer: str | None  # "theirs" or "mine" once the leader chose; None for an ordinary save


def _answer(names) -> Answer:
    """Read an editor's post: the inputs `names`, their `base__` starts, and the leader's
    answer to a conflict (`choice`: "theirs", "mine" or "merged").

    "mine" saves the `mine__` copies (the page's script fills them with what the field holds
    when the leader chooses); "merged", like an ordinary save, the inputs themselves.
    """
    names = list(names)
    choice = request.form.get("choice")
    prefix = "mine__" if choice == "mine" else ""
    typed = {name: request.form.get(prefix + name) for name in names}
    starts = {n: request.form[f"base__{n}"] for n in names if f"base__{n}" in request.form}
    base = {n: parts.normalized(v) for n, v in starts.items()} if starts else None
    prefer = {"theirs": "theirs", "mine": "mine", "merged": "mine"}.get(choice or "")
    return Answer(typed, base, prefer)


def _base_version() -> int:
    try:
        return db_int(request.form.get("version", ""))
    except ValueError:
        abort(400)


def _part_response(
    membership, plan, dom_id, state=None, status=200, row=None, item=None, in_place=False
):
    """The editor again (with OOB updates after a save) for htmx; otherwise the page.

    A conflict goes to the panel beside the editor, never the editor: what the leader types
    meanwhile, and the caret, stay where they are. `in_place` answers with the editor as it
    was sent and the panel out of band (a move the conflict stopped).
    """
    state = state or PartState()
    if not is_htmx():
        if status == 200:
            return redirect(f"{_plan_url(plan)}#{dom_id}", 303)
        return _plan_page(membership, plan, {dom_id: state}, status)
    if item is not None:
        db.session.refresh(item)
    context = {"plan": plan, "row": row, "item": item, "state": state, "team": membership.team}
    if state.conflict and not in_place:
        body = render_template("vision/_conflict_part.html", **context)
        return retarget((body, status), f"#conflict-{dom_id}", "outerHTML")
    if status == 200:
        positioning = row is not None and row.key.startswith("pos_")
        context.update(_oob_context(membership, plan, with_sentence=positioning))
    return render_template("vision/_part.html", **context), status


def _list_response(membership, plan, kind, anchor, focus=None, focus_move=None):
    if not is_htmx():
        return redirect(f"{_plan_url(plan)}#{anchor}", 303)
    _, rows = services.plan_parts(plan)
    return render_template(
        "vision/_part.html",
        plan=plan,
        team=membership.team,
        kind=kind,
        items=rows[kind],
        focus=focus,
        focus_move=focus_move,
        **_oob_context(membership, plan),
    )


def _oob_context(membership, plan, with_sentence: bool = True) -> dict:
    plan_parts = services.plan_parts(plan)
    snapshot = services.plan_snapshot(plan, plan_parts)
    publication = services.latest_publication(plan)
    return {
        "oob": True,
        "with_sentence": with_sentence,
        "publication": publication,
        **_live_context(plan, plan_parts, snapshot, publication, membership),
    }


# -- presence ------------------------------------------------------------------------------------


@bp.post(f"{PLAN}/presence")
@team_view(Capability.READ_DRAFTS)
def presence(membership: Membership, plan_id: int):
    """The page's heartbeat: note who is here and where; answer with who else is."""
    plan = _plan(membership, plan_id)
    here.beat(plan, current_user, request.form.get("section", ""))
    others = here.others(plan, current_user)
    db.session.commit()
    return render_template("vision/_presence_fragment.html", plan=plan, others=others)


# -- publishing ------------------------------------------------------------------------------------


@bp.post(f"{PLAN}/publish")
@team_view(Capability.PUBLISH)
@idempotent
def publish(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    form = PublishForm()
    if not form.validate_on_submit():  # the note typed stays, with what is wrong with it
        return _plan_page(membership, plan, status=422, publish_form=form)
    try:
        publication = services.publish(plan, current_user, (form.note.data or "").strip())
        db.session.commit()
    except services.AlreadyPublished as already:
        db.session.rollback()
        flash(gettext("%(already)s Nothing new to publish.", already=already), "info")
        return hx_redirect(_plan_url(plan))
    except IntegrityError:  # the same version published at the same moment
        db.session.rollback()
        flash(
            gettext(
                "Another leader published this plan at the same moment, so yours was not "
                "published. Check the plan, then publish again."
            ),
            "error",
        )
        return _plan_page(membership, plan, status=409)  # the note typed stays in the form
    # No flash: the plan page says so itself, with the next steps (`_just_published`).
    return hx_redirect(
        url_for("vision.plan", slug=plan.team.slug, plan_id=plan.id, published=publication.version)
    )


@bp.get(f"{PLAN}/publications")
@team_view(Capability.READ)
def publications(membership: Membership, plan_id: int):
    """Every published version with its note, who published it and when; pick two to compare."""
    plan = _plan(membership, plan_id)
    published = services.publications(plan)
    if not may_open_plan(membership, plan, bool(published)):
        abort(404)  # viewers never learn of a plan that was not published
    return render(
        "vision/publications.html", None, team=membership.team, plan=plan, publications=published
    )


@bp.get(f"{PLAN}/publications/compare")
@team_view(Capability.READ)
def compare_publications(membership: Membership, plan_id: int):
    """One published version against another: published content only, so viewers may too."""
    plan = _plan(membership, plan_id)
    versions = sorted([request.args.get("from", 0, type=int), request.args.get("to", 0, type=int)])
    old, new = (services.publication(plan, version) for version in versions)
    if old is None or new is None or old.version == new.version:
        flash(gettext("Choose two different published versions to compare."), "error")
        return redirect(url_for("vision.publications", slug=membership.team.slug, plan_id=plan.id))
    sides = [(_version(p.version), p.published_at, p.published_by) for p in (old, new)]
    heading = gettext(
        "What changed from version %(old)d to %(new)d", old=old.version, new=new.version
    )
    return _snapshot_compare(membership, plan, heading, sides, old.snapshot, new.snapshot)


def _version(number: int) -> str:
    """How a side of a comparison is named: "version 3"."""
    return gettext("version %(number)d", number=number)


@bp.get(f"{PLAN}/publications/draft")
@team_view(Capability.READ_DRAFTS)
def compare_draft(membership: Membership, plan_id: int):
    """What changes if the draft is published now: the last publication against the draft."""
    plan = _plan(membership, plan_id)
    last = services.latest_publication(plan)
    old = (_version(last.version), last.published_at, last.published_by) if last else None
    sides = [
        old or (gettext("nothing published yet"), None, None),
        (gettext("the draft as it is now"), None, None),
    ]
    return _snapshot_compare(
        membership,
        plan,
        gettext("What changes if you publish now"),
        sides,
        last.snapshot if last else {},
        services.plan_snapshot(plan),
        draft=True,
    )


def _snapshot_compare(membership, plan, heading, sides, old: dict, new: dict, draft=False):
    """The compare page for two snapshots; `sides` says what each is: (label, when, who)."""
    back = url_for("vision.publications", slug=plan.team.slug, plan_id=plan.id)
    return render(
        "vision/compare.html",
        None,
        team=membership.team,
        plan=plan,
        heading=heading,
        sides=sides,
        back=(back, gettext("Publications")),
        changes=history.compare_snapshots(old, new),
        draft=draft,
        plan_name=plan_name_for(membership, plan, new.get("name")),
    )


# -- history ---------------------------------------------------------------------------------------


@bp.get(f"{PLAN}/history")
@team_view(Capability.READ_DRAFTS)
def revisions(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    before = request.args.get("before", type=db_int)
    page = history.revisions_page(plan, before)
    more = len(page) > history.PAGE_SIZE
    page = page[: history.PAGE_SIZE]
    return render(
        "vision/history.html",
        None,
        team=membership.team,
        plan=plan,
        revisions=page,
        changes={r.id: history.values_change(r.part_kind, r.before, r.after) for r in page},
        older=page[-1].id if more else None,
    )


@bp.get(f"{PLAN}/compare")
@team_view(Capability.READ_DRAFTS)
def compare(membership: Membership, plan_id: int):
    """The plan as of revision `from` against revision `to`, field by field."""
    plan = _plan(membership, plan_id)
    ids = sorted(request.args.get(end, type=db_int) or 0 for end in ("from", "to"))
    old = child(plan, PlanRevision, ids[0])
    new = child(plan, PlanRevision, ids[1])
    message = None
    if old is None or new is None:
        message = gettext("Choose two revisions of this plan to compare.")
    elif old.id == new.id:
        message = gettext(
            "“From” and “to” are the same revision: pick two different ones to compare."
        )
    if message:
        flash(message, "error")
        return redirect(url_for("vision.revisions", slug=membership.team.slug, plan_id=plan.id))
    return render(
        "vision/compare.html",
        None,
        team=membership.team,
        plan=plan,
        sides=[(None, r.updated_at, r.author) for r in (old, new)],
        back=(
            url_for("vision.revisions", slug=plan.team.slug, plan_id=plan.id),
            gettext("History"),
        ),
        heading=gettext("What changed"),
        changes=history.compare(plan, old.id, new.id),
    )


@bp.post(f"{PLAN}/revisions/<int:revision_id>/restore")
@team_view(Capability.EDIT_PLAN)
def restore(membership: Membership, plan_id: int, revision_id: int):
    plan = _plan(membership, plan_id)
    revision = child_or_404(plan, PlanRevision, revision_id)
    history.restore(plan, revision, current_user)
    label = history.part_label(revision.part_kind, revision.after or revision.before)
    services.note_restore(plan, label, current_user)
    db.session.commit()
    flash(gettext("Restored %(part)s as it was in that revision.", part=label), "success")
    return redirect(url_for("vision.revisions", slug=membership.team.slug, plan_id=plan.id), 303)


# -- comments ------------------------------------------------------------------------------------


@bp.get(f"{PLAN}/comments/<section>")
@team_view(Capability.READ_DRAFTS)
def thread(membership: Membership, plan_id: int, section: str):
    """A section's comment threads: the plan page loads them when someone opens them there;
    without JavaScript they are a page of their own."""
    plan = _plan(membership, plan_id)
    if section not in parts.SECTIONS_BY_KEY:
        abort(404)
    return _thread(membership, plan, section)


@bp.post(f"{PLAN}/comments")
@team_view(Capability.COMMENT)
@idempotent
def comment(membership: Membership, plan_id: int):
    plan = _plan(membership, plan_id)
    form = CommentForm()
    parent = None
    if request.form.get("parent_id"):  # a reply: to a comment of this plan, else not there
        parent = child_or_404(plan, PlanComment, request.form.get("parent_id", 0, type=db_int))
    if not form.validate_on_submit():
        return _comments_response(membership, plan, form.section.data, form, 422)
    comments.add_comment(plan, form.section.data, form.body.data.strip(), current_user, parent)
    db.session.commit()
    return _comments_response(membership, plan, parent.section if parent else form.section.data)


@bp.post(f"{PLAN}/comments/<int:comment_id>/resolve")
@team_view(Capability.EDIT_PLAN)
def resolve(membership: Membership, plan_id: int, comment_id: int):
    plan = _plan(membership, plan_id)
    found = child_or_404(plan, PlanComment, comment_id)
    comments.set_resolved(found, current_user, request.form.get("resolved", "1") == "1")
    db.session.commit()
    return _comments_response(membership, plan, found.section)


def _comments_response(membership, plan, section, form=None, status=200):
    """The section's comment threads again (htmx), or back to their page."""
    if section not in parts.SECTIONS_BY_KEY:
        abort(400)
    if not is_htmx():
        if status != 200:
            flash(
                " ".join(map(str, form.body.errors)) or gettext("The comment was not saved."),
                "error",
            )
        return redirect(_thread_url(plan, section), 303)
    return _thread(membership, plan, section, form, status)


def _thread(membership, plan, section, form=None, status=200):
    """The section's threads, open: the `thread` block for htmx, else the whole page."""
    threads = comments.threads(plan, section)
    return render(
        "vision/thread.html",
        "thread",
        status,
        team=membership.team,
        plan=plan,
        plan_url=_plan_url(plan),
        section=parts.SECTIONS_BY_KEY[section],
        threads=threads,
        summary=comments.Summary.of(threads),
        form=form,
    )


# -- helpers -------------------------------------------------------------------------------------


def _visible(membership: Membership, plan: Plan) -> bool:
    return may_open_plan(membership, plan, services.latest_publication(plan) is not None)


def _plan(membership: Membership, plan_id: int) -> Plan:
    return team_object_or_404(membership, Plan, plan_id)


def _item(plan: Plan, item_id: int) -> PlanItem:
    return child_or_404(plan, PlanItem, item_id, options=[joinedload(PlanItem.updated_by)])


def _plan_url(plan: Plan) -> str:
    return url_for("vision.plan", slug=plan.team.slug, plan_id=plan.id)


def _thread_url(plan: Plan, section: str) -> str:
    return url_for("vision.thread", slug=plan.team.slug, plan_id=plan.id, section=section)


def _nl2br(text: str) -> Markup:
    """Plain text with its line breaks kept (escaped first)."""
    return Markup("<br>").join(Markup.escape(line) for line in (text or "").split("\n"))


bp.add_app_template_filter(_nl2br, "vision_nl2br")
bp.add_app_template_global(parts, "vision_parts")
bp.add_app_template_global(history.word_diff, "vision_diff")
bp.add_app_template_global(here, "vision_presence")
bp.add_app_template_global(plan_urls, "vision_urls")
bp.add_app_template_global(editors, "vision_editors")
bp.add_app_template_global(markers, "vision_markers")
bp.add_app_template_global(comments_html, "vision_comments")
bp.add_app_template_global(services.plan_summary, "plan_summary")
