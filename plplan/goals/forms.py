"""Goal, check-in, acknowledgement, comment, closing, skill and settings forms."""

from datetime import date

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from plplan.authz import Capability
from plplan.formatting import format_number, lazy_gettext
from plplan.goals import services
from plplan.goals.seeds import DEFAULT_LEVELS
from plplan.goals.services import CheckInFields, GoalFields
from plplan.inputs import BoundedIntegerField, NumberField
from plplan.models import Area, Goal, GoalStatus, Membership, Outcome, Skill, Visibility
from plplan.people import contributors
from plplan.responsibilities.services import areas as responsibility_areas


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


LEVEL_CHOICES = [SelectChoice("", lazy_gettext("Not set"))] + [
    SelectChoice(str(n), f"{n} · {name}") for n, name in enumerate(DEFAULT_LEVELS, start=1)
]
CHECKIN_STATUSES = [
    SelectChoice(s.value, s.label)
    for s in (GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.OFF_TRACK, GoalStatus.NOT_STARTED)
]
CONFIDENCE_CHOICES = [
    SelectChoice("5", lazy_gettext("5 · Very confident")),
    SelectChoice("4", lazy_gettext("4 · Confident")),
    SelectChoice("3", lazy_gettext("3 · Unsure")),
    SelectChoice("2", lazy_gettext("2 · Worried")),
    SelectChoice("1", lazy_gettext("1 · Not confident")),
]


