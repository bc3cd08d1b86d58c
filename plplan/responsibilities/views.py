"""Responsibility map pages: the RACI grid, areas, history, my responsibilities, export."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.areadata import services as areadata
from plplan.areadata.forms import TeamSettingsForm, modules_form
from plplan.authz import Capability, team_view
from plplan.csvfile import csv_download
from plplan.extensions import db
from plplan.formatting import today
from plplan.htmx import is_htmx, render, retarget, trigger
from plplan.lookup import team_object_or_404
from plplan.models import Area, Membership
from plplan.responsibilities import cells, services
from plplan.responsibilities.columns import area_people, columns, page_of
from plplan.responsibilities.forms import (
    AreaForm,
    CellForm,
    MoveAreaForm,
    NewAreaForm,
    ThresholdForm,
    name_is_free,
    say_name_taken,
)
from plplan.text import NameTaken

bp = Blueprint("responsibilities", __name__, url_prefix="/t/<slug>/responsibilities")


def _grid_url(membership: Membership, people: int | None = None) -> str:
    """The grid, on its `people` page of columns (the first without)."""
    return url_for("responsibilities.grid", slug=membership.team.slug, people=people)


def _shown(people: list[Membership], membership: Membership, page: int | None = None):
    """The columns the page in the browser shows: its `?people=` page, unless told `page`."""
    wanted = request.args.get("people") if page is None else str(page)
    return columns(people, wanted, membership)


def _area_url(membership: Membership, area: Area) -> str:
    return url_for("responsibilities.area", slug=membership.team.slug, area_id=area.id)


def _shown_grid(membership: Membership, page: int | None = None):
    """The grid as a page of its columns shows it, and those columns."""
    people = services.grid_people(membership.team)
    shown = _shown(people, membership, page)
    return services.load_grid(membership.team, people=people, showing=shown.ids), shown


def _grid_page(membership: Membership, status: int = 200, page: int | None = None, **extra):
    grid, shown = _shown_grid(membership, page)
    return render(
        "responsibilities/grid.html",
        status=status,
        grid=grid,
        cols=shown,
        threshold_form=extra.pop("threshold_form", None)
        or ThresholdForm(load_threshold=membership.team.load_threshold),
        area_signals=areadata.area_signals,
        printed_on=today(),
        **extra,
    )


@bp.get("/")
@team_view(Capability.READ)
def grid(membership: Membership):
    """Areas × people with their RACI roles and what the rules say about them."""
    return _grid_page(membership)


@bp.get("/cards")
@team_view(Capability.READ)
def cards(membership: Membership):
    """The map area by area, as the phone layout shows it: the grid page loads it with htmx
    only when a phone needs it; without JavaScript it is a page of its own."""
    return render("responsibilities/cards.html", "cards", grid=services.load_grid(membership.team))


@bp.post("/areas/<int:area_id>/cells")
@team_view(Capability.EDIT_MAP)
def set_cell(membership: Membership, area_id: int):
    """Set one cell; htmx gets the cell plus every summary that changed, out of band."""
    team = membership.team
    area = team_object_or_404(membership, Area, area_id)
    form = CellForm()
    if not form.validate_on_submit():
        abort(400)
    person = team_object_or_404(membership, Membership, form.member_id.data)
    try:
        changed = services.set_cell(
            team, area, person, form.raci, current_user, move_accountability=form.move.data
        )
    except services.NoColumn:
        abort(404)
    except services.AccountableTaken as taken:
        db.session.rollback()
        # without JavaScript the grid opens on the page holding the person's column
        people = services.grid_people(team)
        page = None if is_htmx() else page_of(people, person.id)
        shown = _shown(people, membership, page)
        prompt = {
            "area": area,
            "person": person,
            "holder": taken.holder,
            "from_area": form.from_area.data,
            "cell": cells.position(shown.ids, area.id, person.id),
            "people": shown.number if shown.paged else None,
        }
        if not is_htmx():
            return _grid_page(membership, 409, page=page, prompt=prompt)
        fragment = render("responsibilities/grid.html", "prompt", 409, prompt=prompt)
        response = retarget(fragment, "#raci-prompt", "innerHTML")
        return trigger(response, "raci:announce", {"message": _prompt_text(prompt)})
    db.session.commit()
    if form.from_area.data:
        role = form.raci.label if form.raci else gettext("no role")
        flash(
            gettext(
                "%(person)s: %(role)s for %(area)s.",
                person=person.user.display_name,
                role=role,
                area=area.name,
            ),
            "success",
        )
        return redirect(f"{_area_url(membership, area)}#assign", 303)
    if not is_htmx():
        page = request.args.get("people", type=int)
        return redirect(f"{_grid_url(membership, page)}#area-{area.id}", 303)
    return _cell_update(membership, area, person, changed)


def _cell_update(membership: Membership, area: Area, person: Membership, changed: list[int]):
    """The cell, the summaries it affects (out of band) and a sentence for screen readers:
    the cells and loads of the columns the page shows (its `?people=` page)."""
    grid, shown = _shown_grid(membership)
    role = grid.map.role(area.id, person.id)
    problems = grid.map.check(area.id).problems
    said = gettext(
        "%(person)s: %(role)s for %(area)s.",
        person=person.user.display_name,
        role=role.label if role else gettext("no role"),
        area=area.name,
    )
    rules = ", ".join(problems) or gettext("The area has its Accountable and a Responsible.")
    message = f"{said} {rules}"
    response = render(
        "responsibilities/_cell_update.html",
        grid=grid,
        shown=shown.ids,
        area=area,
        person=person,
        changed=[grid.person(i) for i in changed if i in shown.ids] or [person],
    )
    return trigger(response, "raci:announce", {"message": message})


def _prompt_text(prompt: dict) -> str:
    return gettext(
        "%(holder)s is already Accountable for %(area)s. Move it to %(person)s?",
        holder=prompt["holder"].user.display_name,
        area=prompt["area"].name,
        person=prompt["person"].user.display_name,
    )


@bp.get("/export.csv")
@team_view(Capability.READ)
def export_csv(membership: Membership):
    team = membership.team
    rows = services.grid_rows(services.load_grid(team))
    return csv_download(rows, f"{team.slug}-responsibilities.csv")


@bp.post("/settings")
@team_view(Capability.EDIT_MAP)
def settings(membership: Membership):
    """The load threshold above which a person shows as overloaded."""
    form = ThresholdForm()
    if not form.validate_on_submit():
        return _grid_page(membership, 422, threshold_form=form)
    services.set_load_threshold(membership.team, form.load_threshold.data)
    db.session.commit()
    flash(gettext("Load threshold set to %(load)s.", load=form.load_threshold.data), "success")
    return redirect(_grid_url(membership), 303)


@bp.get("/mine")
@team_view(Capability.READ)
def mine(membership: Membership):
    """Every area where the current member holds a role, grouped A, R, C, I."""
    return render(
        "responsibilities/mine.html", team=membership.team, by_role=services.my_roles(membership)
    )


# -- areas ------------------------------------------------------------------------------------


@bp.route("/areas", methods=["GET", "POST"])
@team_view(Capability.EDIT_MAP)
def areas(membership: Membership):
    """Add, reorder, archive and restore areas."""
    team = membership.team
    form = NewAreaForm()
    if _valid_area_name(form, membership):
        try:
            area = services.add_area(team, form.name.data)
        except NameTaken:
            say_name_taken(form)
        else:
            db.session.commit()
            flash(gettext("Added %(area)s. Describe it below.", area=area.name), "success")
            return redirect(url_for("responsibilities.area", slug=team.slug, area_id=area.id), 303)
    return render(
        "responsibilities/areas.html",
        status=422 if form.errors else 200,
        team=team,
        form=form,
        active=services.areas(team),
        archived=services.areas(team, archived=True),
    )


def _valid_area_name(form, membership: Membership, area: Area | None = None) -> bool:
    """Validate a submitted area form, including that no other active area has the name."""
    return form.validate_on_submit() and name_is_free(form, membership.team, area)


@bp.get("/areas/<int:area_id>")
@team_view(Capability.READ)
def area(membership: Membership, area_id: int):
    """An area's purpose, duties and decisions, who holds what, and who held A over time."""
    area = _area_or_404(membership, area_id)
    return _area_page(membership, area, AreaForm(obj=area))


