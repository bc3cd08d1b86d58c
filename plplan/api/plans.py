"""Plans: their draft fields and rows, revisions and publications (read); fields and rows
(write) through the web's own services, so the same version rule holds: a save names the
version it started from, and a stale one that clashes gets 409 with both versions."""

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort

from plplan.api.auth import api_blueprint, team_membership
from plplan.api.errors import refuse_stale
from plplan.api.paging import SelectPage
from plplan.authz import Capability, may_open_plan, plan_name_for
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.lookup import child_or_404, team_object_or_404
from plplan.models import Membership, Plan, PlanItem, PlanPublication, PlanRevision
from plplan.vision import parts, services

blp = api_blueprint("api_plans", __name__, "Plans, their fields, rows, revisions and publications.")

CONFLICT = lazy_gettext("Someone saved this since your version; both versions are below.")


class FieldSchema(ma.Schema):
    key = ma.fields.String(required=True)
    value = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    updated_at = ma.fields.DateTime(allow_none=True)


class RowSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True)
    values = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(), required=True)
    version = ma.fields.Integer(required=True)
    updated_at = ma.fields.DateTime(allow_none=True)


class PlanSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    is_current = ma.fields.Boolean(required=True)
    archived_at = ma.fields.DateTime(allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    published_version = ma.fields.Integer(allow_none=True)


class PlanDetailSchema(PlanSchema):
    """The draft's parts only for who may read drafts; the others read the publications."""

    fields = ma.fields.List(ma.fields.Nested(FieldSchema), allow_none=True)
    rows = ma.fields.List(ma.fields.Nested(RowSchema), allow_none=True)


class PlanQuery(ma.Schema):
    archived = ma.fields.Boolean()
    current = ma.fields.Boolean()


class RevisionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    part = ma.fields.String(required=True)
    part_kind = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    before = ma.fields.Dict(allow_none=True)
    after = ma.fields.Dict(allow_none=True)
    author_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime(required=True)


class RevisionQuery(ma.Schema):
    part = ma.fields.String(validate=ma.validate.Length(max=40))


class PublicationSchema(ma.Schema):
    version = ma.fields.Integer(required=True)
    note = ma.fields.String(required=True)
    published_at = ma.fields.DateTime(required=True)
    published_by_id = ma.fields.Integer(allow_none=True)
    snapshot = ma.fields.Dict(required=True)


def _version() -> ma.fields.Integer:
    """The version the client's values started from (what it last read)."""
    return ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=2**31 - 1)
    )


class FieldWrite(ma.Schema):
    value = ma.fields.String(required=True, validate=ma.validate.Length(max=100_000))
    version = _version()


class RowValues(ma.Schema):
    values = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)


class RowCreate(RowValues):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(list(parts.ROW_KINDS)))


class RowWrite(RowValues):
    version = _version()


# -- reading -------------------------------------------------------------------------------------


@blp.get("/teams/<slug>/plans")
@blp.arguments(PlanQuery, location="query", as_kwargs=True)
@blp.response(200, PlanSchema(many=True))
@blp.paginate()
def list_plans(slug: str, pagination_parameters, archived=None, current=None):
    """The plans the person may open: all of them for who reads drafts, else published ones."""
    membership = team_membership(slug)
    query = sa.select(Plan).where(Plan.team_id == membership.team_id)
    if not membership.can(Capability.READ_DRAFTS):
        published = sa.select(PlanPublication.id).where(PlanPublication.plan_id == Plan.id)
        query = query.where(published.exists(), Plan.archived_at.is_(None))
    if archived is not None:
        query = query.where(
            Plan.archived_at.is_not(None) if archived else Plan.archived_at.is_(None)
        )
    if current is not None:
        query = query.where(Plan.is_current.is_(current))
    page = SelectPage(query.order_by(Plan.name, Plan.id), pagination_parameters)
    latest = services.latest_publications(membership.team)
    return [_plan(membership, plan, latest.get(plan.id)) for plan in page.items]


@blp.get("/teams/<slug>/plans/<int:plan_id>")
@blp.response(200, PlanDetailSchema)
def get_plan(slug: str, plan_id: int):
    membership = team_membership(slug)
    plan, latest = _open_plan(membership, plan_id)
    published = latest and services.Published(latest.version, latest.snapshot.get("name", ""))
    body = _plan(membership, plan, published)
    if membership.can(Capability.READ_DRAFTS):
        fields, rows = services.plan_parts(plan)
        body["fields"] = sorted(fields.values(), key=lambda f: f.key)
        body["rows"] = [item for kind in parts.ROW_KINDS for item in rows[kind]]
    return body


@blp.get("/teams/<slug>/plans/<int:plan_id>/revisions")
@blp.arguments(RevisionQuery, location="query", as_kwargs=True)
@blp.response(200, RevisionSchema(many=True))
@blp.paginate(SelectPage)
def list_revisions(slug: str, plan_id: int, part=None):
    """The plan's history, newest first (who reads drafts only, as on the web)."""
    membership = team_membership(slug, Capability.READ_DRAFTS)
    plan = team_object_or_404(membership, Plan, plan_id)
    query = sa.select(PlanRevision).where(PlanRevision.plan_id == plan.id)
    if part is not None:
        query = query.where(PlanRevision.part == part)
    return query.order_by(PlanRevision.id.desc())


