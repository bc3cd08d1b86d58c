"""Team forms."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from plplan.models import Role

ROLE_CHOICES = [
    SelectChoice("member", "Member: reads the plan, comments, keeps their own goals"),
    SelectChoice("leader", "Leader: edits everything and manages the team"),
    SelectChoice("viewer", "Viewer: reads the published plan and the map"),
]


class RoleField(SelectField):
    """A select of the three roles; `.role` gives the chosen Role."""

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