def _area_or_404(membership: Membership, area_id: int) -> Area:
    """The team's area with its data modules (the area page shows their sections)."""
    return team_object_or_404(membership, Area, area_id, options=[joinedload(Area.modules)])


def _area_page(membership: Membership, area: Area, form: AreaForm, status: int = 200):
    """The area's page; its people list shows the first of them until `?people=all`."""
    grid = services.load_grid(membership.team, area)
    team = membership.team
    leader = membership.can(Capability.EDIT_MAP)
    listed = area_people(grid.people, request.args.get("people") == "all")
    return render(
        "responsibilities/area.html",
        status=status,
        team=team,
        area=area,
        form=form,
        grid=grid,
        listed=listed,
        unlisted=len(grid.people) - len(listed),
        tenures=services.accountable_over_time(area),
        history=services.area_history(area),
        area_sections=areadata.sections(membership, area),
        modules_form=modules_form(area, formdata=None) if leader else None,
        settings_form=TeamSettingsForm(obj=team, formdata=None) if leader else None,
    )


@bp.post("/areas/<int:area_id>/edit")
@team_view(Capability.EDIT_MAP)
def edit_area(membership: Membership, area_id: int):
    area = _area_or_404(membership, area_id)
    form = AreaForm(obj=area)  # a field left out of the post stays as it is
    if not _valid_area_name(form, membership, area):
        return _area_page(membership, area, form, 422)
    try:
        services.describe_area(
            area,
            membership.team,
            name=form.name.data,
            purpose=form.purpose.data,
            duties=form.duties.data,
            decisions=form.decisions.data,
        )
    except NameTaken:
        say_name_taken(form)
        return _area_page(membership, area, form, 422)
    db.session.commit()
    flash(gettext("Saved %(area)s.", area=area.name), "success")
    return redirect(_area_url(membership, area), 303)


