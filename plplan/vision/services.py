"""The rules of plans: creating and managing them, versioned saves, snapshots, publishing.

No request code here; the caller commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from plplan.activity import record_activity
from plplan.extensions import db
from plplan.models import (
    Plan,
    PlanField,
    PlanItem,
    PlanPublication,
    Team,
    User,
    utcnow,
)
from plplan.notifications.events import Event
from plplan.notifications.outbox import notify
from plplan.transactions import for_update
from plplan.vision import history, merge
from plplan.vision.parts import (
    FIELDS,
    ROW_KINDS,
    SECTIONS,
    Section,
    empty_row,
    is_blank,
    place,
    positioning_sentence,
    read,
    slot,
)
from plplan.vision.plan_templates import PlanTemplate

SAVE_FOLD = timedelta(minutes=10)


# -- plans --------------------------------------------------------------------------------------


def team_plans(team: Team) -> list[Plan]:
    """The team's plans: current first, then open ones by name, archived last."""
    return list(
        db.session.scalars(
            sa.select(Plan)
            .where(Plan.team_id == team.id)
            .order_by(Plan.archived_at.is_not(None), Plan.is_current.desc(), Plan.name)
        )
    )


def current_plan(team: Team) -> Plan | None:
    """The team's current, non-archived plan."""
    return db.session.scalar(
        sa.select(Plan).where(
            Plan.team_id == team.id, Plan.is_current.is_(True), Plan.archived_at.is_(None)
        )
    )


def plan_summary(team: Team) -> tuple[Plan | None, "PlanPublication | None"]:
    """The current plan and its last publication (with who published it), for the team
    home: one query."""
    found = db.session.execute(_plan_summary(), {"team_id": team.id}).first()
    return (found.Plan, found.PlanPublication) if found else (None, None)


@cache
def _plan_summary() -> sa.Select:
    """plan_summary's statement, built once per process: only bound parameters."""
    other = aliased(PlanPublication)
    last = (
        sa.select(sa.func.max(other.version))
        .where(other.plan_id == Plan.id)
        .correlate(Plan)
        .scalar_subquery()
    )
    return (
        sa.select(Plan, PlanPublication)
        .outerjoin(
            PlanPublication,
            sa.and_(PlanPublication.plan_id == Plan.id, PlanPublication.version == last),
        )
        .where(
            Plan.team_id == sa.bindparam("team_id"),
            Plan.is_current.is_(True),
            Plan.archived_at.is_(None),
        )
        .options(joinedload(PlanPublication.published_by))
    )


def create_plan(team: Team, name: str, user: User) -> Plan:
    """A new, empty plan; it becomes current when the team has none."""
    plan = Plan(team_id=team.id, name=name, created_by_id=user.id)
    plan.is_current = current_plan(team) is None
    plan.fields = [PlanField(key=key, value="", updated_by_id=user.id) for key in FIELDS]
    db.session.add(plan)
    db.session.flush()
    record_activity(team, "created", "plan", f"created the plan “{name}”", plan.id, actor=user)
    return plan


def rename_plan(plan: Plan, name: str, user: User) -> None:
    old, plan.name = plan.name, name
    summary = f"renamed the plan “{old}” to “{name}”"
    record_activity(plan.team, "renamed", "plan", summary, plan.id, actor=user)


def set_archived(plan: Plan, archived: bool, user: User) -> None:
    plan.archived_at = utcnow() if archived else None
    if archived:
        plan.is_current = False
    verb = "archived" if archived else "reopened"
    record_activity(plan.team, verb, "plan", f"{verb} the plan “{plan.name}”", plan.id, actor=user)


def make_current(plan: Plan, user: User) -> None:
    db.session.execute(sa.update(Plan).where(Plan.team_id == plan.team_id).values(is_current=False))
    plan.is_current, plan.archived_at = True, None
    summary = f"made “{plan.name}” the current plan"
    record_activity(plan.team, "made current", "plan", summary, plan.id, actor=user)


