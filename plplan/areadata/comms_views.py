"""Routes of the communication plan (on the area-data blueprint)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.areadata import comms, comms_services
from plplan.areadata.access import area_module_or_404
from plplan.areadata.blueprint import area_url, bp
from plplan.areadata.comms import KIND
from plplan.areadata.comms_forms import choices_for, communication_form, done_form
from plplan.areadata.history import area_changes
from plplan.areadata.services import SectionContext
from plplan.authz import Capability, may_edit_area_data, team_view
from plplan.extensions import db
from plplan.formatting import today
from plplan.htmx import is_partial, render, trigger
from plplan.idempotency import idempotent
from plplan.lookup import child_or_404
from plplan.models import Area, Communication, Membership

ANCHOR = "comms"


def _item_or_404(area: Area, item_id: int) -> Communication:
    return child_or_404(
        area,
        Communication,
        item_id,
        options=[
            joinedload(Communication.owner).joinedload(Membership.user),
            joinedload(Communication.audience_member).joinedload(Membership.user),
        ],
    )


def _form_page(membership, area, form, item=None):
    return render(
        "areadata/comms_form.html",
        status=422 if form.errors else 200,
        team=membership.team,
        area=area,
        form=form,
        item=item,
    )


@bp.route("/areas/<int:area_id>/comms/new", methods=["GET", "POST"])
@team_view(Capability.READ)
@idempotent
def new_communication(membership: Membership, area_id: int):
    """Add a row to the area's communication plan (its editors: leaders, the area's A and R)."""
    area, _ = area_module_or_404(membership, area_id, KIND, edit=True)
    choices = choices_for(membership.team, area)
    form = communication_form(choices)
    if form.validate_on_submit():
        item = comms_services.add(membership.team, area, form.fields(choices))
        db.session.commit()
        flash(gettext("Added “%(what)s” to the communication plan.", what=item.what), "success")
        return redirect(area_url(membership, area, ANCHOR), 303)
    return _form_page(membership, area, form)


@bp.route("/areas/<int:area_id>/comms/<int:item_id>/edit", methods=["GET", "POST"])
@team_view(Capability.READ)
def edit_communication(membership: Membership, area_id: int, item_id: int):
    area, _ = area_module_or_404(membership, area_id, KIND, edit=True)
    item = _item_or_404(area, item_id)
    choices = choices_for(membership.team, area)
    form = communication_form(choices, item)
    if form.validate_on_submit():
        changed = comms_services.update(membership.team, area, item, form.fields(choices))
        db.session.commit()
        if changed:
            flash(
                gettext(
                    "Saved “%(what)s”: %(changes)s changed.",
                    what=item.what,
                    changes=", ".join(changed),
                ),
                "success",
            )
        return redirect(area_url(membership, area, ANCHOR), 303)
    return _form_page(membership, area, form, item)


@bp.post("/areas/<int:area_id>/comms/<int:item_id>/delete")
@team_view(Capability.READ)
def delete_communication(membership: Membership, area_id: int, item_id: int):
    area, _ = area_module_or_404(membership, area_id, KIND, edit=True)
    item = _item_or_404(area, item_id)
    comms_services.delete(membership.team, area, item)
    db.session.commit()
    flash(gettext("Removed “%(what)s” from the communication plan.", what=item.what), "success")
    return redirect(area_url(membership, area, ANCHOR), 303)


@bp.post("/areas/<int:area_id>/comms/<int:item_id>/done")
@team_view(Capability.READ)
def mark_done(membership: Membership, area_id: int, item_id: int):
    """Record that the communication happened: in place with htmx (the row, or the owner's due
    list), else back to where it was marked."""
    area, module = area_module_or_404(membership, area_id, KIND)
    item = _item_or_404(area, item_id)
    if not comms.may_mark_done(membership, area, item):
        abort(403)
    form = done_form(item)
    valid = form.validate_on_submit()
    if valid:
        comms_services.mark_done(
            membership.team,
            area,
            item,
            form.done_on.data,
            (form.note.data or "").strip(),
            current_user,
        )
        db.session.commit()
    back = form.back.data if form.back.data in ("mine", "home") else "area"
    if is_partial():
        return _fragment(membership, area, module, item, back, None if valid else form)
    if not valid:
        return render(
            "areadata/comms_done.html",
            status=422,
            team=membership.team,
            area=area,
            item=item,
            form=form,
            day=today(),
        )
    flash(gettext("Marked “%(what)s” done.", what=item.what), "success")
    if back == "mine":
        return redirect(url_for("responsibilities.mine", slug=membership.team.slug), 303)
    if back == "home":
        return redirect(url_for("teams.home", slug=membership.team.slug), 303)
    return redirect(area_url(membership, area, ANCHOR), 303)


def _fragment(membership, area, module, item, back: str, form):
    """The row (area page) or the due-list entry (My responsibilities, team home) as it is
    now; with the form and its errors when it did not save."""
    status = 200 if form is None else 422
    if back == "area":
        context = SectionContext(
            membership, membership.team, area, module, may_edit_area_data(membership, area)
        )
        row = next(row for row in comms.load(context).rows if row.item.id == item.id)
        return render(
            "areadata/_comms_fragment.html",
            status=status,
            team=membership.team,
            area=area,
            row=row,
            form=form,
            back=back,
        )
    entry = next((e for e in comms.due_for(membership) if e.item.id == item.id), None)
    response = render(
        "areadata/_comms_fragment.html",
        status=status,
        team=membership.team,
        item=item,
        entry=entry,
        standing=None if entry else comms.standing(item),
        form=form,
        back=back,
    )
    if form is None:  # the page's live region says it: the entry it replaces had the focus
        trigger(
            response,
            "plplan:notice",
            {"message": f"Marked “{item.what}” done.", "level": "success"},
        )
    return response


@bp.get("/areas/<int:area_id>/comms/history")
@team_view(Capability.READ)
def communication_history(membership: Membership, area_id: int):
    """Who changed the communication plan, what from and to, and when it was done."""
    area, _ = area_module_or_404(membership, area_id, KIND)
    return render(
        "areadata/comms_history.html",
        team=membership.team,
        area=area,
        changes=area_changes(area, KIND),
    )
