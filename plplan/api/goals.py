"""Goals, their check-ins and acknowledgements, and the team's skills (read); a goal of
your own (create, change), a check-in and an acknowledgement (write), through the goals'
own services, object rules and the goal form's validators, as on the goal pages."""

from datetime import date

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort
from werkzeug.datastructures import MultiDict

from plplan.api.auth import api_blueprint, team_membership
from plplan.api.errors import ErrorSchema, refuse_stale
from plplan.api.paging import SelectPage
from plplan.authz import Capability, may_acknowledge, may_edit_goal
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.goals import services
from plplan.goals.forms import CHECKIN_STATUSES, CloseForm, GoalForm, form_data, goal_form
from plplan.lookup import child_or_404, team_object_or_404
from plplan.models import CheckIn, Goal, GoalStatus, Membership, Skill, Visibility

blp = api_blueprint("api_goals", __name__, "Goals, check-ins, acknowledgements and skills.")

STATUSES = [status.value for status in GoalStatus]
VISIBILITIES = [visibility.value for visibility in Visibility]
CHECKIN_STATUS_VALUES = [choice.value for choice in CHECKIN_STATUSES]
MEASURE_NEEDED = lazy_gettext("This goal is measured: send `value` (for others, `progress`).")
ALREADY = lazy_gettext("Someone acknowledged this check-in meanwhile: your reply was not sent.")
GOAL_CONFLICT = lazy_gettext("Someone saved this goal since your version; both are below.")


class SkillSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    levels = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True)
    archived_at = ma.fields.DateTime(allow_none=True)


class GoalSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    success = ma.fields.String(required=True)
    owner_id = ma.fields.Integer(required=True)
    mentor_id = ma.fields.Integer(allow_none=True)
    skill_id = ma.fields.Integer(allow_none=True)
    level = ma.fields.Integer(allow_none=True)
    area_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(required=True)
    visibility = ma.fields.String(required=True)
    progress = ma.fields.Integer(required=True)
    start_value = ma.fields.Float(allow_none=True)
    target_value = ma.fields.Float(allow_none=True)
    current_value = ma.fields.Float(allow_none=True)
    unit = ma.fields.String(required=True)
    target_date = ma.fields.Date(allow_none=True)
    version = ma.fields.Integer(required=True)
    created_at = ma.fields.DateTime(required=True)
    closed_at = ma.fields.DateTime(allow_none=True)
    outcome = ma.fields.String(allow_none=True)
    learned = ma.fields.String(required=True)


class GoalQuery(ma.Schema):
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    owner_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))


class GoalWrite(ma.Schema):
    """What the goal form edits; the form's own validators check it (status and the current
    value change only through check-ins, as on the web)."""

    title = ma.fields.String(required=True)
    success = ma.fields.String(required=True, metadata={"description": "What success looks like"})
    skill_id = ma.fields.Integer(required=True, strict=True)
    level = ma.fields.Integer(allow_none=True, strict=True)
    area_id = ma.fields.Integer(allow_none=True, strict=True)
    mentor_id = ma.fields.Integer(
        allow_none=True, strict=True, metadata={"description": "A user id, not the owner's"}
    )
    unit = ma.fields.String(metadata={"description": "Empty with no values: tracked 0-100 %"})
    start_value = ma.fields.Float(allow_none=True, allow_nan=False)
    target_value = ma.fields.Float(allow_none=True, allow_nan=False)
    target_date = ma.fields.Date(allow_none=True)
    visibility = ma.fields.String(validate=ma.validate.OneOf(VISIBILITIES))


class GoalChange(GoalWrite):
    version = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(0, 2**31 - 1),
        metadata={"description": "The goal's version your changes started from"},
    )


class CloseWrite(ma.Schema):
    """Checked by the close form, as on the web."""

    status = ma.fields.String(required=True, metadata={"description": "done or dropped"})
    outcome = ma.fields.String(required=True, metadata={"description": "achieved, partly, missed"})
    learned = ma.fields.String(required=True, metadata={"description": "What was learned"})


# the API's names for the goal form's fields
FORM_NAMES = {"skill_id": "skill", "area_id": "area", "mentor_id": "mentor"}
FORM_NAMES |= {name: name for name in GoalWrite._declared_fields if name not in FORM_NAMES}
API_NAMES = {form: api for api, form in FORM_NAMES.items()}


class CheckInSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    author_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    value = ma.fields.Float(allow_none=True)
    progress = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    confidence = ma.fields.Integer(required=True)
    happened = ma.fields.String(required=True)
    blockers = ma.fields.String(required=True)
    next_step = ma.fields.String(required=True)
    acknowledged_at = ma.fields.DateTime(allow_none=True)
    acknowledged_by_id = ma.fields.Integer(allow_none=True)
    feedback = ma.fields.String(required=True)


def _not_blank(text: str) -> None:
    if not text.strip() or len(text) > 4000:
        raise ma.ValidationError(str(HAPPENED))


HAPPENED = lazy_gettext("Tell your mentor what happened since last time (up to 4000 characters).")


class CheckInWrite(ma.Schema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(CHECKIN_STATUS_VALUES))
    confidence = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(1, 5))
    happened = ma.fields.String(required=True, validate=_not_blank)
    blockers = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))
    next_step = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))
    value = ma.fields.Float(allow_nan=False, validate=ma.validate.Range(-1e12, 1e12))
    progress = ma.fields.Integer(strict=True, validate=ma.validate.Range(0, 100))


class AcknowledgementWrite(ma.Schema):
    feedback = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=4000),
        metadata={"description": "Optional: a reply to the owner"},
    )


@blp.get("/teams/<slug>/skills")
@blp.response(200, SkillSchema(many=True))
@blp.paginate(SelectPage)
def list_skills(slug: str):
    membership = team_membership(slug)
    query = sa.select(Skill).where(Skill.team_id == membership.team_id)
    return query.order_by(Skill.position, Skill.id)


@blp.route("/teams/<slug>/goals")
class Goals(MethodView):
    @blp.arguments(GoalQuery, location="query", as_kwargs=True)
    @blp.response(200, GoalSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, slug: str, status=None, owner_id=None):
        """The goals the person may see (private ones: owner, mentor and reviewers)."""
        membership = team_membership(slug, Capability.OWN_GOALS)
        query = sa.select(Goal).where(services.visible_to(membership))
        if status is not None:
            query = query.where(Goal.status == status)
        if owner_id is not None:
            query = query.where(Goal.owner_id == owner_id)
        return query.order_by(Goal.created_at.desc(), Goal.id.desc())

    @blp.arguments(GoalWrite)
    @blp.response(201, GoalSchema)
    def post(self, body: dict, slug: str):
        """A goal of your own, checked as the goal form checks it (a skill of the team, a
        mentor other than you, a target date to come, both values or neither)."""
        membership = team_membership(slug, Capability.OWN_GOALS)
        form = _checked_form(membership, None, {"visibility": Visibility.TEAM.value, **body})
        goal = services.create_goal(membership.team, current_user, form.fields(), current_user)
        db.session.commit()
        return goal


@blp.route("/teams/<slug>/goals/<int:goal_id>")
class OneGoal(MethodView):
    """A goal (one view for both methods, so an id out of range is a 404)."""

    @blp.response(200, GoalSchema)
    def get(self, slug: str, goal_id: int):
        return _goal(slug, goal_id)

    @blp.arguments(GoalChange(partial=tuple(GoalWrite._declared_fields)))
    @blp.response(200, GoalSchema)
    @blp.alt_response(409, schema=ErrorSchema)
    def patch(self, body: dict, slug: str, goal_id: int):
        """Change some of a goal's fields (yours; a reviewer's on anyone's); those not sent
        stay. A stale `version` gets 409 with both versions."""
        membership = team_membership(slug, Capability.OWN_GOALS)
        goal = _goal(slug, goal_id, membership)
        if not may_edit_goal(membership, goal):
            abort(403)
        sent = body.pop("version")
        form = _checked_form(membership, goal, body)
        try:
            services.update_goal(goal, form.fields(), sent, current_user)
        except services.GoalConflict:
            db.session.rollback()
            _refuse_goal_conflict(_goal(slug, goal_id, membership), body, sent)
        db.session.commit()
        return goal


