"""Forms of the KPIs module: a KPI's settings and a target from a period on."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from plplan.areadata import kpi_rules as rules
from plplan.formatting import lazy_gettext

UNIT_CHOICES = [
    SelectChoice("count", lazy_gettext("Count")),
    SelectChoice("percent", lazy_gettext("Percentage (%)")),
    SelectChoice("currency", lazy_gettext("Amount")),
]
DIRECTION_CHOICES = [
    SelectChoice("up", lazy_gettext("Higher is better")),
    SelectChoice("down", lazy_gettext("Lower is better")),
    SelectChoice("band", lazy_gettext("Stay within a band")),
]
CADENCE_CHOICES = [
    SelectChoice("weekly", lazy_gettext("Weekly")),
    SelectChoice("monthly", lazy_gettext("Monthly")),
    SelectChoice("quarterly", lazy_gettext("Quarterly")),
]


def _finite(form, field):
    if field.data is not None and not field.data.is_finite():
        raise ValidationError(gettext("Enter a finite number."))


_BAND = [
    Optional(),
    _finite,
    NumberRange(-rules.LIMIT, rules.LIMIT, lazy_gettext("Enter a sensible number.")),
]


class KpiForm(FlaskForm):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=120)])
    definition = TextAreaField(lazy_gettext("Definition"), validators=[Length(max=2000)])
    unit = SelectField(lazy_gettext("Unit"), choices=UNIT_CHOICES)
    direction = SelectField(lazy_gettext("Direction"), choices=DIRECTION_CHOICES)
    cadence = SelectField(lazy_gettext("Cadence"), choices=CADENCE_CHOICES)
    owner_id = SelectField(lazy_gettext("Owner"))
    band_low = DecimalField(lazy_gettext("Healthy band from"), places=None, validators=_BAND)
    band_high = DecimalField(lazy_gettext("Healthy band to"), places=None, validators=_BAND)
    link = SelectField(lazy_gettext("Moves this goal of the plan"))

    def validate_band_high(self, field):
        low, high = self.band_low.data, field.data
        if self.direction.data == "band" and (low is None or high is None):
            raise ValidationError(gettext("A band needs both ends."))
        if low is not None and high is not None and high < low:
            raise ValidationError(gettext("The band's end is below its start."))


class KpiTargetForm(FlaskForm):
    starts = SelectField(lazy_gettext("From"))
    value = StringField(
        lazy_gettext("Target"),
        validators=[Length(max=40)],
        description=lazy_gettext("Empty removes the target from then on."),
    )
