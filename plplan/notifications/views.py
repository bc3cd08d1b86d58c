"""The inbox (`/inbox`): not team-scoped, a person sees their items from every team they are in."""

from flask import Blueprint, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from plplan.extensions import db
from plplan.htmx import hx_redirect, is_htmx, render
from plplan.notifications import inbox

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.get("")
@login_required
def index():
    """My notifications, unread first."""
    return render("notifications/inbox.html", items=inbox.items(current_user.id))


@bp.post("/<int:item_id>/open")
@login_required
def open_item(item_id: int):
    """Mark the item read and go to what it is about (a POST: a GET must not write)."""
    item = inbox.item_or_404(current_user.id, item_id)
    inbox.mark_read(item)
    db.session.commit()
    return hx_redirect(inbox.link(item))


@bp.post("/<int:item_id>/read")
@login_required
def read(item_id: int):
    """Mark one item read; htmx gets the item again and the bell, out of band."""
    item = inbox.item_or_404(current_user.id, item_id)
    inbox.mark_read(item)
    db.session.commit()
    if not is_htmx():
        return redirect(url_for("inbox.index"), 303)
    body = render_template("notifications/_item.html", item=item)
    body += render_template("notifications/_bell.html", oob=True)
    return make_response(body)


@bp.post("/read-all")
@login_required
def read_all():
    """Mark every item read."""
    inbox.mark_all_read(current_user.id)
    db.session.commit()
    if not is_htmx():
        return redirect(url_for("inbox.index"), 303)
    items = inbox.items(current_user.id)
    body = render_template("notifications/_items.html", items=items)
    body += render_template("notifications/_bell.html", oob=True)
    return make_response(body)