@blp.post("/teams/<slug>/goals/<int:goal_id>/close")
@blp.arguments(CloseWrite)
@blp.response(200, GoalSchema)
def close_goal(body: dict, slug: str, goal_id: int):
    """Close an open goal you may edit with a short retrospective: done or dropped, and how
    it ended (its other statuses move with check-ins)."""
    membership = team_membership(slug, Capability.OWN_GOALS)
    goal = _goal(slug, goal_id, membership)
    if not may_edit_goal(membership, goal) or not goal.is_open:
        abort(403)
    form = CloseForm(formdata=MultiDict(body), meta={"csrf": False})
    if not form.validate():
        abort(422, messages=form.errors)
    services.close_goal(goal, form.status.data, form.outcome.data, form.learned.data)
    db.session.commit()
    return goal


@blp.route("/teams/<slug>/goals/<int:goal_id>/checkins")
class CheckIns(MethodView):
    """A goal's check-ins (one view for both methods, so an id out of range is a 404)."""

    @blp.response(200, CheckInSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, slug: str, goal_id: int):
        """The goal's check-ins, newest first, each with its acknowledgement if it has one."""
        goal = _goal(slug, goal_id)
        query = sa.select(CheckIn).where(CheckIn.goal_id == goal.id)
        return query.order_by(CheckIn.created_at.desc(), CheckIn.id.desc())

    @blp.arguments(CheckInWrite)
    @blp.response(201, CheckInSchema)
    def post(self, body: dict, slug: str, goal_id: int):
        """Check in on a goal you may edit (your own; a reviewer's on anyone's) while open."""
        membership = team_membership(slug, Capability.OWN_GOALS)
        goal = _goal(slug, goal_id, membership)
        if not may_edit_goal(membership, goal) or not goal.is_open:
            abort(403)
        measure = "value" if goal.is_numeric else "progress"
        if body.get(measure) is None:
            abort(422, messages={measure: [str(MEASURE_NEEDED)]})
        fields = services.CheckInFields(
            status=body["status"],
            confidence=body["confidence"],
            happened=body["happened"],
            blockers=body["blockers"],
            next_step=body["next_step"],
            value=body.get("value") if goal.is_numeric else None,
            progress=body.get("progress") if not goal.is_numeric else None,
        )
        checkin = services.check_in(goal, current_user, fields)
        db.session.commit()
        return checkin


@blp.post("/teams/<slug>/goals/<int:goal_id>/checkins/<int:checkin_id>/acknowledgement")
@blp.arguments(AcknowledgementWrite)
@blp.response(200, CheckInSchema)
@blp.alt_response(409, schema=ErrorSchema)
def acknowledge(body: dict, slug: str, goal_id: int, checkin_id: int):
    """Acknowledge a check-in, optionally replying (the goal's mentor, or a reviewer on a
    goal not their own). Only the first acknowledgement counts: a second one is 409, as
    on the web, and its reply is not kept."""
    membership = team_membership(slug, Capability.OWN_GOALS)
    goal = _goal(slug, goal_id, membership)
    checkin = child_or_404(goal, CheckIn, checkin_id)
    if not may_acknowledge(membership, goal):
        abort(403)
    if not services.acknowledge(checkin, current_user, body["feedback"]):
        abort(409, message=str(ALREADY))
    db.session.commit()
    return checkin


def _checked_form(membership: Membership, goal: Goal | None, body: dict) -> GoalForm:
    """The goal form filled in with the goal (if any) and what was sent over it, validated
    by its own rules; its errors are a 422 under the API's field names."""
    given = form_data(goal) if goal is not None else {}
    given.pop("version", None)
    given.update((FORM_NAMES[name], value) for name, value in body.items())
    formdata = MultiDict((name, _as_typed(value)) for name, value in given.items())
    form = goal_form(membership, goal, formdata=formdata, meta={"csrf": False})
    if not form.validate():
        abort(422, messages={API_NAMES.get(name, name): e for name, e in form.errors.items()})
    return form


def _as_typed(value) -> str:
    """A value as a person would type it into the form."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _refuse_goal_conflict(current: Goal, sent: dict, version: int):
    """409 with what you sent and the goal as saved now, each with its version."""
    refuse_stale(
        GOAL_CONFLICT,
        (version, GoalWrite().dump(sent)),
        (current.version, GoalWrite().dump(current)),
    )


def _goal(slug: str, goal_id: int, membership=None) -> Goal:
    """A goal the person may see; someone else's private goal is simply not there (404)."""
    membership = membership or team_membership(slug, Capability.OWN_GOALS)
    return team_object_or_404(membership, Goal, goal_id, services.visible_to(membership))