def create_plan_from(team: Team, name: str, template: PlanTemplate, user: User) -> Plan:
    """A new plan filled with an example plan's content, as if it had been typed in."""
    plan = create_plan(team, name, user)
    _fill(plan, template.fields, template.rows, user)
    return plan


def duplicate_plan(plan: Plan, user: User) -> Plan:
    """A copy of the plan's draft under a new name; its history starts with the copy."""
    fields, rows = plan_parts(plan)
    copy = create_plan(plan.team, gettext("Copy of %(plan)s", plan=plan.name)[:120], user)
    values = {key: row.value for key, row in fields.items()}
    _fill(
        copy, values, {kind: [item.values for item in items] for kind, items in rows.items()}, user
    )
    return copy


def _fill(plan: Plan, values: dict[str, str], rows: dict[str, list[dict]], user: User) -> None:
    """Write fields and rows into a new plan, each one an addition in its history."""
    db.session.flush()
    by_key = {row.key: row for row in plan.fields}
    for key, value in values.items():
        if value:
            by_key[key].value = value
            history.record(plan, key, key, "add", None, {"value": value}, user)
    for kind, items in rows.items():
        for position, item_values in enumerate(items, start=1):
            item = PlanItem(
                plan_id=plan.id,
                kind=kind,
                position=position,
                values={**empty_row(ROW_KINDS[kind]), **item_values},
                updated_by_id=user.id,
            )
            db.session.add(item)
            db.session.flush()
            history.record(plan, history.item_part(item), kind, "add", None, item.values, user)


# -- parts and versioned saves ---------------------------------------------------------------------


def plan_parts(plan: Plan) -> tuple[dict[str, PlanField], dict[str, list[PlanItem]]]:
    """The plan's fields by key and its live rows by kind, in order (two queries).

    A field the plan is older than comes as an empty, unsaved row; its first save stores it.
    """
    fields_query, items_query = _parts_queries()
    fields = {row.key: row for row in db.session.scalars(fields_query, {"plan_id": plan.id})}
    for key in FIELDS.keys() - fields.keys():
        fields[key] = PlanField(plan_id=plan.id, key=key, value="", version=1)
    rows: dict[str, list[PlanItem]] = {kind: [] for kind in ROW_KINDS}
    for item in db.session.scalars(items_query, {"plan_id": plan.id}):
        rows[item.kind].append(item)
    return fields, rows


@cache
def _parts_queries() -> tuple[sa.Select, sa.Select]:
    """plan_parts' two queries, built once per process (they hold only a bound parameter): the
    plan page runs them on every view, where building them cost half as much again as running
    them."""
    plan_id = sa.bindparam("plan_id")
    return (
        sa.select(PlanField).where(PlanField.plan_id == plan_id),
        sa.select(PlanItem)
        .where(PlanItem.plan_id == plan_id, PlanItem.deleted_at.is_(None))
        .order_by(PlanItem.position, PlanItem.id),
    )


def get_field(plan: Plan, key: str) -> PlanField | None:
    """The plan's field `key` (None if no such field); one the plan is older than is added.

    Two first saves at the same instant: the second insert is refused by the unique
    (plan, key) pair, and it then gets the first's row (its save becomes a conflict).
    """
    if key not in FIELDS:
        return None
    query = (
        sa.select(PlanField)
        .where(PlanField.plan_id == plan.id, PlanField.key == key)
        .options(joinedload(PlanField.updated_by))
    )
    row = db.session.scalar(query)
    if row is None:
        try:
            with db.session.begin_nested():
                row = PlanField(plan_id=plan.id, key=key, value="", version=1)
                db.session.add(row)
        except IntegrityError:
            row = db.session.scalar(query)
    return row


@dataclass
class Conflict:
    """Someone saved the part since the editor started, changing a field the leader changed too."""

    theirs: dict | None  # None: they deleted the row
    mine: dict
    version: int
    by: User | None
    at: datetime | None = None
    by_me: bool = False  # the same person, in another window
    fields: tuple[str, ...] = ()  # the fields both changed (all of them for a deleted row)
    base: dict | None = None  # what the editor started from, to merge against again


