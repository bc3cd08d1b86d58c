"""Routes of the KPIs module (on the area-data blueprint): add a KPI, its page, its settings
and targets, and recording a period's value (in place with htmx, or as a plain form)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from plplan.areadata import kpi_rules as rules
from plplan.areadata import kpis
from plplan.areadata.access import area_module_or_404
from plplan.areadata.blueprint import bp
from plplan.areadata.kpi_chart import kpi_chart
from plplan.areadata.kpis_forms import KpiForm, KpiTargetForm
from plplan.authz import Capability, may_edit_area_data, team_view
from plplan.chart_variants import both
from plplan.extensions import db
from plplan.htmx import is_htmx, render
from plplan.idempotency import idempotent
from plplan.lookup import child_or_404
from plplan.models import Area, Kpi, Membership
from plplan.vision.services import current_plan

KPI = "/areas/<int:area_id>/kpis/<int:kpi_id>"


def _load(membership: Membership, area_id: int, kpi_id: int, edit: bool = False):
    area, _ = area_module_or_404(membership, area_id, kpis.KIND, edit=edit)
    return area, child_or_404(area, Kpi, kpi_id)


def _kpi_url(membership: Membership, area: Area, kpi: Kpi) -> str:
    return url_for("areadata.kpi", slug=membership.team.slug, area_id=area.id, kpi_id=kpi.id)


@bp.post("/areas/<int:area_id>/kpis")
@team_view(Capability.READ)
@idempotent
def add_kpi(membership: Membership, area_id: int):
    """A KPI from the go-to-market catalogue, or a blank one to describe."""
    area, _ = area_module_or_404(membership, area_id, kpis.KIND, edit=True)
    key = request.form.get("template", "")
    template = kpis.CATALOGUE_BY_KEY.get(key, kpis.BLANK if key == "" else None)
    if template is None:
        abort(400)
    kpi = kpis.add_kpi(membership.team, area, template)
    db.session.commit()
    flash(gettext("Added %(kpi)s. Set its target below.", kpi=kpi.name), "success")
    return redirect(_kpi_url(membership, area, kpi), 303)


@bp.get(KPI)
@team_view(Capability.READ)
def kpi(membership: Membership, area_id: int, kpi_id: int):
    """A KPI's chart over time with its target, every period's entry, its settings."""
    area, kpi = _load(membership, area_id, kpi_id)
    return _kpi_page(membership, area, kpi)


def _kpi_page(membership, area, kpi, form=None, target_form=None, states=None, status=200):
    team = membership.team
    row = kpis.kpi_page(team, kpi)
    can_edit = may_edit_area_data(membership, area)
    if can_edit and form is None:
        form = _settings_form(team, area, kpi, formdata=None)
    if can_edit and target_form is None:
        target_form = KpiTargetForm(formdata=None, starts=row.reading.period)
        target_form.starts.choices = _period_choices(row, 8, ahead=4)
    first = min([*row.entries, row.reading.period])
    periods = _periods_from(first, row)
    return render(
        "areadata/kpi.html",
        None,
        status,
        team=team,
        area=area,
        row=row,
        chart=both(kpi_chart, row, periods),
        periods=periods[::-1],
        can_edit=can_edit,
        form=form,
        target_form=target_form,
        states=states or {},
    )


def _periods_from(first: date, row) -> list[date]:
    found, period = [], first
    while period <= row.reading.period:
        found.append(period)
        period = rules.next_period(period, row.kpi.cadence)
    return found


def _period_choices(row, back: int, ahead: int = 0) -> list[tuple[str, str]]:
    periods = rules.periods_back(row.reading.period, row.kpi.cadence, back)
    for _ in range(ahead):
        periods.append(rules.next_period(periods[-1], row.kpi.cadence))
    return [SelectChoice(p.isoformat(), row.label(p)) for p in periods]


def _settings_form(team, area, kpi, **kwargs) -> KpiForm:
    form = KpiForm(obj=kpi, link=kpis.link_text(kpi), **kwargs)
    form.owner_id.choices = [SelectChoice("", gettext("Nobody"))] + [
        SelectChoice(str(m.id), m.user.display_name) for m in _members(team)
    ]
    form.link.choices = [SelectChoice(*c) for c in kpis.plan_goals(current_plan(team))]
    return form


def _members(team):
    return db.session.scalars(
        sa.select(Membership)
        .where(Membership.team_id == team.id)
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    )


@bp.post(f"{KPI}/settings")
@team_view(Capability.READ)
def kpi_settings(membership: Membership, area_id: int, kpi_id: int):
    """Name, definition, unit, direction, cadence, owner, healthy band and the goal it moves."""
    area, kpi = _load(membership, area_id, kpi_id, edit=True)
    form = _settings_form(membership.team, area, kpi)
    if not form.validate_on_submit():
        return _kpi_page(membership, area, kpi, form=form, status=422)
    kpis.update_kpi(
        membership.team,
        area,
        kpi,
        {name: form[name].data for name in kpis.SETTINGS},
        form.link.data,
        int(form.owner_id.data) if form.owner_id.data else None,
    )
    db.session.commit()
    flash(gettext("Saved %(kpi)s.", kpi=kpi.name), "success")
    return redirect(_kpi_url(membership, area, kpi), 303)


@bp.post(f"{KPI}/targets")
@team_view(Capability.READ)
def kpi_target(membership: Membership, area_id: int, kpi_id: int):
    """The target from a period on (empty: remove the target starting there)."""
    area, kpi = _load(membership, area_id, kpi_id, edit=True)
    form = KpiTargetForm()
    form.starts.choices = _period_choices(kpis.kpi_page(membership.team, kpi), 8, ahead=4)
    value, error = (None, None)
    if form.validate_on_submit() and form.value.data.strip():
        value, error = rules.parse_value(form.value.data, kpi.unit)
    if error or not form.validate_on_submit():
        if error:
            form.value.errors = [error]
        return _kpi_page(membership, area, kpi, target_form=form, status=422)
    kpis.set_target(membership.team, area, kpi, date.fromisoformat(form.starts.data), value)
    db.session.commit()
    flash(gettext("Saved the target of %(kpi)s.", kpi=kpi.name), "success")
    return redirect(_kpi_url(membership, area, kpi), 303)


@dataclass
class EntryState:
    """What was typed into a period's form, and why it was not saved."""

    value: str
    note: str | None
    error: str = ""
    conflict: object = None  # the KpiEntry someone else saved


