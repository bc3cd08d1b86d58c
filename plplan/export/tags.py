"""The tags (ETags) of one-pager answers, made from what the answer is made of, before anything
is rendered, so a client that has the answer already gets its `304` without a render.

Nothing here is kept between requests: every input is read anew, so a tag can never be stale;
what is hashed is the data itself (as read for the answer), the person's part of the page, and
the code that renders them.
"""

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from plplan import PACKAGE_DIR
from plplan.authz import Capability
from plplan.export.content import OnePager
from plplan.formatting import format_date, viewer_locale
from plplan.goals.views import nav_attention
from plplan.models import Membership, OnePagerFit
from plplan.web import nav_teams, unread_notifications


def _digest(*parts) -> str:
    text = json.dumps(parts, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value):
    """What JSON cannot write itself: a dataclass as its fields (no copy), else its repr."""
    return vars(value) if dataclasses.is_dataclass(value) else repr(value)


@cache
def code_version(template_folder: str, static_folder: str) -> str:
    """A hash of the templates, static files and Python code that make every answer: a release
    changes it (and restarts the workers); the same files give every worker the same."""
    assets = [*Path(template_folder).rglob("*"), *Path(static_folder).rglob("*")]
    files = sorted(path for path in [*assets, *PACKAGE_DIR.rglob("*.py")] if path.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _code() -> str:
    return code_version(current_app.template_folder, current_app.static_folder)


def content_hash(one_pager: OnePager) -> str:
    """The hash of everything a one-pager prints (its data, paper, sections, and the code and
    styles that lay it out), read without rendering it: the key its stored fit is found by.
    The moment it is stamped prints as days only (in the viewer's zone); numbers and money in
    the viewer's locale."""
    stamped = one_pager.stamped_at
    shown = {
        **vars(one_pager),
        "stamped_at": (stamped.date().isoformat(), format_date(stamped)),
        "locale": str(viewer_locale()),
    }
    return _digest(_code(), shown)


def fit_tag(stored: OnePagerFit | None) -> tuple | None:
    """How the on-screen one-pager is fitted: as stored, or (None) as the estimate guesses from
    the content alone."""
    if stored is None:
        return None
    return stored.density, stored.max_items, stored.max_chars, stored.fits_one_page


def shared_tag(content: str, stored: OnePagerFit | None) -> str:
    """A share link's page: the one-pager alone, as fitted."""
    return _digest(content, fit_tag(stored))


def page_tag(membership: Membership, form, content: str | None, fitted: tuple | None) -> str:
    """The in-app page's tag: the one-pager's content and fit, the options offered and chosen,
    and the person's part of the page (who they are, their role, their teams, their goals'
    badge and unread notifications, messages waiting to be shown, the session its form
    tokens are made for)."""
    return _digest(
        _code(),
        current_app.config["HTMX_CDN"],
        current_app.config["HTMX_SRI"],
        request.full_path,
        form.data,
        form.plan.choices,
        content,
        fitted,
        current_user.id,
        current_user.display_name,
        membership.role,
        membership.team.name,
        [(team.id, team.name, team.slug) for team in nav_teams()],
        unread_notifications(),
        nav_attention(membership) if membership.can(Capability.OWN_GOALS) else None,
        session.get("_flashes"),
        _token_secret(),
    )


def _token_secret() -> str:
    """The session's secret the page's form tokens are made from (made now when it is new)."""
    generate_csrf()
    return session[current_app.config["WTF_CSRF_FIELD_NAME"]]
