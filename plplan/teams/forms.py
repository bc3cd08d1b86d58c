"""Team forms."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from plplan.activity import MODULES, LogCriteria
from plplan.filters import QueryFilter, id_or_none
from plplan.models import Membership, Role

# Every role a person can be given: its value, its name, what it may do.
ROLES = [
    ("member", "Member", "reads the plan, comments, keeps their own goals"),
    ("leader", "Leader", "edits everything and manages the team"),
    ("viewer", "Viewer", "reads the published plan and the map"),
]
ROLE_CHOICES = [SelectChoice(value, f"{name}: {what}") for value, name, what in ROLES]


class RoleField(SelectField):
    """A select of the roles; `.role` gives the chosen Role. `names` are the roles' short
    names, for the compact select beside each person."""

    names = [(value, name) for value, name, _ in ROLES]

    def __init__(self, label="Role", **kwargs):
        super().__init__(label, choices=ROLE_CHOICES, **kwargs)

    @property
    def role(self) -> Role:
        return Role[self.data.upper()]


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        validators=[DataRequired(), Length(max=80)],
        description="For example “Checkout” or “Growth platform”.",
    )


class InvitationForm(FlaskForm):
    role = RoleField()
    days = IntegerField(
        "Link valid for (days)",
        default=7,
        validators=[
            DataRequired("Say how many days the link stays valid."),
            NumberRange(1, 30, "Choose between 1 and 30 days."),
        ],
    )


class RoleForm(FlaskForm):
    role = RoleField("New role")


class ActivityFilter(QueryFilter):
    """The activity log's filters: module, person and a range of days."""

    module = SelectField(
        "Module",
        choices=[SelectChoice("", "All modules")]
        + [SelectChoice(key, label) for key, (label, _) in MODULES.items()],
    )
    person = SelectField("Person", coerce=id_or_none)
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def __init__(self, formdata, people: list[Membership]):
        super().__init__(formdata)
        self.person.choices = [SelectChoice("", "Everyone")] + [
            SelectChoice(m.user_id, m.user.display_name) for m in people
        ]

    def criteria(self) -> LogCriteria:
        return LogCriteria(
            self.value("module"), self.value("person"), self.value("since"), self.value("until")
        )
