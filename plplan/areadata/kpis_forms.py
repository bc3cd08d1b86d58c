"""Forms of the KPIs module: a KPI's settings and a target from a period on."""

from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from plplan.areadata import kpi_rules as rules

UNIT_CHOICES = [
    SelectChoice("count", "Count"),
    SelectChoice("percent", "Percentage (%)"),
    SelectChoice("currency", "Amount"),
]
DIRECTION_CHOICES = [
    SelectChoice("up", "Higher is better"),
    SelectChoice("down", "Lower is better"),
    SelectChoice("band", "Stay within a band"),
]
CADENCE_CHOICES = [
    SelectChoice("weekly", "Weekly"),
    SelectChoice("monthly", "Monthly"),
    SelectChoice("quarterly", "Quarterly"),
]


def _finite(form, field):
    if field.data is not None and not field.data.is_finite():
        raise ValidationError("Enter a finite number.")


_BAND = [Optional(), _finite, NumberRange(-rules.LIMIT, rules.LIMIT, "Enter a sensible number.")]


class KpiForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    definition = TextAreaField("Definition", validators=[Length(max=2000)])
    unit = SelectField("Unit", choices=UNIT_CHOICES)
    direction = SelectField("Direction", choices=DIRECTION_CHOICES)
    cadence = SelectField("Cadence", choices=CADENCE_CHOICES)
    owner_id = SelectField("Owner")
    band_low = DecimalField("Healthy band from", places=None, validators=_BAND)
    band_high = DecimalField("Healthy band to", places=None, validators=_BAND)
    link = SelectField("Moves this goal of the plan")

    def validate_band_high(self, field):
        low, high = self.band_low.data, field.data
        if self.direction.data == "band" and (low is None or high is None):
            raise ValidationError("A band needs both ends.")
        if low is not None and high is not None and high < low:
            raise ValidationError("The band's end is below its start.")


class KpiTargetForm(FlaskForm):
    starts = SelectField("From")
    value = StringField(
        "Target", validators=[Length(max=40)], description="Empty removes the target from then on."
    )
