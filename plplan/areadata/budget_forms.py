"""Forms of the budget module."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from plplan.areadata.money import AmountError, parse_amount
from plplan.formatting import lazy_gettext

PER = [
    SelectChoice("month", lazy_gettext("per month")),
    SelectChoice("quarter", lazy_gettext("per quarter (spread over its months)")),
    SelectChoice("year", lazy_gettext("for the year (spread over the months)")),
]


class LineForm(FlaskForm):
    name = StringField(
        lazy_gettext("Line"),
        validators=[DataRequired(lazy_gettext("Name the line.")), Length(max=80)],
    )
    category = StringField(lazy_gettext("Category"), validators=[Length(max=60)])
    owner = SelectField(lazy_gettext("Owner"), coerce=lambda v: int(v) if v else None)
    pillar = SelectField(lazy_gettext("Strategy pillar"), coerce=lambda v: int(v) if v else None)
    amount = StringField(
        lazy_gettext("Planned amount"), description=lazy_gettext("For example 1,250.00")
    )
    per = SelectField(lazy_gettext("Planned"), choices=PER)

    def __init__(self, currency: str, owners, pillars: dict[int, str], **kwargs):
        super().__init__(**kwargs)
        self.currency = currency
        self.owner.choices = [SelectChoice("", gettext("The area's Accountable"))] + [
            SelectChoice(m.user_id, m.user.display_name) for m in owners
        ]
        self.pillar.choices = [SelectChoice("", gettext("None"))] + [
            SelectChoice(pid, title) for pid, title in pillars.items()
        ]
        self.minor = 0

    def validate_amount(self, field):
        try:
            self.minor = parse_amount(field.data or "", self.currency) or 0
        except AmountError as error:
            raise ValidationError(str(error)) from None


class ExplanationForm(FlaskForm):
    driver = TextAreaField(
        lazy_gettext("What drives the variance"),
        validators=[DataRequired(lazy_gettext("Say what drives it.")), Length(max=500)],
    )
    action = TextAreaField(lazy_gettext("What we do about it"), validators=[Length(max=500)])


class UploadForm(FlaskForm):
    file = FileField(lazy_gettext("CSV file"), validators=[FileRequired("Choose a CSV file.")])


class ConfirmUploadForm(FlaskForm):
    csv_text = TextAreaField(lazy_gettext("CSV"), validators=[DataRequired(), Length(max=200_000)])
    versions = HiddenField()  # Upload.versions at the preview
