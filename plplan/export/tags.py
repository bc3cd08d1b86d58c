"""The tags (ETags) of one-pager answers, made before any of the data is read, so a client
that has the answer already gets its `304` for a query or two.

A tag holds the data version of the team (plplan.data_versions: every write to the team's data
moves it on, a stored fit included), read before the data the answer is made of, so a tag can
never be stale; and everything else the answer depends on: the options asked for, the
person's part of the page, how they read dates and numbers, and the code that renders them.
"""

import dataclasses
import hashlib
import json
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from plplan import PACKAGE_DIR
from plplan.authz import Capability
from plplan.export.content import OnePager
from plplan.extensions import db
from plplan.formatting import format_date, viewer_locale, viewer_zone
from plplan.goals.views import nav_attention
from plplan.models import Membership, ShareLink, Team
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


def content_hash(team_id: int, one_pager: OnePager) -> str:
    """The hash of everything a one-pager prints (its data, paper, sections, and the code and
    styles that lay it out), read without rendering it, and of its team: the key its stored fit
    is found by (a team's own: storing it changes that team's version).
    The moment it is stamped prints as days only (in the viewer's zone); numbers and money in
    the viewer's locale."""
    stamped = one_pager.stamped_at
    shown = {
        **vars(one_pager),
        "stamped_at": (stamped.date().isoformat(), format_date(stamped)),
        "locale": str(viewer_locale()),
    }
    return _digest(_code(), team_id, shown)


def _reader() -> tuple:
    """How the reader reads dates and numbers: their locale, their zone and its day today
    (numbers are today's, a draft is stamped today)."""
    zone = viewer_zone()
    return str(viewer_locale()), str(zone), datetime.now(zone).date().isoformat()


def download_tag(membership: Membership, kind: str) -> str:
    """A PDF or Markdown download's tag: the team's data version, the options asked for, and
    what a role and a reader change in it; no data is read."""
    return _digest(
        _code(),
        kind,
        request.full_path,
        _reader(),
        membership.role,
        membership.team_id,
        membership.team.data_version,
    )


def shared_tag(link: ShareLink, kind: str) -> str:
    """A share link's page or PDF: the link's choices and its team's versions (one query); the
    PDF is made by its fit, not changed by the fit being stored, the page is."""
    data, fits = db.session.execute(
        sa.select(Team.data_version, Team.fit_version).where(Team.id == link.team_id)
    ).one()
    choices = (link.plan_id, link.source, list(link.sections), link.paper)
    shown = (data,) if kind == "pdf" else (data, fits)
    return _digest(_code(), kind, _reader(), choices, link.team_id, shown)


def page_tag(membership: Membership) -> str:
    """The in-app page's tag: the versions of the person's teams (this one's data, and the
    switcher's teams, as the page's switcher reads them), the options asked for, and the
    person's part of the page (who they are, their role, their goals' badge and unread
    notifications, messages waiting to be shown, the session its form tokens are made for)."""
    return _digest(
        _code(),
        current_app.config["HTMX_CDN"],
        current_app.config["HTMX_SRI"],
        request.full_path,
        _reader(),
        current_user.id,
        current_user.display_name,
        membership.role,
        [(team.id, team.data_version, team.fit_version) for team in nav_teams()],
        unread_notifications(),
        nav_attention(membership) if membership.can(Capability.OWN_GOALS) else None,
        session.get("_flashes"),
        _token_secret(),
    )


def _token_secret() -> str:
    """The session's secret the page's form tokens are made from (made now when it is new)."""
    name = current_app.config["WTF_CSRF_FIELD_NAME"]
    if name not in session:
        generate_csrf()
    return session[name]
