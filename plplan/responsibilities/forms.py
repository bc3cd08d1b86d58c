"""Forms of the responsibility map."""

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

from plplan.inputs import BoundedIntegerField
from plplan.models import Raci

ROLE_CHOICES = [SelectChoice("", "No role")] + [
    SelectChoice(role.value, f"{role.value}: {role.label}") for role in Raci
]


class CellForm(FlaskForm):
    """One cell of the grid; an empty role clears it."""

    member_id = BoundedIntegerField("Person", validators=[DataRequired()])
    role = SelectField("Role", choices=ROLE_CHOICES)
    move = BooleanField("Move accountability from its current holder")
    from_area = BooleanField("Sent from the area page: go back there")

    @property
    def raci(self) -> Raci | None:
        return Raci(self.role.data) if self.role.data else None


class NewAreaForm(FlaskForm):
    name = StringField(
        "Name of the new area",
        validators=[DataRequired("Give the area a name."), Length(max=80)],
        description="For example “Pricing” or “Developer relations”.",
    )


class AreaForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the area a name."), Length(max=80)])
    purpose = TextAreaField(
        "Purpose", validators=[Length(max=2000)], description="Why the area exists. Markdown."
    )
    duties = TextAreaField(
        "Typical duties", validators=[Length(max=2000)], description="One per line, as a list."
    )
    decisions = TextAreaField(
        "Decisions it owns", validators=[Length(max=2000)], description="What gets decided here."
    )


class MoveAreaForm(FlaskForm):
    direction = SelectField(
        "Direction", choices=[SelectChoice("up", "Up"), SelectChoice("down", "Down")]
    )

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ThresholdForm(FlaskForm):
    load_threshold = IntegerField(
        "Load threshold",
        validators=[
            DataRequired("Give a whole number from 1 to 50."),
            NumberRange(1, 50, "Give a whole number from 1 to 50."),
        ],
        description="A person whose load (A counts 2, R counts 1) is above this is overloaded.",
    )