@bp.post(f"{KPI}/entries")
@team_view(Capability.READ)
def record_entry(membership: Membership, area_id: int, kpi_id: int):
    """This period's (or a past period's) value: one field in place on the area page."""
    area, kpi = _load(membership, area_id, kpi_id, edit=True)
    team = membership.team
    try:
        period = date.fromisoformat(request.form.get("period", ""))
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    if not kpis.recordable(team, kpi, period):
        abort(400)
    state = EntryState(request.form.get("value", ""), request.form.get("note"))
    value, state.error = rules.parse_value(state.value, kpi.unit)
    state.error = kpis.note_problem(state.note) or state.error
    status = 422 if state.error else 200
    if not state.error:
        try:
            kpis.record_entry(
                team,
                area,
                kpi,
                period,
                value,
                state.note,
                version,
                current_user,
            )
            db.session.commit()
            state = None
        except kpis.EntryConflict as conflict:
            db.session.rollback()
            state.conflict, status = conflict.entry, 409
    return _entry_response(membership, area, kpi, period, state, status, value)


def _entry_response(membership, area, kpi, period, state, status, value: Decimal | None):
    layout = "period" if request.form.get("layout") == "period" else "row"
    if not is_htmx():
        if state is None:
            flash(gettext("Saved %(kpi)s.", kpi=kpi.name), "success")
            return redirect(_kpi_url(membership, area, kpi), 303)
        return _kpi_page(membership, area, kpi, states={period: state}, status=status)
    row = kpis.kpi_page(membership.team, kpi)
    return render(
        "areadata/kpi_entry_fragment.html",
        None,
        status,
        team=membership.team,
        area=area,
        row=row,
        period=period,
        state=state,
        layout=layout,
        can_edit=True,
    )
