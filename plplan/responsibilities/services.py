"""The responsibility map's rules applied to the database: areas, cells, history, feed."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.activity import record_activity
from plplan.authz import Capability
from plplan.extensions import db
from plplan.formatting import plural, possessive
from plplan.models import (
    Area,
    Assignment,
    AssignmentChange,
    Membership,
    Raci,
    Team,
    User,
    utcnow,
)
from plplan.notifications.events import AreaData, Event
from plplan.notifications.outbox import notify
from plplan.people import contributor_names
from plplan.responsibilities.defaults import DEFAULT_AREAS
from plplan.responsibilities.rules import RaciMap
from plplan.text import NameTaken, name_key
from plplan.transactions import for_update, refused_as

FEED_FOLD = timedelta(minutes=15)  # a leader's run of cell changes is one feed entry


class NoColumn(Exception):
    """The cell is not on the map: the area is archived, or the person holds no areas here."""


class AccountableTaken(Exception):
    """Setting an A where someone else holds it: the leader must confirm the move."""

    def __init__(self, holder: Membership):
        super().__init__(gettext("%(name)s is already Accountable", name=holder.user.display_name))
        self.holder = holder


# -- areas ----------------------------------------------------------------------------------


def seed_default_areas(team: Team) -> None:
    """Give a new team the six leadership areas (the caller commits)."""
    for position, default in enumerate(DEFAULT_AREAS):
        db.session.add(Area(team_id=team.id, position=position, **default))


def areas(team: Team, archived: bool = False) -> list[Area]:
    """The team's active areas in their order (or its archived ones)."""
    state = Area.archived_at.is_not(None) if archived else Area.archived_at.is_(None)
    return list(
        db.session.scalars(
            sa.select(Area)
            .where(Area.team_id == team.id, state)
            .options(joinedload(Area.modules))  # the grid's signals, in the same query
            .order_by(Area.position, Area.id)
        ).unique()
    )


def name_taken(team: Team, name: str, except_area: Area | None = None) -> bool:
    """Another active area of the team already has this name (as people read it)."""
    query = sa.select(Area.id).where(
        Area.team_id == team.id,
        Area.archived_at.is_(None),
        Area.name_key == name_key(name),
    )
    if except_area is not None:
        query = query.where(Area.id != except_area.id)
    return db.session.scalar(query) is not None


def add_area(team: Team, name: str) -> Area:
    """:raise NameTaken: another active area got the name first (a race `name_taken` missed)."""
    last = db.session.scalar(sa.select(sa.func.max(Area.position)).where(Area.team_id == team.id))
    area = Area(team_id=team.id, name=name.strip(), position=(last or 0) + 1)
    with refused_as(NameTaken()):
        db.session.add(area)
    record_activity(team, "added", "area", f"added the area {area.name}", area.id)
    return area


def describe_area(area: Area, team: Team, **fields: str) -> None:
    """Rename or describe an area: name, purpose, duties, decisions.

    :raise NameTaken: another active area got the name first.
    """
    with refused_as(NameTaken()):
        for key, value in fields.items():
            setattr(area, key, value.strip())
    record_activity(
        team, "described", "area", f"updated the area {area.name}", area.id, fold_within=FEED_FOLD
    )


def move_area(area: Area, team: Team, step: int) -> None:
    """Swap the area with its neighbour above (step -1) or below (+1); no-op at the ends."""
    ordered = areas(team)
    here = ordered.index(area)
    there = here + step
    if not 0 <= there < len(ordered):
        return
    ordered[here], ordered[there] = ordered[there], ordered[here]
    for position, each in enumerate(ordered):
        each.position = position


def archive_area(area: Area, team: Team) -> None:
    area.archived_at = utcnow()
    record_activity(team, "archived", "area", f"archived the area {area.name}", area.id)


def restore_area(area: Area, team: Team) -> None:
    """:raise NameTaken: an active area got the name first."""
    last = db.session.scalar(sa.select(sa.func.max(Area.position)).where(Area.team_id == team.id))
    with refused_as(NameTaken()):
        area.archived_at = None
        area.position = (last or 0) + 1
    record_activity(team, "restored", "area", f"restored the area {area.name}", area.id)


def set_load_threshold(team: Team, threshold: int) -> None:
    team.load_threshold = threshold
    record_activity(team, "changed", "team", f"set the load threshold to {threshold}", team.id)