@blp.get("/teams/<slug>/plans/<int:plan_id>/publications")
@blp.response(200, PublicationSchema(many=True))
@blp.paginate(SelectPage)
def list_publications(slug: str, plan_id: int):
    """Every published version, newest first."""
    membership = team_membership(slug)
    plan, _ = _open_plan(membership, plan_id)
    query = sa.select(PlanPublication).where(PlanPublication.plan_id == plan.id)
    return query.order_by(PlanPublication.version.desc())


# -- writing -------------------------------------------------------------------------------------


@blp.put("/teams/<slug>/plans/<int:plan_id>/fields/<key>")
@blp.arguments(FieldWrite)
@blp.response(200, FieldSchema)
def save_field(body: dict, slug: str, plan_id: int, key: str):
    """Save a field; `version` is the one your value started from."""
    membership = team_membership(slug, Capability.EDIT_PLAN)
    plan = team_object_or_404(membership, Plan, plan_id)
    row = services.get_field(plan, key)
    if row is None:
        abort(404)
    value, error = parts.clean(parts.FIELDS[key], body["value"])
    if error:
        abort(422, messages={"value": [error]})
    sent = body["version"]
    conflict = services.save_field(plan, row, value, sent, current_user)
    if conflict:
        _refuse_conflict(conflict, sent)
    db.session.commit()
    return row


@blp.post("/teams/<slug>/plans/<int:plan_id>/rows")
@blp.arguments(RowCreate)
@blp.response(201, RowSchema)
def add_row(body: dict, slug: str, plan_id: int):
    """Append a row of `kind`, with `values` for some or all of its columns."""
    membership = team_membership(slug, Capability.EDIT_PLAN)
    plan = team_object_or_404(membership, Plan, plan_id)
    kind = parts.ROW_KINDS[body["kind"]]
    values = _clean_values(kind, body["values"])
    item = services.add_item(plan, kind.name, values, current_user)
    db.session.commit()
    return item


@blp.route("/teams/<slug>/plans/<int:plan_id>/rows/<int:item_id>")
class Row(MethodView):
    """One row. (One view for both methods: a URL rule per method would answer an id out
    of range with 405 instead of 404.)"""

    @blp.arguments(RowWrite)
    @blp.response(200, RowSchema)
    def put(self, body: dict, slug: str, plan_id: int, item_id: int):
        """Save a row's columns; `version` is the one your values started from."""
        membership = team_membership(slug, Capability.EDIT_PLAN)
        plan = team_object_or_404(membership, Plan, plan_id)
        item = child_or_404(plan, PlanItem, item_id)
        values = _clean_values(parts.ROW_KINDS[item.kind], body["values"])
        sent = body["version"]
        conflict = services.save_item(plan, item, {**item.values, **values}, sent, current_user)
        if conflict:
            _refuse_conflict(conflict, sent)
        db.session.commit()
        return item

    @blp.response(204)
    def delete(self, slug: str, plan_id: int, item_id: int):
        """Delete a row (its history keeps it)."""
        membership = team_membership(slug, Capability.EDIT_PLAN)
        plan = team_object_or_404(membership, Plan, plan_id)
        item = child_or_404(plan, PlanItem, item_id)
        if item.deleted_at is None:
            services.delete_item(plan, item, current_user)
            db.session.commit()


# -- helpers -------------------------------------------------------------------------------------


def _open_plan(membership: Membership, plan_id: int):
    """The plan and its latest publication, when the person may open it (else 404)."""
    plan = team_object_or_404(membership, Plan, plan_id)
    latest = services.latest_publication(plan)
    if not may_open_plan(membership, plan, latest is not None):
        abort(404)
    return plan, latest


def _plan(membership: Membership, plan: Plan, latest: services.Published | None) -> dict:
    return {
        "id": plan.id,
        "name": plan_name_for(membership, plan, latest.name if latest else None),
        "is_current": plan.is_current,
        "archived_at": plan.archived_at,
        "created_at": plan.created_at,
        "published_version": latest.version if latest else None,
    }


def _clean_values(kind: parts.RowKind, given: dict) -> dict:
    """The row's columns as stored; an unknown column or a bad value is a 422 by name."""
    columns = {column.name: column for column in kind.columns}
    errors = {name: [str(UNKNOWN)] for name in given if name not in columns}
    values = {}
    for name, raw in given.items():
        if name in columns:
            values[name], error = parts.clean(columns[name], raw)
            if error:
                errors[name] = [error]
    if errors:
        abort(422, messages={"values": errors})
    return values


UNKNOWN = lazy_gettext("This row has no such column.")


def _refuse_conflict(conflict: services.Conflict, sent: int):
    """409 with what you sent and what is saved now, each with its version."""
    db.session.rollback()
    refuse_stale(
        CONFLICT,
        (sent, conflict.mine),
        (conflict.version, conflict.theirs),
        fields=list(conflict.fields),
    )
