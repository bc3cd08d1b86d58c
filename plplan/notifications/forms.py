"""The profile's notification choices: one select per kind of event; the digest's schedule."""

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, ValidationError
from wtforms.validators import InputRequired, NumberRange

from plplan.models import Delivery
from plplan.notifications.events import KINDS
from plplan.notifications.schedule import FREQUENCY_CHOICES, SATURDAY

DELIVERY_CHOICES = [
    SelectChoice(Delivery.IN_APP.value, lazy_gettext("In the inbox only")),
    SelectChoice(Delivery.EMAIL.value, lazy_gettext("In the inbox and by email at once")),
    SelectChoice(Delivery.DIGEST.value, lazy_gettext("In the inbox and in the digest")),
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


def _day_number(value) -> int:
    """The weekday sent, or -1 for anything that is not a number (the validator says so)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


WEEKDAYS = [
    lazy_gettext("Monday"),
    lazy_gettext("Tuesday"),
    lazy_gettext("Wednesday"),
    lazy_gettext("Thursday"),
    lazy_gettext("Friday"),
    lazy_gettext("Saturday"),
    lazy_gettext("Sunday"),
]


def _a_weekday(form, field) -> None:
    if field.data not in range(len(WEEKDAYS)):
        raise ValidationError(lazy_gettext("Choose a day from Monday to Sunday."))
    if form.working_days_only.data and field.data >= SATURDAY:
        raise ValidationError(
            lazy_gettext("With working days only, choose a day from Monday to Friday.")
        )


class DigestForm(FlaskForm):
    """When the digest comes (in the person's time zone) and whether reminders skip weekends."""

    frequency = SelectField(lazy_gettext("Digest"), choices=FREQUENCY_CHOICES)
    weekday = SelectField(
        lazy_gettext("Day of a weekly digest"),
        choices=[SelectChoice(day, name) for day, name in enumerate(WEEKDAYS)],
        coerce=_day_number,
        validate_choice=False,  # _a_weekday says what is wrong
        validators=[_a_weekday],
    )
    hour = IntegerField(
        lazy_gettext("Hour it comes"),
        validators=[
            InputRequired(lazy_gettext("Choose an hour from 0 to 23.")),
            NumberRange(0, 23, lazy_gettext("Choose an hour from 0 to 23.")),
        ],
        description=lazy_gettext("0 to 23, in your time zone. Reminders come with it."),
        render_kw={"min": 0, "max": 23, "inputmode": "numeric"},
    )
    working_days_only = BooleanField(
        lazy_gettext("Working days only: no reminders or digest on Saturday and Sunday")
    )

    def __init__(self, user, **kwargs):
        super().__init__(
            prefix="digest",
            frequency=user.digest_frequency,
            weekday=user.digest_weekday,
            hour=user.digest_hour,
            working_days_only=user.working_days_only,
            **kwargs,
        )

    def save(self, user) -> None:
        user.digest_frequency = self.frequency.data
        user.digest_weekday = self.weekday.data
        user.digest_hour = self.hour.data
        user.working_days_only = self.working_days_only.data
