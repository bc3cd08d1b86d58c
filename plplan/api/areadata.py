"""Areas' working data, read: budget lines with their monthly amounts, KPIs with their
targets and entries, the communication plan with when each was done; per area, or for the
whole team. An area is loaded through the web's own `area_module_or_404`, and the team-wide
lists take the same rule from `authz`: a module switched off, or hidden from viewers, is not
there. Written: a KPI's entry for one period, through the KPI page's own service and
checks (who edits area data, which periods, the value's limits, the version, alerts)."""

from datetime import date

import marshmallow as ma
import sqlalchemy as sa
from flask_login import current_user
from flask_smorest import abort

from plplan.api.auth import api_blueprint, team_membership
from plplan.api.errors import ErrorSchema, refuse_stale
from plplan.api.paging import SelectPage
from plplan.areadata import budget, comms, kpis
from plplan.areadata import kpi_rules as rules
from plplan.areadata.access import area_module_or_404
from plplan.authz import area_modules_readable_by
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.lookup import child_or_404
from plplan.models import (
    Area,
    AreaModule,
    BudgetAmount,
    BudgetLine,
    Communication,
    CommunicationDone,
    Kpi,
    KpiEntry,
    KpiTarget,
    Membership,
)

blp = api_blueprint("api_areadata", __name__, "An area's budget, KPIs and communication plan.")


class AmountSchema(ma.Schema):
    month = ma.fields.Date(required=True, metadata={"description": "The month's first day"})
    kind = ma.fields.String(required=True, metadata={"description": "planned or actual"})
    amount = ma.fields.Integer(allow_none=True, metadata={"description": "In minor units"})
    version = ma.fields.Integer(required=True)


class BudgetLineSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    area_id = ma.fields.Integer(required=True)
    fiscal_year = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    owner_id = ma.fields.Integer(allow_none=True, metadata={"description": "A user id"})
    pillar_id = ma.fields.Integer(allow_none=True)
    driver = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    amounts = ma.fields.List(ma.fields.Nested(AmountSchema), required=True)


class BudgetQuery(ma.Schema):
    fiscal_year = ma.fields.Integer(
        validate=ma.validate.Range(1900, 9999),
        metadata={"description": "The year it starts in; the current one by default"},
    )


class TargetSchema(ma.Schema):
    starts = ma.fields.Date(required=True)
    value = ma.fields.Float(required=True)


class EntrySchema(ma.Schema):
    period = ma.fields.Date(required=True, metadata={"description": "The period's first day"})
    value = ma.fields.Float(required=True)
    note = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    updated_at = ma.fields.DateTime(required=True)


class EntryWrite(ma.Schema):
    value = ma.fields.Decimal(
        required=True,
        allow_nan=False,
        metadata={"description": "A number (a percent KPI: 12.5 is 12.5 %)"},
    )
    note = ma.fields.String(
        allow_none=True,
        load_default=None,
        metadata={"description": "Leave it out (or null) to keep the note saved"},
    )
    version = ma.fields.Integer(
        load_default=0,
        validate=ma.validate.Range(0, 2**31 - 1),
        metadata={"description": "The entry's version you started from; 0 or none: no entry yet"},
    )


PERIOD = lazy_gettext("Send the first day (YYYY-MM-DD) of one of the KPI's periods so far.")
ENTRY_CONFLICT = lazy_gettext("Someone saved this period since your version; both are below.")


class KpiSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    area_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    definition = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)
    direction = ma.fields.String(required=True)
    cadence = ma.fields.String(required=True)
    owner_member_id = ma.fields.Integer(attribute="owner_id", allow_none=True)
    band_low = ma.fields.Float(allow_none=True)
    band_high = ma.fields.Float(allow_none=True)
    links_north_star = ma.fields.Boolean(required=True)
    plan_item_id = ma.fields.Integer(allow_none=True)
    version = ma.fields.Integer(required=True)
    created_at = ma.fields.DateTime(required=True)
    targets = ma.fields.List(ma.fields.Nested(TargetSchema), required=True)
    entries = ma.fields.List(ma.fields.Nested(EntrySchema), required=True)


class DoneSchema(ma.Schema):
    done_on = ma.fields.Date(required=True)
    note = ma.fields.String(required=True)


class CommunicationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    area_id = ma.fields.Integer(required=True)
    audience_member_id = ma.fields.Integer(attribute="audience_membership_id", allow_none=True)
    audience_name = ma.fields.String(allow_none=True)
    what = ma.fields.String(required=True)
    channel = ma.fields.String(required=True)
    cadence = ma.fields.String(required=True)
    owner_member_id = ma.fields.Integer(attribute="owner_membership_id", allow_none=True)
    first_due = ma.fields.Date(required=True)
    created_at = ma.fields.DateTime(required=True)
    done = ma.fields.List(ma.fields.Nested(DoneSchema), required=True)


class TeamQuery(ma.Schema):
    area_id = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "Only this area's"},
    )


class TeamBudgetQuery(TeamQuery, BudgetQuery):
    pass


@blp.get("/teams/<slug>/areas/<int:area_id>/budget-lines")
@blp.arguments(BudgetQuery, location="query", as_kwargs=True)
@blp.response(200, BudgetLineSchema(many=True))
@blp.paginate()
def list_budget_lines(slug: str, area_id: int, pagination_parameters, fiscal_year=None):
    """The area's budget lines of one fiscal year, each with its planned and actual months."""
    membership = team_membership(slug)
    area, _ = area_module_or_404(membership, area_id, budget.KIND)
    return _budget_lines(membership, [area.id], pagination_parameters, fiscal_year)


@blp.get("/teams/<slug>/budget-lines")
@blp.arguments(TeamBudgetQuery, location="query", as_kwargs=True)
@blp.response(200, BudgetLineSchema(many=True))
@blp.paginate()
def list_team_budget_lines(slug: str, pagination_parameters, fiscal_year=None, area_id=None):
    """Every area's budget lines of one fiscal year (the areas whose budget you may read)."""
    membership = team_membership(slug)
    areas = _readable_areas(membership, budget.KIND, area_id)
    return _budget_lines(membership, areas, pagination_parameters, fiscal_year)


@blp.get("/teams/<slug>/areas/<int:area_id>/kpis")
@blp.response(200, KpiSchema(many=True))
@blp.paginate()
def list_kpis(slug: str, area_id: int, pagination_parameters):
    """The area's KPIs, each with its targets and its entries, oldest period first."""
    area, _ = area_module_or_404(team_membership(slug), area_id, kpis.KIND)
    return _kpis([area.id], pagination_parameters)


@blp.get("/teams/<slug>/kpis")
@blp.arguments(TeamQuery, location="query", as_kwargs=True)
@blp.response(200, KpiSchema(many=True))
@blp.paginate()
def list_team_kpis(slug: str, pagination_parameters, area_id=None):
    """Every area's KPIs (the areas whose KPIs you may read), with targets and entries."""
    areas = _readable_areas(team_membership(slug), kpis.KIND, area_id)
    return _kpis(areas, pagination_parameters)


@blp.get("/teams/<slug>/areas/<int:area_id>/communications")
@blp.response(200, CommunicationSchema(many=True))
@blp.paginate()
def list_communications(slug: str, area_id: int, pagination_parameters):
    """The area's communication plan, each row with the days it was done, oldest first."""
    area, _ = area_module_or_404(team_membership(slug), area_id, comms.KIND)
    return _communications([area.id], pagination_parameters)


@blp.get("/teams/<slug>/communications")
@blp.arguments(TeamQuery, location="query", as_kwargs=True)
@blp.response(200, CommunicationSchema(many=True))
@blp.paginate()
def list_team_communications(slug: str, pagination_parameters, area_id=None):
    """Every area's communication plan (the areas whose plan you may read)."""
    areas = _readable_areas(team_membership(slug), comms.KIND, area_id)
    return _communications(areas, pagination_parameters)