SAVE_RETRIES = 3


def save_field(
    plan: Plan, row: PlanField, value: str, base_version: int, user: User, base=None, prefer=None
):
    """Save a field merged with what was saved since the editor started; None or a Conflict."""
    saved, conflict = _save_part(PlanField, row, {"value": value}, base_version, user, base, prefer)
    if saved:
        history.record(plan, row.key, row.key, "edit", *saved, user)
        _note_save(plan, FIELDS[row.key].label, user)
    return conflict


def add_item(plan: Plan, kind: str, values: dict, user: User) -> PlanItem:
    """Append a row of `kind` (empty values when none are given)."""
    last = db.session.scalar(
        sa.select(sa.func.max(PlanItem.position)).where(
            PlanItem.plan_id == plan.id, PlanItem.kind == kind
        )
    )
    item = PlanItem(
        plan_id=plan.id,
        kind=kind,
        position=(last or 0) + 1,
        values={**empty_row(ROW_KINDS[kind]), **values},
        updated_by_id=user.id,
    )
    db.session.add(item)
    db.session.flush()
    history.record(plan, history.item_part(item), kind, "add", None, dict(item.values), user)
    _note_save(plan, ROW_KINDS[kind].label.lower(), user)
    return item


def save_item(
    plan: Plan, item: PlanItem, values: dict, base_version: int, user: User, base=None, prefer=None
):
    """Save the row's fields `user` changed, merged field by field with what others saved
    since the editor started (`base`); None, or a Conflict over the fields both changed."""
    saved, conflict = _save_part(PlanItem, item, values, base_version, user, base, prefer)
    if saved:
        history.record(plan, history.item_part(item), item.kind, "edit", *saved, user)
        _note_save(plan, ROW_KINDS[item.kind].label.lower(), user)
    return conflict


def _save_part(model, row, mine: dict, base_version: int, user: User, base, prefer):
    """Merge `mine` into the part as saved now and write it: ((before, after) or None, Conflict
    or None).

    Without `base` an editor at the current version started from what is saved; an older one
    (or a leader settling a conflict without it) knows no field's start. The write is one
    UPDATE ... WHERE version = the version read; when someone wins the race it merges again.
    """
    for _ in range(SAVE_RETRIES):
        theirs = _stored(row)
        if theirs is None:
            return None, _conflict(row, mine, user, tuple(mine), base)
        start = base
        if start is None and prefer is None and row.version == base_version:
            start = theirs
        merged = merge.three_way(start, theirs, mine, prefer)
        if merged.conflicts:
            return None, _conflict(row, mine, user, merged.conflicts, base)
        if merged.values == theirs:
            return None, None
        written = (
            {"value": merged.values["value"]} if model is PlanField else {"values": merged.values}
        )
        if _bump(model, row, row.version, **written, updated_by_id=user.id):
            return (theirs, merged.values), None
        db.session.refresh(row)
    return None, _conflict(row, mine, user, tuple(mine), base)


def _stored(row: PlanField | PlanItem) -> dict | None:
    """A part's saved values as a dict (a field as {"value": ...}); None for a deleted row."""
    if isinstance(row, PlanField):
        return {"value": row.value}
    return None if row.deleted_at else dict(row.values)


def undelete_item(item: PlanItem) -> None:
    """A row deleted meanwhile that a leader chose to keep comes back; the save records it."""
    item.deleted_at = None
    db.session.flush()


def delete_item(plan: Plan, item: PlanItem, user: User) -> None:
    item.deleted_at, item.version = utcnow(), item.version + 1
    item.updated_by_id, item.updated_at = user.id, utcnow()
    history.record(
        plan, history.item_part(item), item.kind, "delete", dict(item.values), None, user
    )
    _note_save(plan, ROW_KINDS[item.kind].label.lower(), user)