@bp.post("/areas/<int:area_id>/move")
@team_view(Capability.EDIT_MAP)
def move_area(membership: Membership, area_id: int):
    area = team_object_or_404(membership, Area, area_id)
    form = MoveAreaForm()
    if form.validate_on_submit() and not area.is_archived:
        services.move_area(area, membership.team, form.step)
        db.session.commit()
    return redirect(url_for("responsibilities.areas", slug=membership.team.slug), 303)


@bp.post("/areas/<int:area_id>/archive")
@team_view(Capability.EDIT_MAP)
def archive_area(membership: Membership, area_id: int):
    area = team_object_or_404(membership, Area, area_id)
    if not area.is_archived:
        services.archive_area(area, membership.team)
        db.session.commit()
        flash(
            gettext("Archived %(area)s. Its history is kept; restore it below.", area=area.name),
            "success",
        )
    return redirect(url_for("responsibilities.areas", slug=membership.team.slug), 303)


@bp.post("/areas/<int:area_id>/restore")
@team_view(Capability.EDIT_MAP)
def restore_area(membership: Membership, area_id: int):
    area = team_object_or_404(membership, Area, area_id)
    if not area.is_archived:
        return redirect(url_for("responsibilities.areas", slug=membership.team.slug), 303)
    try:
        if services.name_taken(membership.team, area.name):
            raise NameTaken
        services.restore_area(area, membership.team)
    except NameTaken:
        flash(
            gettext(
                "There is already an active area called “%(area)s”. "
                "Rename or archive that one first, then restore this one.",
                area=area.name,
            ),
            "error",
        )
    else:
        db.session.commit()
        flash(gettext("Restored %(area)s to the map.", area=area.name), "success")
    return redirect(url_for("responsibilities.areas", slug=membership.team.slug), 303)


bp.add_app_template_global(services.my_responsibilities, "my_responsibilities")
bp.add_app_template_global(cells.cell, "raci_cell")
bp.add_app_template_global(cells.row, "raci_row")
