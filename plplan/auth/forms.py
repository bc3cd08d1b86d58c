"""Account forms; uniqueness and password rules live here, next to the fields."""

import sqlalchemy as sa
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from plplan.extensions import db
from plplan.formatting import lazy_gettext, zone_named
from plplan.models import User
from plplan.passwords import is_guessable

PASSWORD_HINT = lazy_gettext("At least 10 characters. A few random words make a strong one.")
GUESSABLE = lazy_gettext(
    "This password is among the most common ones (or is your email), so it is guessed first. "
    "Choose another."
)
UNKNOWN_ZONE = lazy_gettext(
    "That is not a time zone we know. Pick one from the list, like Europe/Berlin."
)
# Any password field refuses more than this before it is hashed: hashing a huge one is slow.
PASSWORD_MAX = 1024


def _not_guessable(form, field) -> None:
    if is_guessable(field.data or "", form.account_email()):
        raise ValidationError(GUESSABLE)


def _password(label: str = lazy_gettext("Password")) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(lazy_gettext("Choose a password.")),
            Length(
                min=10,
                max=200,
                message=lazy_gettext("Use at least 10 characters (and at most 200)."),
            ),
            _not_guessable,
        ],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )


def _browser_zone() -> HiddenField:
    """The browser's IANA time zone, filled in by app.js as the form is sent (empty without JS)."""
    return HiddenField(render_kw={"data-browser-zone": ""})


def _known_zone(form, field) -> None:
    if zone_named(field.data.strip()) is None:
        raise ValidationError(UNKNOWN_ZONE)


def _existing_password(label: str, autocomplete: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(
                max=PASSWORD_MAX,
                message=lazy_gettext("Passwords are at most %(max)d characters.", max=PASSWORD_MAX),
            ),
        ],
        render_kw={"autocomplete": autocomplete},
    )


class NewPasswordForm(FlaskForm):
    """A form choosing the password of the account with `account_email`."""

    def __init__(self, *args, account_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._account_email = account_email

    def account_email(self) -> str:
        return self._account_email


class RegisterForm(NewPasswordForm):
    display_name = StringField(
        lazy_gettext("Your name"),
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        lazy_gettext("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = _password()
    browser_zone = _browser_zone()

    def account_email(self) -> str:
        return self.email.data or ""

    def validate_email(self, field) -> None:
        taken = db.session.scalar(
            sa.select(User.id).where(User.email == User.normalize_email(field.data))
        )
        if taken:
            raise ValidationError(
                gettext("An account with this email already exists. Log in instead?")
            )


class LoginForm(FlaskForm):
    email = EmailField(
        lazy_gettext("Email"), validators=[DataRequired()], render_kw={"autocomplete": "username"}
    )
    password = _existing_password(lazy_gettext("Password"), "current-password")
    remember = BooleanField(lazy_gettext("Keep me signed in on this device"))
    browser_zone = _browser_zone()


class ChangePasswordForm(NewPasswordForm):
    current_password = _existing_password(lazy_gettext("Current password"), "current-password")
    new_password = _password(lazy_gettext("New password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(
        lazy_gettext("Email"),
        validators=[DataRequired(), Email(check_deliverability=False)],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(NewPasswordForm):
    password = _password(lazy_gettext("New password"))


class ProfileForm(FlaskForm):
    display_name = StringField(
        lazy_gettext("Your name"), validators=[DataRequired(), Length(max=80)]
    )
    time_zone = StringField(
        lazy_gettext("Time zone"),
        validators=[Optional(), _known_zone],
        description=lazy_gettext(
            "Every date and time is shown in it. Type a city, like Europe/Berlin."
        ),
        render_kw={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"},
    )
