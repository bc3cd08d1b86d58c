"""Forms of the responsibility map."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from plplan.formatting import lazy_gettext
from plplan.inputs import BoundedIntegerField
from plplan.models import Area, Raci, Team
from plplan.responsibilities import services

ROLE_CHOICES = [SelectChoice("", lazy_gettext("No role"))] + [
    SelectChoice(role.value, f"{role.value}: {role.label}") for role in Raci
]


class CellForm(FlaskForm):
    """One cell of the grid; an empty role clears it."""

    member_id = BoundedIntegerField(lazy_gettext("Person"), validators=[DataRequired()])
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES)
    move = BooleanField(lazy_gettext("Move accountability from its current holder"))
    from_area = BooleanField(lazy_gettext("Sent from the area page: go back there"))

    @property
    def raci(self) -> Raci | None:
        return Raci(self.role.data) if self.role.data else None


class NewAreaForm(FlaskForm):
    name = StringField(
        lazy_gettext("Name of the new area"),
        validators=[DataRequired(lazy_gettext("Give the area a name.")), Length(max=80)],
        description=lazy_gettext("For example “Pricing” or “Developer relations”."),
    )


class AreaForm(FlaskForm):
    name = StringField(
        lazy_gettext("Name"),
        validators=[DataRequired(lazy_gettext("Give the area a name.")), Length(max=80)],
    )
    purpose = TextAreaField(
        lazy_gettext("Purpose"),
        validators=[Length(max=2000)],
        description=lazy_gettext("Why the area exists. Markdown."),
    )
    duties = TextAreaField(
        lazy_gettext("Typical duties"),
        validators=[Length(max=2000)],
        description=lazy_gettext("One per line, as a list."),
    )
    decisions = TextAreaField(
        lazy_gettext("Decisions it owns"),
        validators=[Length(max=2000)],
        description=lazy_gettext("What gets decided here."),
    )


def name_is_free(form, team: Team, area: Area | None = None) -> bool:
    """No other active area of the team has the (valid) form's name; else its field says so."""
    if services.name_taken(team, form.name.data, area):
        say_name_taken(form)
        return False
    return True


def say_name_taken(form) -> None:
    form.name.errors = [gettext("There is already an area called “%(name)s”.", name=form.name.data)]


class MoveAreaForm(FlaskForm):
    direction = SelectField(
        lazy_gettext("Direction"),
        choices=[
            SelectChoice("up", lazy_gettext("Up")),
            SelectChoice("down", lazy_gettext("Down")),
        ],
    )

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ThresholdForm(FlaskForm):
    load_threshold = IntegerField(
        lazy_gettext("Load threshold"),
        validators=[
            DataRequired(lazy_gettext("Give a whole number from 1 to 50.")),
            NumberRange(1, 50, lazy_gettext("Give a whole number from 1 to 50.")),
        ],
        description=lazy_gettext(
            "A person whose load (A counts 2, R counts 1) is above this is overloaded."
        ),
    )
