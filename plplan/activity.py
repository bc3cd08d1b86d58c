"""The one way every module writes to a team's activity feed."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.authz import Capability
from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.models import Activity, Membership, Team, User, utcnow


def record_activity(
    team: Team,
    verb: str,
    object_type: str,
    summary: str,
    object_id: int | None = None,
    actor: User | None = None,
    fold_within: timedelta | None = None,
) -> Activity:
    """Add an entry to the team's feed (the caller commits).

    With `fold_within`, a repeat of the same actor, verb and object inside that window
    refreshes the previous entry instead of adding one, so autosave does not flood the feed.
    """
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    actor_id = actor.id if actor else None
    if fold_within:
        previous = db.session.scalar(
            sa.select(Activity)
            .where(Activity.team_id == team.id)
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(1)
        )
        if (
            previous is not None
            and (previous.actor_id, previous.verb, previous.object_type, previous.object_id)
            == (actor_id, verb, object_type, object_id)
            and utcnow() - previous.created_at < fold_within
        ):
            previous.summary = summary[:300]
            previous.created_at = utcnow()
            return previous
    entry = Activity(
        team_id=team.id,
        actor_id=actor_id,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
    )
    db.session.add(entry)
    return entry


# Who reads no drafts reads the published plan and the map, nothing else: the people, the
# map's changes and publications, not drafts, goals, invitations or exports.
_PUBLISHED_ONLY = sa.or_(
    Activity.object_type.in_(["team", "membership", "area", "responsibility_map"]),
    sa.and_(Activity.object_type == "plan", Activity.verb == "published"),
)


def _visible(membership: Membership):
    """The entries of the team this member may see, newest first, with their actors."""
    in_team = Activity.team_id == membership.team_id
    return _newest_first(in_team, membership.can(Capability.READ_DRAFTS))


def _newest_first(in_team: sa.ColumnElement[bool], drafts_too: bool) -> sa.Select:
    query = sa.select(Activity).where(in_team)
    if not drafts_too:
        query = query.where(_PUBLISHED_ONLY)
    return query.options(joinedload(Activity.actor)).order_by(
        Activity.created_at.desc(), Activity.id.desc()
    )


def recent_activity(membership: Membership, limit: int = 20) -> list[Activity]:
    """The newest entries this member may see, with their actors, in one query."""
    values = {"team_id": membership.team_id, "limit": limit}
    return list(db.session.scalars(_recent(membership.can(Capability.READ_DRAFTS)), values))


@cache
def _recent(drafts_too: bool) -> sa.Select:
    """recent_activity's statement, built once per process (the team home shows it): only
    bound parameters."""
    in_team = Activity.team_id == sa.bindparam("team_id")
    return _newest_first(in_team, drafts_too).limit(sa.bindparam("limit"))


# -- the whole log ---------------------------------------------------------------------------

# Which part of plplan an entry belongs to, by the kind of object it changed.
MODULES = {
    "team": (lazy_gettext("Team and people"), ("team", "membership", "invitation")),
    "vision": (lazy_gettext("Vision and plans"), ("plan", "share_link")),
    "goals": (lazy_gettext("Goals"), ("goal", "skill")),
    "responsibilities": (lazy_gettext("Responsibilities"), ("area", "responsibility_map")),
}
MODULE_OF = {kind: key for key, (_, kinds) in MODULES.items() for kind in kinds}


@dataclass(frozen=True)
class LogCriteria:
    module: str | None = None
    actor_id: int | None = None
    since: date | None = None  # both days included, in UTC
    until: date | None = None


@dataclass
class LogPage:
    entries: list[Activity]
    older: str | None  # the cursor of the next page, None on the last


def _cursor(entry: Activity) -> str:
    return f"{entry.created_at.isoformat()}_{entry.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """(created_at, id) from a cursor; None for a missing or garbled one (the newest page)."""
    try:
        moment, entry_id = (cursor or "").rsplit("_", 1)
        when = datetime.fromisoformat(moment)
        return (when if when.tzinfo else when.replace(tzinfo=UTC)), int(entry_id)
    except ValueError:
        return None


def log_query(membership: Membership, criteria: LogCriteria):
    """The entries matching `criteria` this member may see, newest first (the log, its CSV
    and the API read it)."""
    query = _visible(membership)
    if criteria.module in MODULES:
        query = query.where(Activity.object_type.in_(MODULES[criteria.module][1]))
    if criteria.actor_id is not None:
        query = query.where(Activity.actor_id == criteria.actor_id)
    if criteria.since is not None:
        query = query.where(Activity.created_at >= datetime.combine(criteria.since, time(), UTC))
    if criteria.until is not None:
        next_day = datetime.combine(criteria.until + timedelta(days=1), time(), UTC)
        query = query.where(Activity.created_at < next_day)
    return query


def activity_log(
    membership: Membership, criteria: LogCriteria, cursor: str | None = None, per_page: int = 50
) -> LogPage:
    """One page of the entries this member may see, older than `cursor` (keyset paging on
    created_at and id, so a page costs the same deep in the log): one query."""
    query = log_query(membership, criteria)
    if (after := _parse_cursor(cursor)) is not None:
        when, entry_id = after
        query = query.where(
            sa.or_(
                Activity.created_at < when,
                sa.and_(Activity.created_at == when, Activity.id < entry_id),
            )
        )
    entries = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(entries) > per_page
    entries = entries[:per_page]
    return LogPage(entries, _cursor(entries[-1]) if more else None)


def activity_rows(membership: Membership, criteria: LogCriteria, base_url: str) -> list[list]:
    """The audit log for CSV: every entry this member may see that matches, newest first,
    with a header row and absolute links on `base_url`: one query."""
    rows = [
        [gettext("When (UTC)"), gettext("Who"), gettext("Module"), gettext("What"), gettext("Link")]
    ]
    module_names = {kind: str(MODULES[key][0]) for kind, key in MODULE_OF.items()}
    someone = gettext("Someone")
    for entry in db.session.scalars(log_query(membership, criteria)):
        link = link_to(entry, membership)
        rows.append(
            [
                entry.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor.display_name if entry.actor else someone,
                module_names.get(entry.object_type, ""),
                entry.summary,
                base_url + link if link else "",
            ]
        )
    return rows


# Where each kind of object is shown: (capability needed, endpoint, the id's URL argument).
_SHOWN_AT = {
    "team": (Capability.READ, "teams.home", None),
    "membership": (Capability.READ, "teams.members", None),
    "invitation": (Capability.MANAGE_PEOPLE, "teams.invitations", None),
    "plan": (Capability.READ, "vision.plan", "plan_id"),
    "share_link": (Capability.SHARE, "export.share_links", None),
    "goal": (Capability.OWN_GOALS, "goals.show", "goal_id"),
    "skill": (Capability.MANAGE_SKILLS, "goals.skills", None),
    "area": (Capability.READ, "responsibilities.area", "area_id"),
    "responsibility_map": (Capability.READ, "responsibilities.grid", None),
}


def link_to(entry: Activity, membership: Membership) -> str | None:
    """The page of what the entry changed, if the member may open it there."""
    target = _SHOWN_AT.get(entry.object_type)
    if target is None:
        return None
    capability, endpoint, key = target
    if not membership.can(capability) or (key and entry.object_id is None):
        return None
    ids = {key: entry.object_id} if key else {}
    return url_for(endpoint, slug=membership.team.slug, **ids)