class GoalForm(FlaskForm):
    owner = SelectField(lazy_gettext("Whose goal"), coerce=_int_or_none)
    title = StringField(
        lazy_gettext("Goal"),
        validators=[DataRequired(lazy_gettext("Give the goal a short title.")), Length(max=160)],
        description=lazy_gettext(
            "What you want to grow, e.g. “Run customer interviews on my own”."
        ),
    )
    success = TextAreaField(
        lazy_gettext("What success looks like"),
        validators=[
            DataRequired(lazy_gettext("Say how you will know you got there.")),
            Length(max=4000),
        ],
        description=lazy_gettext(
            "Measurable if you can: what will be true, and how will you tell?"
        ),
    )
    skill = SelectField(lazy_gettext("Skill"), coerce=_int_or_none)
    level = SelectField(
        lazy_gettext("Level you are growing towards"), choices=LEVEL_CHOICES, coerce=_int_or_none
    )
    area = SelectField(
        lazy_gettext("Responsibility area"),
        coerce=_int_or_none,
        description=lazy_gettext(
            "Optional: the leadership area this goal prepares you to take on."
        ),
    )
    mentor = SelectField(
        lazy_gettext("Mentor"),
        coerce=_int_or_none,
        description=lazy_gettext("A teammate who gives you feedback. Optional."),
    )
    unit = StringField(
        lazy_gettext("Unit"),
        validators=[Optional(), Length(max=30)],
        description=lazy_gettext(
            "E.g. “interviews”. Leave the unit and numbers empty to track 0–100 %."
        ),
    )
    start_value = NumberField(lazy_gettext("Start value"), validators=[Optional()])
    target_value = NumberField(lazy_gettext("Target value"), validators=[Optional()])
    target_date = DateField(lazy_gettext("Target date"), validators=[Optional()])
    visibility = RadioField(
        lazy_gettext("Who can see it"),
        choices=[
            SelectChoice(Visibility.TEAM.value, lazy_gettext("The team")),
            SelectChoice(
                Visibility.PRIVATE.value,
                lazy_gettext("Private: me, my mentor and the team's leaders"),
            ),
        ],
        default=Visibility.TEAM.value,
    )
    version = BoundedIntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(
        self,
        people: list[Membership],
        skills: list[Skill],
        areas: list[Area],
        owner_id: int | None = None,
        kept_date: date | None = None,
        **kw,
    ):
        """Without `owner_id` the form offers a choice of owner (leaders creating a goal);
        with it, the owner is not offered as their own mentor. `kept_date` is the goal's
        target date, which may stay when it has passed."""
        super().__init__(**kw)
        self.owner_id = owner_id
        self.kept_date = kept_date
        self.owner.choices = [SelectChoice(m.user_id, m.user.display_name) for m in people]
        self.mentor.choices = [SelectChoice("", gettext("No mentor"))] + [
            choice for choice in self.owner.choices if choice.value != owner_id
        ]
        self.skill.choices = [SelectChoice(s.id, s.name) for s in skills]
        self.area.choices = [SelectChoice("", gettext("None"))] + [
            SelectChoice(a.id, a.name) for a in areas
        ]
        if owner_id is not None:
            del self.owner

    def optional_links(self) -> list:
        """The optional selects that tie the goal to the rest of the team."""
        return [self.level, self.area, self.mentor]

    def chosen_owner_id(self) -> int:
        return self.owner.data if "owner" in self else self.owner_id

    def validate_mentor(self, field) -> None:
        if field.data is not None and field.data == self.chosen_owner_id():
            raise ValidationError(gettext("Choose someone other than the goal's owner as mentor."))

    def validate_target_date(self, field) -> None:
        if field.data is not None and field.data != self.kept_date and field.data < date.today():
            raise ValidationError(
                gettext("The target date has passed: choose today or a later day.")
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problem = self._measure_problem()
        if problem:
            self.target_value.errors = [*self.target_value.errors, problem]
        return valid and not problem

    def _measure_problem(self) -> str | None:
        """A number goal needs a start and a target that differ; a 0–100 % goal needs neither."""
        start, target = self.start_value.data, self.target_value.data
        if self.unit.data and None in (start, target):
            return gettext("With a unit, give both a start and a target value.")
        if (start is None) != (target is None):
            return gettext("Give both a start and a target value, or neither for 0–100 %.")
        if start is not None and start == target:
            return gettext("The target must differ from the start.")
        return None

    def fields(self) -> GoalFields:
        return GoalFields(
            title=self.title.data,
            success=self.success.data,
            skill_id=self.skill.data,
            level=self.level.data,
            area_id=self.area.data,
            mentor_id=self.mentor.data,
            unit=self.unit.data or "",
            start_value=self.start_value.data,
            target_value=self.target_value.data,
            target_date=self.target_date.data,
            visibility=self.visibility.data,
        )


def goal_form(
    membership: Membership, goal: Goal | None = None, choose_owner: bool = False, **kw
) -> GoalForm:
    """The goal form as `membership` fills it in: editing `goal`, or a new goal of their
    own (of anyone in the team with `choose_owner`: leaders on the web)."""
    team = membership.team
    skills = services.skills(team)
    if goal is not None and goal.skill is not None and goal.skill not in skills:
        skills.append(goal.skill)  # an archived skill stays selectable on its goals
    if goal is not None:
        owner_id = goal.owner_id
    elif choose_owner:
        owner_id = None  # the form offers a choice
    else:
        owner_id = membership.user_id
    areas = responsibility_areas(team)
    if goal is not None and goal.area is not None and goal.area not in areas:
        areas.append(goal.area)  # an archived area stays selectable on its goals
    kept_date = goal.target_date if goal is not None else None
    return GoalForm(
        contributors(team, Capability.OWN_GOALS), skills, areas, owner_id, kept_date, **kw
    )


def form_data(goal: Goal) -> dict:
    """The goal in the shape of GoalForm's fields."""
    return {
        "title": goal.title,
        "success": goal.success,
        "skill": goal.skill_id,
        "level": goal.level,
        "area": goal.area_id,
        "mentor": goal.mentor_id,
        "unit": goal.unit,
        "start_value": goal.start_value,
        "target_value": goal.target_value,
        "target_date": goal.target_date,
        "visibility": goal.visibility,
        "version": goal.version,
    }


class CheckInForm(FlaskForm):
    value = NumberField(
        lazy_gettext("New value"),
        validators=[InputRequired(lazy_gettext("Enter where you are now."))],
    )
    progress = IntegerField(
        lazy_gettext("Progress (%)"),
        validators=[
            InputRequired(lazy_gettext("Enter your progress from 0 to 100.")),
            NumberRange(0, 100, lazy_gettext("Progress is between 0 and 100.")),
        ],
    )
    status = SelectField(lazy_gettext("Status"), choices=CHECKIN_STATUSES)
    confidence = SelectField(lazy_gettext("Confidence"), choices=CONFIDENCE_CHOICES, default="4")
    happened = TextAreaField(
        lazy_gettext("What happened"),
        validators=[
            DataRequired(lazy_gettext("Tell your mentor what happened since last time.")),
            Length(max=4000),
        ],
    )
    blockers = TextAreaField(lazy_gettext("Blockers"), validators=[Length(max=4000)])
    next_step = TextAreaField(lazy_gettext("Next step"), validators=[Length(max=4000)])

    def __init__(self, goal: Goal, **kw):
        """Fields are prefixed with the goal, so several goals' forms can share a page."""
        super().__init__(prefix=f"goal{goal.id}", **kw)
        self.goal = goal
        del self[("progress" if goal.is_numeric else "value")]

    @classmethod
    def for_goal(cls, goal: Goal) -> "CheckInForm":
        """A blank check-in that starts from where the goal is now: only what moved changes,
        confidence included."""
        status = goal.status if goal.is_open else None
        confidence = str(goal.last_confidence) if goal.last_confidence else None
        return cls(
            goal,
            formdata=None,
            data={
                "value": goal.current_value,
                "progress": goal.progress,
                "status": status,
                "confidence": confidence or "4",
            },
        )

    def validate_value(self, field) -> None:
        """A value behind the start is a slip (a sign, a digit): refused. Past the target is
        allowed, since people do overshoot (the form asks for a second look)."""
        start, target = self.goal.start_value, self.goal.target_value
        if None in (field.data, start) or field.errors:
            return
        if (field.data < start) if target >= start else (field.data > start):
            raise ValidationError(
                gettext(
                    "Enter a value from the start (%(start)s) towards the target (%(target)s).",
                    start=format_number(start),
                    target=format_number(target),
                )
            )

    def past_target(self, goal: Goal) -> bool:
        """The value entered (or the current one) lies beyond the target: allowed, since
        people do overshoot, but worth a second look for a typo."""
        value = self.value.data if "value" in self else None
        if None in (value, goal.start_value, goal.target_value):
            return False
        if goal.target_value >= goal.start_value:
            return value > goal.target_value
        return value < goal.target_value

    def fields(self) -> CheckInFields:
        return CheckInFields(
            status=self.status.data,
            confidence=int(self.confidence.data),
            happened=self.happened.data,
            blockers=self.blockers.data or "",
            next_step=self.next_step.data or "",
            value=self.value.data if "value" in self else None,
            progress=self.progress.data if "progress" in self else None,
        )


class AcknowledgeForm(FlaskForm):
    feedback = TextAreaField(
        lazy_gettext("Your feedback"),
        validators=[Length(max=4000)],
        description=lazy_gettext("Optional: a reply to the owner."),
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        lazy_gettext("Comment"),
        validators=[DataRequired(lazy_gettext("Write a comment first.")), Length(max=4000)],
    )


class CloseForm(FlaskForm):
    status = RadioField(
        lazy_gettext("Close as"),
        choices=[
            SelectChoice(GoalStatus.DONE.value, lazy_gettext("Done")),
            SelectChoice(GoalStatus.DROPPED.value, lazy_gettext("Dropped")),
        ],
        default=GoalStatus.DONE.value,
    )
    outcome = RadioField(
        lazy_gettext("Outcome"),
        choices=[
            SelectChoice(Outcome.ACHIEVED.value, lazy_gettext("Achieved")),
            SelectChoice(Outcome.PARTLY.value, lazy_gettext("Partly achieved")),
            SelectChoice(Outcome.MISSED.value, lazy_gettext("Missed")),
        ],
        validators=[InputRequired(lazy_gettext("Choose how it ended."))],
    )
    learned = TextAreaField(
        lazy_gettext("What was learned"),
        validators=[
            DataRequired(lazy_gettext("Note what you learned, even briefly.")),
            Length(max=4000),
        ],
    )


class SkillForm(FlaskForm):
    name = StringField(
        lazy_gettext("Skill name"),
        validators=[DataRequired(lazy_gettext("Name the skill.")), Length(max=60)],
    )
    levels = TextAreaField(
        lazy_gettext("Levels"),
        validators=[Length(max=2000)],
        description=lazy_gettext(
            "One level per line, lowest first, e.g. “Learning” … “Teaching others”."
        ),
    )


class SettingsForm(FlaskForm):
    goal_stale_days = IntegerField(
        lazy_gettext("Ask for a check-in after (days)"),
        validators=[
            InputRequired(lazy_gettext("Enter a number of days.")),
            NumberRange(1, 365, lazy_gettext("Choose between 1 and 365 days.")),
        ],
        description=lazy_gettext(
            "Open goals without a check-in for this long are flagged as stale."
        ),
    )
