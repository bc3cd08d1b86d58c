"""The profile's API tokens page: make one (its secret shown once), see them, revoke one.

The new secret goes from the POST to the page through the session once and is popped on
the first view, so a reload (or the back button) never shows it again.
"""

from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from plplan.api.auth import create_token, revoke_token, tokens_of
from plplan.extensions import db
from plplan.formatting import lazy_gettext, today, viewer_zone
from plplan.htmx import render
from plplan.models import Membership, Team

bp = Blueprint("api_tokens", __name__, url_prefix="/auth/profile/tokens")

NEW_SECRET = "api_token_secret"


def _future(form, field) -> None:
    if field.data is not None and field.data <= today():
        raise ValidationError(lazy_gettext("Choose a day after today, or leave it empty."))


class TokenForm(FlaskForm):
    name = StringField(
        lazy_gettext("Name"),
        validators=[
            DataRequired(lazy_gettext("Name the token after what will use it.")),
            Length(max=80, message=lazy_gettext("Keep it under 80 characters.")),
        ],
    )
    team = SelectField(lazy_gettext("Teams it reaches"), coerce=int)
    access = RadioField(
        lazy_gettext("Access"),
        choices=[
            SelectChoice("read", lazy_gettext("Read only")),
            SelectChoice("write", lazy_gettext("Read and write (as far as your role allows)")),
        ],
        default="read",
    )
    expires = DateField(lazy_gettext("Expires on (optional)"), validators=[Optional(), _future])


class RevokeForm(FlaskForm):
    """Only the CSRF token: which token is in the URL."""


def _token_form() -> TokenForm:
    form = TokenForm()
    teams = db.session.scalars(
        sa.select(Team)
        .join(Membership)
        .where(Membership.user_id == current_user.id)
        .order_by(Team.name)
    )
    form.team.choices = [SelectChoice(0, gettext("All my teams"))] + [
        SelectChoice(t.id, t.name) for t in teams
    ]
    return form


@bp.get("")
@login_required
def tokens():
    return _page(_token_form(), secret=session.pop(NEW_SECRET, None))


@bp.post("")
@login_required
def create():
    form = _token_form()
    if not form.validate_on_submit():
        return _page(form, status=422)
    team = db.session.get(Team, form.team.data) if form.team.data else None
    expires_at = None
    if form.expires.data:  # the end of that day where the person lives
        end = datetime.combine(form.expires.data, time.max, tzinfo=viewer_zone())
        expires_at = end.astimezone(UTC)
    _, secret = create_token(
        current_user, form.name.data.strip(), team, form.access.data == "read", expires_at
    )
    db.session.commit()
    session[NEW_SECRET] = secret
    return redirect(url_for("api_tokens.tokens"), 303)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    if RevokeForm().validate_on_submit() and revoke_token(current_user, token_id):
        db.session.commit()
        flash(gettext("Token revoked: it no longer works."), "success")
    return redirect(url_for("api_tokens.tokens"), 303)


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    return render(
        "api/tokens.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=tokens_of(current_user),
        secret=secret,
        now=datetime.now(UTC),
        status=status,
    )
