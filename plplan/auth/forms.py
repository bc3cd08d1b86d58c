"""Account forms; uniqueness and password rules live here, next to the fields."""

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from plplan.extensions import db
from plplan.models import User

PASSWORD_HINT = "At least 10 characters. A few random words make a strong one."


def _password(label: str = "Password") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired("Choose a password."),
            Length(min=10, max=200, message="Use at least 10 characters (and at most 200)."),
        ],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = _password()

    def validate_email(self, field) -> None:
        taken = db.session.scalar(
            sa.select(User.id).where(User.email == User.normalize_email(field.data))
        )
        if taken:
            raise ValidationError("An account with this email already exists. Log in instead?")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField("Keep me signed in on this device")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _password("New password")


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False)],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(FlaskForm):
    password = _password("New password")


class ProfileForm(FlaskForm):
    display_name = StringField("Your name", validators=[DataRequired(), Length(max=80)])
