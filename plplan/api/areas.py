"""Areas of the responsibility map and their RACI cells: read; areas added, renamed and
described, and a cell written, through the map's own forms and services (leaders only), so
area names stay unique and exactly one Accountable per area holds here as on the web."""

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from werkzeug.datastructures import MultiDict

from plplan.api.auth import api_blueprint, team_membership
from plplan.api.paging import SelectPage
from plplan.authz import Capability
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.lookup import team_object_or_404
from plplan.models import Area, Assignment, Membership, Raci
from plplan.responsibilities import services
from plplan.responsibilities.forms import AreaForm, name_is_free, say_name_taken
from plplan.text import NameTaken

blp = api_blueprint("api_areas", __name__, "Areas of the responsibility map and their RACI cells.")

LETTERS = [role.value for role in Raci]
TAKEN = lazy_gettext(
    "Someone else is Accountable for this area; send move_accountability to move it."
)


class AreaSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    purpose = ma.fields.String(required=True)
    duties = ma.fields.String(required=True)
    decisions = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True)
    archived_at = ma.fields.DateTime(allow_none=True)


class AreaWrite(ma.Schema):
    """Checked by the area form: a name (up to 80 characters, unlike the team's other active
    areas'), texts of up to 2000."""

    name = ma.fields.String(required=True)
    purpose = ma.fields.String(metadata={"description": "Why the area exists. Markdown."})
    duties = ma.fields.String(metadata={"description": "One per line"})
    decisions = ma.fields.String()


class AreaChange(AreaWrite):
    """Only what changes (sent with `partial`: the name too may stay)."""


DESCRIPTIONS = ("purpose", "duties", "decisions")


class AreaQuery(ma.Schema):
    archived = ma.fields.Boolean()


class CellSchema(ma.Schema):
    area_id = ma.fields.Integer(required=True)
    member_id = ma.fields.Integer(required=True, metadata={"description": "A membership id"})
    role = ma.fields.String(allow_none=True, required=True, validate=ma.validate.OneOf(LETTERS))


class CellQuery(ma.Schema):
    role = ma.fields.String(validate=ma.validate.OneOf(LETTERS))


class CellWrite(ma.Schema):
    role = ma.fields.String(
        required=True,
        allow_none=True,
        validate=ma.validate.OneOf(LETTERS),
        metadata={"description": "R, A, C or I; null empties the cell"},
    )
    move_accountability = ma.fields.Boolean(load_default=False)


@blp.route("/teams/<slug>/areas")
class Areas(MethodView):
    @blp.arguments(AreaQuery, location="query", as_kwargs=True)
    @blp.response(200, AreaSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, slug: str, archived: bool = False):
        """The map's areas in order (archived ones with `archived=true`)."""
        membership = team_membership(slug)
        state = Area.archived_at.is_not(None) if archived else Area.archived_at.is_(None)
        query = sa.select(Area).where(Area.team_id == membership.team_id, state)
        return query.order_by(Area.position, Area.id)

    @blp.arguments(AreaWrite)
    @blp.response(201, AreaSchema)
    def post(self, body: dict, slug: str):
        """Add an area at the end of the map, described if you send its texts (leaders)."""
        membership = team_membership(slug, Capability.EDIT_MAP)
        form = _checked_form(membership, None, body)
        try:
            area = services.add_area(membership.team, form.name.data)
            described = {name: form[name].data for name in DESCRIPTIONS if name in body}
            if described:
                services.describe_area(area, membership.team, **described)
        except NameTaken:
            _refuse_taken_name(form)
        db.session.commit()
        return area


@blp.route("/teams/<slug>/areas/<int:area_id>")
class OneArea(MethodView):
    """An area (one view for both methods, so an id out of range is a 404)."""

    @blp.response(200, AreaSchema)
    def get(self, slug: str, area_id: int):
        return team_object_or_404(team_membership(slug), Area, area_id)

    @blp.arguments(AreaChange(partial=True))
    @blp.response(200, AreaSchema)
    def patch(self, body: dict, slug: str, area_id: int):
        """Rename or describe an area (leaders); the fields not sent stay as they are."""
        membership = team_membership(slug, Capability.EDIT_MAP)
        area = team_object_or_404(membership, Area, area_id)
        form = _checked_form(membership, area, body)
        try:
            services.describe_area(
                area, membership.team, **{name: form[name].data for name in ("name", *DESCRIPTIONS)}
            )
        except NameTaken:
            _refuse_taken_name(form)
        db.session.commit()
        return area


@blp.get("/teams/<slug>/areas/<int:area_id>/cells")
@blp.arguments(CellQuery, location="query", as_kwargs=True)
@blp.response(200, CellSchema(many=True))
@blp.paginate()
def list_cells(slug: str, area_id: int, pagination_parameters, role: str | None = None):
    """The area's filled cells."""
    area = team_object_or_404(team_membership(slug), Area, area_id)
    query = sa.select(Assignment).where(Assignment.area_id == area.id)
    if role is not None:
        query = query.where(Assignment.role == Raci(role))
    page = SelectPage(query.order_by(Assignment.membership_id), pagination_parameters)
    return [_cell(area.id, a.membership_id, a.role) for a in page.items]


@blp.put("/teams/<slug>/areas/<int:area_id>/cells/<int:member_id>")
@blp.arguments(CellWrite)
@blp.response(200, CellSchema)
def set_cell(body: dict, slug: str, area_id: int, member_id: int):
    """Set one cell. An A where someone else holds it is refused (409) unless
    `move_accountability` is true: then theirs is cleared in the same transaction."""
    membership = team_membership(slug, Capability.EDIT_MAP)
    area = team_object_or_404(membership, Area, area_id)
    person = team_object_or_404(membership, Membership, member_id)
    role = Raci(body["role"]) if body["role"] else None
    try:
        services.set_cell(
            membership.team, area, person, role, current_user, body["move_accountability"]
        )
    except services.NoColumn:
        abort(404)
    except services.AccountableTaken as taken:
        holder = taken.holder.id
        abort(409, message=str(TAKEN), extra={"accountable": _cell(area.id, holder, Raci("A"))})
    db.session.commit()
    return _cell(area.id, person.id, role)


def _checked_form(membership: Membership, area: Area | None, body: dict) -> AreaForm:
    """The area form filled in with the area (if any) and what was sent over it, checked by
    its own rules and the map's unique names; its errors are a 422 by field."""
    given = {name: getattr(area, name) for name in ("name", *DESCRIPTIONS)} if area else {}
    form = AreaForm(formdata=MultiDict({**given, **body}), meta={"csrf": False})
    if not (form.validate() and name_is_free(form, membership.team, area)):
        abort(422, messages=form.errors)
    return form


def _refuse_taken_name(form: AreaForm):
    """Another active area took the name since it was checked: a 422 like the check's."""
    db.session.rollback()
    say_name_taken(form)
    abort(422, messages=form.errors)


def _cell(area_id: int, member_id: int, role: Raci | None) -> dict:
    return {"area_id": area_id, "member_id": member_id, "role": role.value if role else None}
