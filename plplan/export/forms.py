"""Choosing what a one-pager shows, and creating share links."""

from flask_babel import gettext
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
from plplan.formatting import lazy_gettext


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in mapping.items()]


class _OnePagerChoices:
    """Fields shared by the download options and share links."""

    plan = SelectField(lazy_gettext("Plan"), coerce=int)
    source = RadioField(lazy_gettext("Version"), choices=_choices(SOURCES), default="published")
    paper = RadioField(lazy_gettext("Paper"), choices=_choices(PAPERS), default="a4")
    sections = CheckboxesField(
        lazy_gettext("Sections"), choices=_choices(SECTIONS), default=list(DEFAULT_SECTIONS)
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
        lazy_gettext("Label"),
        validators=[Optional(), Length(max=80)],
        description=lazy_gettext("Who it is for, e.g. “Investors, Q1 update”."),
    )
    days = IntegerField(
        lazy_gettext("Expires after (days)"),
        validators=[
            Optional(),
            NumberRange(1, 365, lazy_gettext("Choose between 1 and 365 days.")),
        ],
        description=lazy_gettext("Leave empty for a link that works until you revoke it."),
    )

    def validate_sections(self, field) -> None:
        if not field.data:
            raise ValidationError(gettext("Choose at least one section to share."))
