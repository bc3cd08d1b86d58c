"""The front door: a landing page for visitors, "my teams" for people signed in."""

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from plplan.extensions import db
from plplan.models import Membership, Team

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("main/index.html")


@bp.get("/home")
@login_required
def home():
    """My teams, with my role in each."""
    memberships = db.session.scalars(
        sa.select(Membership)
        .join(Membership.team)
        .where(Membership.user_id == current_user.id)
        .options(joinedload(Membership.team))
        .order_by(Team.name)
    ).all()
    return render_template("main/home.html", memberships=memberships)


@bp.get("/healthz")
def healthz():
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}