def move_item(plan: Plan, item: PlanItem, step: int, user: User) -> None:
    """Swap a row with its neighbour above (-1) or below (+1); nothing at the ends.

    The new order is a revision of its own (consecutive moves fold like edits).
    """
    _, rows = plan_parts(plan)
    siblings = rows[item.kind]
    index = siblings.index(item)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    before = history.order_values(siblings)
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        row.position = position
    part = history.order_part(item.kind)
    history.record(plan, part, part, "edit", before, history.order_values(siblings), user)
    _note_save(plan, f"order of {ROW_KINDS[item.kind].many.lower()}", user)


def _bump(model, row, base_version: int, **values) -> bool:
    """Write `values` and the next version only if the row is still at `base_version`.

    One UPDATE ... WHERE version = base: two leaders saving at the same instant cannot both win.
    """
    now = utcnow()
    result = db.session.execute(
        sa.update(model)
        .where(model.id == row.id, model.version == base_version)
        .values(version=model.version + 1, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(row)
    return True


def _conflict(row, mine: dict, user: User, fields: tuple[str, ...], base) -> Conflict:
    """The part as saved now (theirs) against what `user` tried to save."""
    by_me = row.updated_by_id == user.id
    return Conflict(
        _stored(row), mine, row.version, row.updated_by, row.updated_at, by_me, fields, base
    )


def _note_save(plan: Plan, what: str, user: User) -> None:
    """One folded feed entry per person and plan for a stretch of drafting."""
    record_activity(
        plan.team,
        "edited",
        "plan",
        f"edited the plan “{plan.name}” ({what})",
        plan.id,
        actor=user,
        fold_within=SAVE_FOLD,
    )


# -- snapshots and publishing ----------------------------------------------------------------------


def plan_snapshot(plan: Plan, parts=None) -> dict:
    """The plan as plain data: what publishing stores and what the one-pager renders."""
    fields, rows = parts or plan_parts(plan)
    snapshot = {"name": plan.name}
    for section in SECTIONS:
        place(snapshot, section, _section_value(section, fields, rows))
    return snapshot


def _section_value(section: Section, fields: dict[str, PlanField], rows: dict) -> object:
    """One section's snapshot value, in its shape (see `parts.Section`)."""
    if section.shape == "text":
        return fields[section.fields[0]].value
    if section.shape in ("north_star", "positioning"):
        values = {slot(name): fields[name].value for name in section.fields}
        if section.shape == "positioning":
            values["sentence"] = positioning_sentence(values)
        return values
    kind = ROW_KINDS[section.row_kind]
    items = _filled(kind.name, rows[kind.name])
    if section.shape == "list":
        return [item.values.get(kind.title_column, "") for item in items]
    names = [column.name for column in kind.columns]
    values = [{name: item.values.get(name, "") for name in names} for item in items]
    if section.layout == "horizons":
        order = [choice for choice, _ in kind.group_column.choices]
        column = kind.group_column.name
        values.sort(key=lambda row: order.index(row[column]) if row[column] in order else 99)
    return values


def _filled(kind: str, items: list[PlanItem]) -> list[PlanItem]:
    """Rows with some text in them: a row just added and still blank is not part of the plan."""
    return [item for item in items if not is_blank(ROW_KINDS[kind], item.values)]


def latest_publication(plan: Plan) -> PlanPublication | None:
    """The last publish record of the plan, with who published it."""
    return db.session.scalar(_latest_publication_query(), {"plan_id": plan.id})


@cache
def _latest_publication_query() -> sa.Select:
    """latest_publication's query, built once per process: every plan page asks it, and
    building it (with its eager load) cost as much as running it."""
    return (
        sa.select(PlanPublication)
        .where(PlanPublication.plan_id == sa.bindparam("plan_id"))
        .options(joinedload(PlanPublication.published_by))
        .order_by(PlanPublication.version.desc())
        .limit(1)
    )


class AlreadyPublished(Exception):
    """The draft is exactly what the last publication shows: there is nothing new to publish."""

    def __init__(self, publication: PlanPublication):
        super().__init__(
            gettext("Version %(number)d already shows this draft.", number=publication.version)
        )
        self.publication = publication


def publish(plan: Plan, user: User, note: str = "") -> PlanPublication:
    """Snapshot the draft as the next published version: one publication per change.

    The plan row is locked first, so a second leader publishing at the same moment waits,
    then finds the draft already published (the unique (plan, version) pair is the safety net).

    :raise AlreadyPublished: the draft has not changed since the last publication.
    """
    db.session.execute(for_update(sa.select(Plan.id).where(Plan.id == plan.id)))
    last = latest_publication(plan)
    snapshot = plan_snapshot(plan)
    if last is not None and last.snapshot == snapshot:
        raise AlreadyPublished(last)
    publication = PlanPublication(
        plan_id=plan.id,
        version=(last.version if last else 0) + 1,
        snapshot=snapshot,
        note=note,
        published_by_id=user.id,
        published_at=utcnow(),
    )
    db.session.add(publication)
    record_activity(
        plan.team,
        "published",
        "plan",
        f"published “{plan.name}” (version {publication.version})" + (f": {note}" if note else ""),
        plan.id,
        actor=user,
    )
    notify(
        Event(
            "plan_published",
            plan.team,
            user,
            plan,
            f"{user.display_name} published “{plan.name}” (version {publication.version})",
            "vision.plan",
            {"plan_id": plan.id},
            detail=note,
        )
    )
    return publication


def publications(plan: Plan) -> list[PlanPublication]:
    """Every publication of the plan, newest first, with who published it (one query)."""
    return list(
        db.session.scalars(
            sa.select(PlanPublication)
            .where(PlanPublication.plan_id == plan.id)
            .options(joinedload(PlanPublication.published_by))
            .order_by(PlanPublication.version.desc())
        )
    )


def publication(plan: Plan, version: int | None) -> PlanPublication | None:
    """The plan's publication `version`, with who published it; None if there is none."""
    return db.session.scalar(
        sa.select(PlanPublication)
        .where(PlanPublication.plan_id == plan.id, PlanPublication.version == version)
        .options(joinedload(PlanPublication.published_by))
    )


@dataclass(frozen=True)
class Published:
    """A plan's latest published version and the name it had then (what viewers see)."""

    version: int
    name: str


def latest_publications(team: Team) -> dict[int, Published]:
    """The latest publication of each of the team's plans, by plan id (one query)."""
    latest = (
        sa.select(PlanPublication.plan_id, sa.func.max(PlanPublication.version).label("version"))
        .join(Plan, Plan.id == PlanPublication.plan_id)
        .where(Plan.team_id == team.id)
        .group_by(PlanPublication.plan_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            PlanPublication.plan_id,
            PlanPublication.version,
            PlanPublication.snapshot["name"].as_string(),
        ).join(
            latest,
            sa.and_(
                PlanPublication.plan_id == latest.c.plan_id,
                PlanPublication.version == latest.c.version,
            ),
        )
    )
    return {plan_id: Published(version, name) for plan_id, version, name in rows}


def publication_versions(team: Team) -> dict[int, int]:
    """The latest published version of each of the team's plans, by plan id (one query)."""
    return {plan_id: p.version for plan_id, p in latest_publications(team).items()}


def changed_sections(snapshot: dict, publication: PlanPublication | None) -> set[str]:
    """The sections whose draft differs from the last published version (none if unpublished)."""
    if publication is None:
        return set()
    return {
        section.key
        for section in SECTIONS
        if read(snapshot, section) != read(publication.snapshot, section)
    }


def note_restore(plan: Plan, label: str, user: User) -> None:
    record_activity(
        plan.team, "restored", "plan", f"restored {label} in “{plan.name}”", plan.id, actor=user
    )