# -- the grid ------------------------------------------------------------------------------


class Person(NamedTuple):
    """A column of the map: a membership that can hold areas, and its person's name."""

    id: int
    name: str


@dataclass
class Grid:
    """Areas × people with their roles, and the rules computed over them."""

    team: Team
    areas: list[Area]
    people: list[Person]
    map: RaciMap

    def __post_init__(self) -> None:
        self._people = {m.id: m for m in self.people}
        self._areas = {a.id: a for a in self.areas}

    def person(self, membership_id: int) -> Person:
        return self._people[membership_id]

    def area(self, area_id: int) -> Area:
        return self._areas[area_id]

    def names(self, membership_ids) -> str:
        """Display names, comma-separated, in grid order."""
        wanted = set(membership_ids)
        return ", ".join(p.name for p in self.people if p.id in wanted)

    def names_and_loads(self, membership_ids) -> str:
        """ "Name (load)" for each, comma-separated: a big team's overloaded people are a long
        list, joined here rather than one template loop turn each."""
        return ", ".join(f"{self.person(i).name} ({self.map.load(i)})" for i in membership_ids)

    def names_holding(self, area: Area, role: str) -> str:
        """Who holds `role` in `area`, as a sentence fragment ("" for nobody)."""
        return self.names(self.map.holders(area.id, Raci(role)))


def load_grid(
    team: Team,
    area: Area | None = None,
    people: list[Person] | None = None,
    showing: list[int] | None = None,
) -> Grid:
    """The whole grid in three queries, whatever its size. A 200-person map holds thousands
    of cells, so a page loads what it shows: given `area`, only its row (two queries); given
    `showing`, the C and I cells of those people only (the rules count A and R alone), with
    the grid's `people` already loaded (two queries)."""
    active = areas(team) if area is None else [area]
    if people is None:
        people = grid_people(team)
    query = (
        sa.select(Assignment.area_id, Assignment.membership_id, Assignment.role)
        .join(Area, Area.id == Assignment.area_id)
        .where(Area.team_id == team.id, Area.archived_at.is_(None))
    )
    if area is not None:
        query = query.where(Assignment.area_id == area.id)
    if showing is not None:
        counted = Assignment.role.in_([Raci.ACCOUNTABLE, Raci.RESPONSIBLE])
        query = query.where(counted | Assignment.membership_id.in_(showing))
    # plain rows through Core: the ORM's result machinery costs more than the query itself
    # for a 200-person grid's thousands of cells (the callers have flushed: no autoflush);
    # fetched at once, as iterating a result row by row costs a fifth more
    rows = db.session.connection().execute(query).all()
    cells = {(area_id, member_id): role for area_id, member_id, role in rows}
    raci = RaciMap([a.id for a in active], [m.id for m in people], cells, team.load_threshold)
    return Grid(team, active, people, raci)


def grid_people(team: Team) -> list[Person]:
    """The grid's columns in order: the people who can hold areas, by name."""
    return [Person(*row) for row in contributor_names(team, Capability.HOLD_AREAS)]


def accountable_by_area(team: Team) -> list[tuple[str, str | None]]:
    """(area name, display name of its Accountable or None) for the active areas, in order:
    one query, names only."""
    holder = (
        sa.select(User.display_name)
        .join(Membership, Membership.user_id == User.id)
        .join(Assignment, Assignment.membership_id == Membership.id)
        .where(Assignment.area_id == Area.id, Assignment.role == Raci.ACCOUNTABLE)
        .order_by(User.display_name.desc())
        .limit(1)
        .scalar_subquery()
    )
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(Area.name, holder)
            .where(Area.team_id == team.id, Area.archived_at.is_(None))
            .order_by(Area.position, Area.id)
        )
    ]


def _cell(area: Area, membership: Membership) -> Assignment | None:
    return db.session.scalar(
        sa.select(Assignment).where(
            Assignment.area_id == area.id, Assignment.membership_id == membership.id
        )
    )


def _accountable_holder(area: Area) -> Assignment | None:
    return db.session.scalar(
        sa.select(Assignment)
        .where(Assignment.area_id == area.id, Assignment.role == Raci.ACCOUNTABLE)
        .options(joinedload(Assignment.membership).joinedload(Membership.user))
    )


