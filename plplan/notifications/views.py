"""The inbox (`/inbox`): not team-scoped, a person sees their items from every team they are in."""

from flask import (
    Blueprint,
    abort,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from plplan.extensions import csrf, db
from plplan.htmx import hx_redirect, is_htmx, render
from plplan.models import User
from plplan.notifications import inbox
from plplan.notifications.unsubscribe import kind_named, read_token, stop

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
# Links in mails: they work without signing in, the signed token says whose and what.
unsubscribe_bp = Blueprint("unsubscribe", __name__, url_prefix="/unsubscribe")


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
    """Mark one item read; htmx gets the item again."""
    item = inbox.item_or_404(current_user.id, item_id)
    inbox.mark_read(item)
    macro = get_template_attribute("notifications/_macros.html", "notification")
    return _marked(lambda: str(macro(item)))


@bp.post("/read-all")
@login_required
def read_all():
    """Mark every item read; htmx gets the list again."""
    inbox.mark_all_read(current_user.id)
    return _marked(
        lambda: render_template("notifications/_items.html", items=inbox.items(current_user.id))
    )


def _marked(fragment):
    """Commit; htmx gets `fragment()` and the bell, out of band; a plain form, the inbox."""
    db.session.commit()
    if not is_htmx():
        return redirect(url_for("inbox.index"), 303)
    return make_response(fragment() + render_template("notifications/_bell.html", oob=True))


@unsubscribe_bp.route("/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail program posts without our form token; the link is signed
def confirm(token: str):
    """GET asks to confirm; POST (the page's button, or the mail program's one click) stops
    the emails of that kind; the inbox keeps them. A link we did not sign: 404, no change."""
    found = read_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        abort(404)
    if request.method == "POST":
        stop(user, found[1])
        db.session.commit()
    done = request.method == "POST"
    return render_template("notifications/unsubscribe.html", kind=kind_named(found[1]), done=done)
