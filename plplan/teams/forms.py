"""Team forms."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from plplan.activity import MODULES, LogCriteria
from plplan.filters import QueryFilter, id_or_none
from plplan.formatting import lazy_gettext
from plplan.models import Membership, Role
from plplan.teams.services import INVITATION_DAYS

# Every role a person can be given: its value, its name, and its name with what it may do.
ROLES = [
    (
        "member",
        lazy_gettext("Member"),
        lazy_gettext("Member: reads the plan, comments, keeps their own goals"),
    ),
    (
        "leader",
        lazy_gettext("Leader"),
        lazy_gettext("Leader: edits everything and manages the team"),
    ),
    (
        "viewer",
        lazy_gettext("Viewer"),
        lazy_gettext("Viewer: reads the published plan and the map"),
    ),
]
ROLE = lazy_gettext("Role")
ROLE_CHOICES = [SelectChoice(value, described) for value, _, described in ROLES]


class RoleField(SelectField):
    """A select of the roles; `.role` gives the chosen Role. `names` are the roles' short
    names, for the compact select beside each person."""

    names = [(value, name) for value, name, _ in ROLES]

    def __init__(self, label=ROLE, **kwargs):
        super().__init__(label, choices=ROLE_CHOICES, **kwargs)

    @property
    def role(self) -> Role:
        return Role[self.data.upper()]


class TeamForm(FlaskForm):
    name = StringField(
        lazy_gettext("Team name"),
        validators=[DataRequired(), Length(max=80)],
        description=lazy_gettext("For example “Checkout” or “Growth platform”."),
    )


class InvitationForm(FlaskForm):
    role = RoleField()
    days = IntegerField(
        lazy_gettext("Link valid for (days)"),
        default=INVITATION_DAYS,
        validators=[
            DataRequired(lazy_gettext("Say how many days the link stays valid.")),
            NumberRange(1, 30, lazy_gettext("Choose between 1 and 30 days.")),
        ],
    )


class RoleForm(FlaskForm):
    role = RoleField(lazy_gettext("New role"))


class ActivityFilter(QueryFilter):
    """The activity log's filters: module, person and a range of days."""

    module = SelectField(
        lazy_gettext("Module"),
        choices=[SelectChoice("", lazy_gettext("All modules"))]
        + [SelectChoice(key, label) for key, (label, _) in MODULES.items()],
    )
    person = SelectField(lazy_gettext("Person"), coerce=id_or_none)
    since = DateField(lazy_gettext("From"), validators=[Optional()])
    until = DateField(lazy_gettext("To"), validators=[Optional()])

    def __init__(self, formdata, people: list[Membership]):
        super().__init__(formdata)
        self.person.choices = [SelectChoice("", gettext("Everyone"))] + [
            SelectChoice(m.user_id, m.user.display_name) for m in people
        ]

    def criteria(self) -> LogCriteria:
        return LogCriteria(
            self.value("module"), self.value("person"), self.value("since"), self.value("until")
        )
