"""Choosing what a one-pager shows, and creating share links."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from plplan.export.content import DEFAULT_SECTIONS, PAPERS, SECTIONS
from plplan.export.services import SOURCES


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in mapping.items()]


class _OnePagerChoices:
    """Fields shared by the download options and share links."""

    plan = SelectField("Plan", coerce=int)
    source = RadioField("Version", choices=_choices(SOURCES), default="published")
    paper = RadioField("Paper", choices=_choices(PAPERS), default="a4")
    sections = CheckboxesField(
        "Sections", choices=_choices(SECTIONS), default=list(DEFAULT_SECTIONS)
    )

    def offer_plans(self, plans) -> None:
        self.plan.choices = [SelectChoice(p.id, p.name) for p in plans]


class OnePagerOptionsForm(_OnePagerChoices, FlaskForm):
    """Read from the query string (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    # Present when the form was submitted, so that unticking every section is not "default".
    chosen = HiddenField(default="1")


class ShareLinkForm(_OnePagerChoices, FlaskForm):
    label = StringField(
        "Label",
        validators=[Optional(), Length(max=80)],
        description="Who it is for, e.g. “Investors, Q1 update”.",
    )
    days = IntegerField(
        "Expires after (days)",
        validators=[Optional(), NumberRange(1, 365, "Choose between 1 and 365 days.")],
        description="Leave empty for a link that works until you revoke it.",
    )

    def validate_sections(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one section to share.")
