"""The profile's notification choices: one select per kind of event."""

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from plplan.models import Delivery
from plplan.notifications.events import KINDS

DELIVERY_CHOICES = [
    SelectChoice(Delivery.IN_APP.value, lazy_gettext("In the inbox only")),
    SelectChoice(Delivery.EMAIL.value, lazy_gettext("In the inbox and by email at once")),
    SelectChoice(Delivery.OFF.value, lazy_gettext("Off")),
]


def preferences_form(current: dict[str, Delivery], **kwargs) -> FlaskForm:
    """A form with a select per kind, showing `current`; unknown values fail validation."""

    class PreferencesForm(FlaskForm):
        pass

    for key, kind in KINDS.items():
        setattr(
            PreferencesForm,
            key,
            SelectField(kind.label, choices=DELIVERY_CHOICES, default=current[key].value),
        )
    return PreferencesForm(prefix="notify", **kwargs)
