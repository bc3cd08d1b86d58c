"""Goals, their check-ins and acknowledgements, and the team's skills (read); a check-in
(write) through the goals' own service and object rules, as on the goal page."""

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort

from plplan.api.auth import api_blueprint, team_membership
from plplan.api.errors import ErrorSchema
from plplan.api.paging import SelectPage
from plplan.authz import Capability, may_acknowledge, may_edit_goal
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.goals import services
from plplan.goals.forms import CHECKIN_STATUSES
from plplan.lookup import child_or_404, team_object_or_404
from plplan.models import CheckIn, Goal, GoalStatus, Skill

blp = api_blueprint("api_goals", __name__, "Goals, check-ins, acknowledgements and skills.")

STATUSES = [status.value for status in GoalStatus]
CHECKIN_STATUS_VALUES = [choice.value for choice in CHECKIN_STATUSES]
MEASURE_NEEDED = lazy_gettext("This goal is measured: send `value` (for others, `progress`).")
ALREADY = lazy_gettext("Someone acknowledged this check-in meanwhile: your reply was not sent.")


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
    area_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(required=True)
    visibility = ma.fields.String(required=True)
    progress = ma.fields.Integer(required=True)
    start_value = ma.fields.Float(allow_none=True)
    target_value = ma.fields.Float(allow_none=True)
    current_value = ma.fields.Float(allow_none=True)
    unit = ma.fields.String(required=True)
    target_date = ma.fields.Date(allow_none=True)
    created_at = ma.fields.DateTime(required=True)


class GoalQuery(ma.Schema):
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    owner_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))


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


@blp.get("/teams/<slug>/goals")
@blp.arguments(GoalQuery, location="query", as_kwargs=True)
@blp.response(200, GoalSchema(many=True))
@blp.paginate(SelectPage)
def list_goals(slug: str, status=None, owner_id=None):
    """The goals the person may see (private ones: owner, mentor and reviewers)."""
    membership = team_membership(slug, Capability.OWN_GOALS)
    query = sa.select(Goal).where(services.visible_to(membership))
    if status is not None:
        query = query.where(Goal.status == status)
    if owner_id is not None:
        query = query.where(Goal.owner_id == owner_id)
    return query.order_by(Goal.created_at.desc(), Goal.id.desc())


@blp.get("/teams/<slug>/goals/<int:goal_id>")
@blp.response(200, GoalSchema)
def get_goal(slug: str, goal_id: int):
    return _goal(slug, goal_id)


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


def _goal(slug: str, goal_id: int, membership=None) -> Goal:
    """A goal the person may see; someone else's private goal is simply not there (404)."""
    membership = membership or team_membership(slug, Capability.OWN_GOALS)
    return team_object_or_404(membership, Goal, goal_id, services.visible_to(membership))
