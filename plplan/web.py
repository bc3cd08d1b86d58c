"""Request-wide wiring: who is logged in, where `next` may lead, security headers, template
helpers."""

from urllib.parse import urlsplit

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_login import current_user

from plplan import signed_in
from plplan.authz import OBJECT_RULES
from plplan.extensions import login_manager
from plplan.formatting import lazy_gettext
from plplan.htmx import is_htmx, notice_only
from plplan.idempotency import idempotency_field
from plplan.models import Team, User
from plplan.notifications import mentions
from plplan.text import render_markdown

login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("Please log in to continue.")
login_manager.login_message_category = "info"


def content_security_policy(htmx_cdn: str) -> str:
    """Scripts only from us and the one htmx file on the CDN (pinned by path and SRI)."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {htmx_cdn}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'self'",
        ]
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The cookie holds "id:session_token"; a rotated token makes old cookies worthless. The
    person's teams and unread count come in the same query (`plplan.signed_in`)."""
    user_pk, _, token = user_id.partition(":")
    if not user_pk.isdigit() or not token:
        return None
    found = signed_in.read(int(user_pk))
    return found.user if found is not None and found.user.session_token == token else None


SIGNED_OUT = lazy_gettext(
    "You were signed out. Sign in again in a new tab, then retry: what you typed is still here."
)


def signed_out_notice():
    """The htmx answer to a request from a page whose session ended: a 401 that swaps nothing
    (the page keeps what was typed and retries once a fresh token says it is signed in)."""
    return notice_only(str(SIGNED_OUT), 401, level="warning")


@login_manager.unauthorized_handler
def _unauthorized():
    if is_htmx():
        return signed_out_notice()
    flash(str(login_manager.login_message), "info")
    target = request.full_path if request.method == "GET" else request.referrer or "/"
    return redirect(url_for("auth.login", next=target.rstrip("?")))


def safe_next(default: str = "/") -> str:
    """The `next` parameter when it points inside this site, else `default` (no open redirect)."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or parts.scheme
        or parts.netloc
    ):
        return default
    return target


def from_another_site() -> bool:
    """The browser says this request came from another site's page (a link, an image, a form):
    Sec-Fetch-Site where it is sent, else the Referer's origin. A request with neither (typed,
    bookmarked, a script of the user's own) counts as ours."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in ("same-origin", "none")
    if not request.referrer:
        return False
    origin = urlsplit(request.referrer)
    return (origin.scheme, origin.netloc) != (request.scheme, request.host)


def register_web_hooks(app: Flask) -> None:
    policy = content_security_policy(app.config["HTMX_CDN"])
    hsts = app.config["HSTS_SECONDS"]

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if hsts:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
            )
        if _is_personal(response):
            # A signed-in answer is nobody else's: no shared cache or back button keeps it.
            response.headers["Cache-Control"] = "no-store"
        return response

    app.add_template_global(render_markdown, "render_markdown")
    app.add_template_global(mentions.render, "render_comment")  # @mentions styled
    app.add_template_global(idempotency_field, "idempotency_field")
    app.jinja_env.globals.update(OBJECT_RULES)  # may_edit_goal(current_membership, goal), ...

    @app.context_processor
    def _template_helpers():
        return {
            "nav_teams": nav_teams,
            "unread_notifications": unread_notifications,
            "current_membership": g.get("membership"),
        }


def _is_personal(response) -> bool:
    """Anything but a static file sent to someone signed in (read from the session: no query)."""
    if request.endpoint == "static" or "no-store" in response.headers.get("Cache-Control", ""):
        return False
    return bool(session.get("_user_id"))


def nav_teams() -> list[Team]:
    """The teams in the switcher, read with the person (see `plplan.signed_in`)."""
    if not current_user.is_authenticated:
        return []
    return [membership.team for membership in signed_in.current().memberships]


def unread_notifications() -> int:
    """The bell's count, read with the switcher's teams."""
    return signed_in.current().unread if current_user.is_authenticated else 0
