"""Routes of the budget module (on the area-data blueprint): lines, amounts, CSV."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from plplan.areadata import budget
from plplan.areadata.access import area_module_or_404
from plplan.areadata.blueprint import bp
from plplan.areadata.budget_forms import ConfirmUploadForm, ExplanationForm, LineForm, UploadForm
from plplan.areadata.history import area_changes
from plplan.authz import Capability, may_edit_area_data, team_view
from plplan.extensions import db
from plplan.formatting import plural
from plplan.htmx import hx_redirect, render
from plplan.idempotency import idempotent
from plplan.models import Area, Membership
from plplan.people import contributors

BASE = "/areas/<int:area_id>/budget"
MAX_UPLOAD = 200_000  # characters: 50 lines × 12 months is about 10,000


def _budget_url(membership: Membership, area: Area) -> str:
    url = url_for("responsibilities.area", slug=membership.team.slug, area_id=area.id)
    return f"{url}#budget"


def _line_form(membership: Membership, **kwargs) -> LineForm:
    team = membership.team
    return LineForm(
        team.currency,
        contributors(team, Capability.HOLD_AREAS),
        budget.pillar_choices(team),
        **kwargs,
    )


def _line_or_404(data: budget.Budget, line_id: int) -> budget.Line:
    """A line of the budget as loaded (the current fiscal year's), or 404."""
    found = next((line for line in data.lines if line.line.id == line_id), None)
    if found is None:
        abort(404)
    return found


@bp.post(f"{BASE}/lines")
@team_view(Capability.READ)
@idempotent
def add_budget_line(membership: Membership, area_id: int):
    """A new line with its planned amount spread over the fiscal year."""
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    form = _line_form(membership)
    if not form.validate_on_submit():
        return _new_line_page(membership, area, form, 422)
    line = budget.add_line(
        membership.team,
        area,
        form.name.data,
        form.category.data or "",
        form.owner.data,
        form.pillar.data,
        form.minor,
        form.per.data,
        current_user,
    )
    db.session.commit()
    flash(gettext("Added the budget line %(line)s.", line=line.name), "success")
    return redirect(_budget_url(membership, area), 303)


@bp.get(f"{BASE}/lines/new")
@team_view(Capability.READ)
def new_budget_line(membership: Membership, area_id: int):
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    return _new_line_page(membership, area, _line_form(membership, formdata=None))


def _new_line_page(membership: Membership, area: Area, form: LineForm, status: int = 200):
    """The new-line form (it needs none of the budget's lines)."""
    return render(
        "areadata/budget_new_line.html", status=status, team=membership.team, area=area, form=form
    )


@bp.route(f"{BASE}/lines/<int:line_id>", methods=["GET", "POST"])
@team_view(Capability.READ)
def budget_line(membership: Membership, area_id: int, line_id: int):
    """A line's months: planned and actual amounts, saved together, each with its version."""
    edit = request.method == "POST"
    area, _ = area_module_or_404(membership, area_id, "budget", edit=edit)
    team = membership.team
    data = budget.load_budget(team, area)
    line = _line_or_404(data, line_id)
    errors, conflicts, typed, status = {}, {}, {}, 200
    if edit:
        typed = request.form.to_dict()
        errors, conflicts = budget.save_amounts(team, area, line, typed, current_user)
        if not errors and not conflicts:
            db.session.commit()
            flash(gettext("Saved the amounts of %(line)s.", line=line.line.name), "success")
            return redirect(
                url_for(
                    "areadata.budget_line", slug=team.slug, area_id=area.id, line_id=line.line.id
                ),
                303,
            )
        db.session.rollback()
        data = budget.load_budget(team, area)
        line = _line_or_404(data, line_id)
        status = 422 if errors else 409
    return _line_page(
        membership, area, data, line, status, errors=errors, conflicts=conflicts, typed=typed
    )


def _line_page(
    membership: Membership,
    area: Area,
    data: budget.Budget,
    line: budget.Line,
    status: int = 200,
    explanation_form: ExplanationForm | None = None,
    block: str | None = None,
    **amounts,
):
    """A line's page, or its `block` for htmx; `amounts`: the amounts form's errors,
    conflicts and typed values when it was sent back."""
    return render(
        "areadata/budget_line.html",
        block,
        status,
        team=membership.team,
        area=area,
        budget=data,
        line=line,
        errors=amounts.get("errors", {}),
        conflicts=amounts.get("conflicts", {}),
        typed=amounts.get("typed", {}),
        can_edit=may_edit_area_data(membership, area),
        explanation_form=explanation_form or ExplanationForm(obj=line.line, formdata=None),
        history=_line_history(area, line),
    )


def _line_history(area: Area, line: budget.Line):
    mine = {("amount", cell.id) for cell in line.cells.values()} | {("line", line.line.id)}
    return [c for c in area_changes(area, "budget") if (c.object_type, c.object_id) in mine]


@bp.post(f"{BASE}/lines/<int:line_id>/explanation")
@team_view(Capability.READ)
def explain_budget_line(membership: Membership, area_id: int, line_id: int):
    """What drives a line's variance and what is done about it."""
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    team = membership.team
    data = budget.load_budget(team, area, with_pillars=False)  # the line page shows none
    line = _line_or_404(data, line_id)
    form = ExplanationForm()
    if not form.validate_on_submit():  # sent back with what was typed, the message by its field
        return _line_page(membership, area, data, line, 422, form, block="explanation")
    budget.explain(team, area, line.line, form.driver.data, form.action.data, current_user)
    db.session.commit()
    flash(gettext("Saved the explanation of %(line)s.", line=line.line.name), "success")
    return hx_redirect(_budget_url(membership, area))


@bp.get(f"{BASE}.csv")
@team_view(Capability.READ)
def budget_csv(membership: Membership, area_id: int):
    """Lines × months, planned and actual, for spreadsheets."""
    area, _ = area_module_or_404(membership, area_id, "budget")
    data = budget.load_budget(membership.team, area, with_pillars=False)
    name = f"{membership.team.slug}-budget-{data.year.fiscal_year}.csv"
    return Response(
        "\ufeff" + budget.to_csv(data),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post(f"{BASE}/carry-forward")
@team_view(Capability.READ)
def carry_budget_forward(membership: Membership, area_id: int):
    """Start a new fiscal year from last year's lines and their monthly plan."""
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    count = budget.carry_forward(membership.team, area, current_user)
    db.session.commit()
    if count:
        lines = plural(count, "line", "lines")
        flash(gettext("Started this fiscal year from last year's %(n)s.", n=lines), "success")
    else:
        flash(gettext("This fiscal year already has its budget lines."), "info")
    return redirect(_budget_url(membership, area), 303)


def _upload_page(membership, area, data, upload, status, form=None, changed_since=()):
    """The upload page: the file's problems, or the preview of what it changes with the
    confirmation (carrying the file and the versions it was previewed at)."""
    ok = upload is not None and not upload.errors
    confirm = None
    if ok:
        confirm = ConfirmUploadForm(csv_text=upload.text, versions=upload.versions, formdata=None)
    return render(
        "areadata/budget_upload.html",
        status=status if ok or status != 200 else 422,
        team=membership.team,
        area=area,
        budget=data,
        form=form or UploadForm(formdata=None),
        upload=upload,
        confirm=confirm,
        changed_since=changed_since,
    )


@bp.post(f"{BASE}/upload")
@team_view(Capability.READ)
def upload_budget(membership: Membership, area_id: int):
    """Check an uploaded CSV and show what it would change; nothing is saved yet."""
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    data = budget.load_budget(membership.team, area, with_pillars=False)
    form = UploadForm()
    upload = None
    if form.validate_on_submit():
        raw = form.file.data.read(MAX_UPLOAD + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = [gettext("Save the file as CSV (UTF-8) and upload it again.")]
        else:
            if len(text) > MAX_UPLOAD:
                form.file.errors = [gettext("The file is too big for a budget.")]
            else:
                upload = budget.read_csv(data, text)
    return _upload_page(membership, area, data, upload, 200, form)


@bp.post(f"{BASE}/upload/confirm")
@team_view(Capability.READ)
def confirm_budget_upload(membership: Membership, area_id: int):
    """Save a previewed upload: checked again, all of it or nothing; if an amount changed
    since the preview, nothing is saved and the preview shows the file against it anew."""
    area, _ = area_module_or_404(membership, area_id, "budget", edit=True)
    data = budget.load_budget(membership.team, area, with_pillars=False)
    form = ConfirmUploadForm()
    upload = budget.read_csv(data, form.csv_text.data or "") if form.validate_on_submit() else None
    if upload is None or upload.errors:
        return _upload_page(membership, area, data, upload, 422)
    previewed = budget.previewed_versions(form.versions.data or "")
    changed_since = budget.apply_upload(data, upload, previewed, current_user)
    if changed_since:
        db.session.rollback()
        data = budget.load_budget(membership.team, area, with_pillars=False)
        upload = budget.read_csv(data, form.csv_text.data)
        return _upload_page(membership, area, data, upload, 409, changed_since=changed_since)
    db.session.commit()
    count = len(upload.changes)
    amounts = plural(count, "amount", "amounts")
    flash(gettext("Saved %(amounts)s from the CSV.", amounts=amounts), "success")
    return redirect(_budget_url(membership, area), 303)