def _write_cell(area: Area, membership: Membership, role: Raci | None, actor: User) -> bool:
    """Set one cell and record it in the history; False when nothing changed."""
    cell = _cell(area, membership)
    old = cell.role if cell else None
    if old == role:
        return False
    if role is None:
        db.session.delete(cell)
    elif cell is None:
        db.session.add(Assignment(area_id=area.id, membership_id=membership.id, role=role))
    else:
        cell.role = role
    _record_change(area.id, membership, old, role, actor)
    _tell_holder(area, membership, old, role, actor)
    return True


def _tell_holder(
    area: Area, membership: Membership, old: Raci | None, new: Raci | None, actor: User
) -> None:
    """The person whose cell changed hears of it (their inbox, by mail if they chose so)."""
    if new is None:
        summary = f"{actor.display_name} took your role ({old.label}) in {area.name} away"
    else:
        summary = f"{actor.display_name} made you {new.label} for {area.name}"
    notify(
        Event(
            "area_role",
            membership.team,
            actor,
            membership,
            summary,
            "responsibilities.area",
            {"area_id": area.id},
        )
    )


def _tell_no_accountable(team: Team, area: Area, former: Membership, actor: User) -> None:
    """The leaders (and the team's chat, if chosen) hear that `area` has no Accountable now."""
    notify(
        Event(
            "area_without_accountable",
            team,
            actor,
            AreaData(area),
            f"{area.name} has no Accountable since {actor.display_name} changed "
            f"{possessive(former.user.display_name)} role",
            "responsibilities.area",
            {"area_id": area.id},
        )
    )