@blp.put("/teams/<slug>/areas/<int:area_id>/kpis/<int:kpi_id>/entries/<period>")
@blp.arguments(EntryWrite)
@blp.response(200, EntrySchema)
@blp.alt_response(409, schema=ErrorSchema)
def record_entry(body: dict, slug: str, area_id: int, kpi_id: int, period: str):
    """Record or change the value of one period (its first day: `2026-03-01`, a week's
    Monday). The area's leaders, Accountable and Responsible may; an entry that puts the
    KPI off track alerts as on the web. A stale `version` gets 409 with both versions."""
    membership = team_membership(slug)
    area, _ = area_module_or_404(membership, area_id, kpis.KIND, edit=True)
    kpi = child_or_404(area, Kpi, kpi_id)
    team = membership.team
    try:
        day = date.fromisoformat(period)
    except ValueError:
        day = None
    if day is None or not kpis.recordable(team, kpi, day):
        abort(422, messages={"period": [str(PERIOD)]})
    note = body["note"]
    value, error = rules.parse_value(str(body["value"]), kpi.unit)
    errors = {"value": [error]} if error else {}
    if note_error := kpis.note_problem(note):
        errors["note"] = [note_error]
    if errors:
        abort(422, messages=errors)
    try:
        entry = kpis.record_entry(team, area, kpi, day, value, note, body["version"], current_user)
    except kpis.EntryConflict as conflict:
        db.session.rollback()
        _refuse_entry_conflict(conflict.entry, {**body, "value": value, "note": note})
    db.session.commit()
    return entry


def _refuse_entry_conflict(current: KpiEntry | None, sent: dict):
    """409 with what you sent and what is saved now (version 0: there is no entry)."""
    saved = {"value": float(current.value), "note": current.note} if current else {}
    refuse_stale(
        ENTRY_CONFLICT,
        (sent["version"], {"value": float(sent["value"]), "note": sent["note"]}),
        (current.version if current else 0, saved),
    )


def _readable_areas(membership: Membership, kind: str, area_id: int | None) -> sa.Select:
    """The team's areas with `kind` switched on that the member may read (only `area_id`,
    if given): the rule of `area_module_or_404`, for every area at once."""
    query = (
        sa.select(Area.id)
        .join(AreaModule, sa.and_(AreaModule.area_id == Area.id, AreaModule.kind == kind))
        .where(Area.team_id == membership.team_id, area_modules_readable_by(membership))
    )
    return query if area_id is None else query.where(Area.id == area_id)


def _budget_lines(membership: Membership, areas, paging, fiscal_year: int | None) -> list:
    year = fiscal_year or budget.Year.of(membership.team).fiscal_year
    query = sa.select(BudgetLine).where(BudgetLine.area_id.in_(areas))
    query = query.where(BudgetLine.fiscal_year == year).order_by(BudgetLine.id)
    page = SelectPage(query, paging).items
    amounts = _children(BudgetAmount.line_id, page, BudgetAmount.month, BudgetAmount.kind)
    return [_With(line, amounts=amounts.get(line.id, [])) for line in page]


def _kpis(areas, paging) -> list:
    query = sa.select(Kpi).where(Kpi.area_id.in_(areas)).order_by(Kpi.id)
    page = SelectPage(query, paging).items
    targets = _children(KpiTarget.kpi_id, page, KpiTarget.starts)
    entries = _children(KpiEntry.kpi_id, page, KpiEntry.period)
    return [
        _With(kpi, targets=targets.get(kpi.id, []), entries=entries.get(kpi.id, [])) for kpi in page
    ]


def _communications(areas, paging) -> list:
    query = sa.select(Communication).where(Communication.area_id.in_(areas))
    page = SelectPage(query.order_by(Communication.id), paging).items
    done = _children(
        CommunicationDone.communication_id, page, CommunicationDone.done_on, CommunicationDone.id
    )
    return [_With(item, done=done.get(item.id, [])) for item in page]


def _children(parent_key, parents: list, *order) -> dict[int, list]:
    """The rows pointing at `parents` through `parent_key`, grouped by parent: one query."""
    grouped: dict[int, list] = {}
    if parents:
        model = parent_key.class_
        query = sa.select(model).where(parent_key.in_([p.id for p in parents]))
        for row in db.session.scalars(query.order_by(*order)):
            grouped.setdefault(getattr(row, parent_key.key), []).append(row)
    return grouped


class _With:
    """A row as the schema dumps it, with its children beside its own columns."""

    def __init__(self, row, **children):
        self._row = row
        self.__dict__.update(children)

    def __getattr__(self, name: str):
        return getattr(self._row, name)
