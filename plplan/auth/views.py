"""Register, log in and out, passwords and profile."""

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from plplan.auth import services
from plplan.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from plplan.auth.reset_mail import queue_reset_mail
from plplan.demo_people import DEMO_PASSWORD, demo_logins
from plplan.extensions import db, limiter
from plplan.formatting import lazy_gettext, time_zone_names
from plplan.htmx import hx_redirect, render
from plplan.models import Delivery
from plplan.notifications.events import KINDS
from plplan.notifications.forms import DigestForm, preferences_form
from plplan.notifications.preferences import choices, set_delivery
from plplan.teams.services import InvitationUsed, accept_invitation, only_team, pending_invitation
from plplan.web import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")

LOGIN_FAILED = lazy_gettext(
    "That email and password don't match an account we can sign in. "
    "After several failed attempts sign-in pauses for a few minutes."
)


def _start_session(user, remember: bool = False) -> None:
    session.clear()  # a fresh session on sign-in: no fixation
    login_user(user, remember=remember)


def _limit(key: str):
    """A rate limit read from the config per request, so each app instance can set its own."""
    return lambda: current_app.config[key]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("REGISTER_IP_LIMIT"), methods=["POST"])
def register():
    """Create an account; arriving from an invitation link joins that team straight away."""
    invite_token = request.values.get("invite", "")
    invitation = pending_invitation(invite_token) if invite_token else None
    form = RegisterForm()
    if form.validate_on_submit():
        user = services.register_user(form.email.data, form.display_name.data, form.password.data)
        services.adopt_browser_zone(user, form.browser_zone.data)
        destination = url_for("main.home")
        if invitation is not None:
            try:
                membership = accept_invitation(invitation, user)
                destination = url_for("teams.home", slug=membership.team.slug)
            except InvitationUsed as used:
                flash(str(used), "error")
        db.session.commit()
        _start_session(user)
        flash(gettext("Welcome to plplan, %(name)s!", name=user.display_name), "success")
        return hx_redirect(destination)
    status = 422 if form.errors else 200
    return render(
        "auth/register.html", "form", status, form=form, invitation=invitation, invite=invite_token
    )


@bp.post("/register/email")
@limiter.limit(_limit("EMAIL_CHECK_IP_LIMIT"))
def check_email():
    """Inline validation as the email field is left: only the email field is re-rendered."""
    form = RegisterForm()
    form.email.validate(form, extra_validators=[lambda f, field: form.validate_email(field)])
    status = 422 if form.email.errors else 200
    return render("auth/register.html", "email_field", status, form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _limit("LOGIN_IP_LIMIT"), methods=["POST"], deduct_when=lambda r: r.status_code == 422
)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("main.home")))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, form.browser_zone.data)
        if user is not None:
            _start_session(user, remember=form.remember.data)
            return hx_redirect(safe_next(_landing(user)))
        failed = True
    status = 422 if failed or form.errors else 200
    return render(
        "auth/login.html",
        form=form,
        failed=failed,
        message=LOGIN_FAILED,
        status=status,
        demo=demo_logins() if current_app.config["PLPLAN_DEMO"] else [],
        demo_password=DEMO_PASSWORD,
    )


def _landing(user) -> str:
    """Where signing in leads without a `next`: the team of someone in just one, else My teams."""
    team = only_team(user)
    return url_for("teams.home", slug=team.slug) if team else url_for("main.home")


@bp.get("/csrf")
def csrf():
    """A fresh CSRF token and whether this session is signed in: what a page open since
    before a sign-in (in another tab) needs to send what it kept."""
    return {"token": generate_csrf(), "signed_in": current_user.is_authenticated}


@bp.post("/logout")
@login_required
def logout():
    """Log out here and everywhere: the session token changes, so copied cookies die too."""
    current_user.end_all_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(gettext("You are logged out."), "info")
    return redirect(url_for("main.index"), 303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.current_password.data) is None:
            form.current_password.errors.append(gettext("That is not your current password."))
        else:
            services.set_password(current_user, form.new_password.data)
            db.session.commit()
            _start_session(current_user)  # this device stays signed in; all others are not
            flash(gettext("Password changed. Other devices have been signed out."), "success")
            return redirect(url_for("auth.profile"), 303)
    status = 422 if form.errors else 200
    return render("auth/password.html", form=form, status=status)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def request_reset():
    """Send a reset link if the account exists; the answer is the same either way."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None:
            queue_reset_mail(user)
            db.session.commit()
        flash(gettext("If that email has an account, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"), 303)
    status = 422 if form.errors else 200
    return render("auth/reset_request.html", form=form, status=status)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(
            gettext("That reset link has expired or was already used. Ask for a new one."), "error"
        )
        return redirect(url_for("auth.request_reset"), 303)
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        _start_session(user)
        flash(gettext("Your password is set. Every other session has been signed out."), "success")
        return redirect(url_for("main.home"), 303)
    status = 422 if form.errors else 200
    return render("auth/reset.html", form=form, status=status)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Name and time zone (one not chosen yet shows as UTC, which is what the person sees)."""
    form = ProfileForm(obj=current_user)
    if not form.is_submitted() and not current_user.time_zone:
        form.time_zone.data = "UTC"
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data.strip()
        if form.time_zone.data:  # left blank: the zone stays as it was
            current_user.time_zone = form.time_zone.data.strip()
        db.session.commit()
        flash(gettext("Profile saved."), "success")
        return redirect(url_for("auth.profile"), 303)
    return _profile_page(form, preferences_form(choices(current_user.id), formdata=None))


@bp.post("/profile/digest")
@login_required
def digest_schedule():
    """When the digest comes, and whether reminders skip weekends."""
    digest = DigestForm(current_user)
    if digest.validate_on_submit():
        digest.save(current_user)
        db.session.commit()
        flash(gettext("Digest schedule saved."), "success")
        return redirect(url_for("auth.profile", _anchor="digest"), 303)
    chosen = preferences_form(choices(current_user.id), formdata=None)
    return _profile_page(ProfileForm(formdata=None, obj=current_user), chosen, digest)


@bp.post("/profile/notifications")
@login_required
def notification_preferences():
    """What the person hears of, per kind of event."""
    chosen = preferences_form(choices(current_user.id))
    if chosen.validate_on_submit():
        for key in KINDS:
            set_delivery(current_user.id, key, Delivery(chosen[key].data))
        db.session.commit()
        flash(gettext("Notification choices saved."), "success")
        return redirect(url_for("auth.profile", _anchor="notifications"), 303)
    return _profile_page(ProfileForm(formdata=None, obj=current_user), chosen)


def _profile_page(form, chosen, digest=None):
    digest = digest or DigestForm(current_user, formdata=None)
    status = 422 if form.errors or chosen.errors or digest.errors else 200
    zones = sorted(time_zone_names())
    return render(
        "auth/profile.html", form=form, chosen=chosen, digest=digest, status=status, zones=zones
    )