def _record_change(
    area_id: int, membership: Membership, old: Raci | None, new: Raci | None, actor: User | None
) -> None:
    """A line of the cell's history; without an actor, the signed-in user made the change."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    db.session.add(
        AssignmentChange(
            area_id=area_id,
            person_id=membership.user_id,
            person_name=membership.user.display_name,
            actor_id=actor.id if actor else None,
            old_role=old,
            new_role=new,
        )
    )


def set_cell(
    team: Team,
    area: Area,
    membership: Membership,
    role: Raci | None,
    actor: User,
    move_accountability: bool = False,
) -> list[int]:
    """Give `membership` the `role` in `area`; the ids of the memberships whose cell changed.

    :raise NoColumn: the area is archived, or `membership` has no column in this team's map
        (another team's, or a role that holds no areas: viewers have no column).
    :raise AccountableTaken: `role` is A, someone else holds it and the move isn't confirmed.
    """
    if (
        area.is_archived
        or membership.team_id != area.team_id
        or not membership.can(Capability.HOLD_AREAS)
    ):
        raise NoColumn
    changed = []
    if role == Raci.ACCOUNTABLE:
        # two leaders setting different As at once: the second waits here, then sees the first
        # (the database states the rule too: one A per area, a partial unique index)
        db.session.execute(for_update(sa.select(Area.id).where(Area.id == area.id)))
        holder = _accountable_holder(area)
        if holder is not None and holder.membership_id != membership.id:
            if not move_accountability:
                raise AccountableTaken(holder.membership)
            _write_cell(area, holder.membership, None, actor)
            db.session.flush()  # the old A goes before the new one arrives
            changed.append(holder.membership_id)
    holder = _accountable_holder(area) if role != Raci.ACCOUNTABLE else None
    if _write_cell(area, membership, role, actor):
        changed.append(membership.id)
        if holder is not None and holder.membership_id == membership.id:
            _tell_no_accountable(team, area, membership, actor)
        name = membership.user.display_name
        summary = (
            f"made {name} {role.label} for {area.name}"
            if role
            else f"cleared {possessive(name)} role in {area.name}"
        )
        if len(changed) == 2:
            summary = f"moved accountability for {area.name} to {name}"
        record_activity(team, "updated", "responsibility_map", summary, team.id, actor, FEED_FOLD)
    return changed


def clear_cells_of(membership: Membership, reason: str) -> int:
    """Empty a member's column; how many cells were cleared.

    Called when someone becomes a viewer, is removed or leaves. Each cleared cell goes into
    the history (so "Accountable over time" closes their tenure) and the feed says what
    happened and why (`reason`, e.g. "they left the team"), so the gaps the grid then shows
    have an explanation.
    """
    cells = list(
        db.session.scalars(sa.select(Assignment).where(Assignment.membership_id == membership.id))
    )
    for cell in cells:
        _record_change(cell.area_id, membership, cell.role, None, actor=None)
        db.session.delete(cell)
    if cells:
        record_activity(
            membership.team,
            "cleared",
            "responsibility_map",
            f"cleared {possessive(membership.user.display_name)} "
            f"{plural(len(cells), 'responsibility', 'responsibilities')} ({reason})",
            membership.team_id,
        )
    return len(cells)


ROLE_ORDER = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED)


def my_responsibilities(
    membership: Membership, roles: tuple[Raci, ...] = ROLE_ORDER[:2]
) -> list[tuple[Area, Raci]]:
    """The active areas where the member holds one of `roles` (A or R unless told), in the
    order A, R, C, I, then the grid's order."""
    rows = db.session.execute(_areas_held(roles), {"membership_id": membership.id}).all()
    return sorted(((area, role) for area, role in rows), key=lambda row: ROLE_ORDER.index(row[1]))


@cache
def _areas_held(roles: tuple[Raci, ...]) -> sa.Select:
    """my_responsibilities' statement, built once per process and set of roles (the team
    home shows it): only bound parameters."""
    return (
        sa.select(Area, Assignment.role)
        .join(Assignment, Assignment.area_id == Area.id)
        .where(
            Assignment.membership_id == sa.bindparam("membership_id"),
            Area.archived_at.is_(None),
            Assignment.role.in_(roles),
        )
        .order_by(Area.position, Area.id)
    )


def my_roles(membership: Membership) -> list[tuple[Raci, list[tuple[Area, Raci]]]]:
    """Each role the member holds somewhere, A, R, C, I, with its (area, role) rows: one query."""
    rows = my_responsibilities(membership, ROLE_ORDER)
    grouped = [(role, [row for row in rows if row[1] == role]) for role in ROLE_ORDER]
    return [(role, held) for role, held in grouped if held]


# -- history and export ----------------------------------------------------------------------


def area_history(area: Area, limit: int = 50) -> list[AssignmentChange]:
    """The area's cell changes, newest first, with who made them."""
    return list(
        db.session.scalars(
            sa.select(AssignmentChange)
            .where(AssignmentChange.area_id == area.id)
            .options(joinedload(AssignmentChange.actor))
            .order_by(AssignmentChange.created_at.desc(), AssignmentChange.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Tenure:
    """A stretch of time during which one person held the A of an area."""

    person_name: str
    since: datetime
    until: datetime | None  # None: still holds it


def accountable_over_time(area: Area) -> list[Tenure]:
    """Who held the area's A, newest first, from the history."""
    changes = db.session.scalars(
        sa.select(AssignmentChange)
        .where(
            AssignmentChange.area_id == area.id,
            sa.or_(
                AssignmentChange.old_role == Raci.ACCOUNTABLE,
                AssignmentChange.new_role == Raci.ACCOUNTABLE,
            ),
        )
        .order_by(AssignmentChange.created_at, AssignmentChange.id)
    )
    # keyed by person, not by name: names change and two people may share one
    open_since: dict[int | str, tuple[str, datetime]] = {}
    tenures: list[Tenure] = []
    for change in changes:
        person = change.person_id if change.person_id is not None else change.person_name
        if change.old_role == Raci.ACCOUNTABLE and person in open_since:
            _, since = open_since.pop(person)
            tenures.append(Tenure(change.person_name, since, change.created_at))
        if change.new_role == Raci.ACCOUNTABLE:
            open_since[person] = (change.person_name, change.created_at)
    tenures.extend(Tenure(name, since, None) for name, since in open_since.values())
    return sorted(tenures, key=lambda t: t.since, reverse=True)


def grid_rows(grid: Grid) -> list[list]:
    """The grid for CSV: one row per area, one column per person, then what the row lacks."""
    rows: list[list] = [[gettext("Area"), *[p.name for p in grid.people], gettext("Rules")]]
    for area in grid.areas:
        roles = [str(grid.map.role(area.id, m.id) or "") for m in grid.people]
        rows.append(
            [area.name, *roles, "; ".join(grid.map.check(area.id).problems) or gettext("OK")]
        )
    rows.append([gettext("Load"), *[grid.map.load(m.id) for m in grid.people], ""])
    return rows
