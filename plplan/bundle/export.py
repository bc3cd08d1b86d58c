"""Writing a team's bundle as a stream of JSON text, kind by kind (see format.py).

Rows are read in batches (`yield_per`) and written as they come, so a large team is never
held in memory: what is kept is one small map of source id → local id per kind, which later
kinds need to write their references.
"""

import json
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version

import sqlalchemy as sa

from plplan.bundle.format import (
    FORMAT,
    FORMAT_VERSION,
    ITEM_PART,
    KINDS,
    MEMBER,
    OBJECT_KINDS,
    PERSON,
    TEAM_SETTINGS,
    Kind,
    encode,
)
from plplan.extensions import db
from plplan.models import Membership, Team, User, utcnow

BATCH = 500


def app_version() -> str:
    try:
        return version("plplan")
    except PackageNotFoundError:
        return "unknown"


def team_rows(kind: Kind, team_id: int) -> sa.Select:
    """The ids of `kind`'s rows that belong to the team (through their parents)."""
    table = kind.table
    if kind.parent is None:
        return sa.select(table.c.id).where(table.c.team_id == team_id)
    parent = next(k for k in KINDS if k.name == kind.refs[kind.parent])
    return sa.select(table.c.id).where(table.c[kind.parent].in_(team_rows(parent, team_id)))


def counts(team_id: int) -> dict[str, int]:
    """How many rows of each kind the team has."""
    return {
        kind.name: db.session.scalar(
            sa.select(sa.func.count()).select_from(team_rows(kind, team_id).subquery())
        )
        for kind in KINDS
    }


class _People:
    """Emails of user ids (members first, then whoever else a row names) and of memberships."""

    def __init__(self, team_id: int):
        members = db.session.execute(
            sa.select(Membership.id, User.id, User.email)
            .join(User)
            .where(Membership.team_id == team_id)
        ).all()
        self.by_member = {member_id: email for member_id, _, email in members}
        self.by_user = {user_id: email for _, user_id, email in members}

    def email(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self.by_user:
            self.by_user[user_id] = db.session.scalar(
                sa.select(User.email).where(User.id == user_id)
            )
        return self.by_user[user_id]


def _one_snapshot() -> None:
    """Read what follows from one snapshot, so a write made while the bundle streams cannot
    leave a row naming one the bundle lacks: PostgreSQL's REPEATABLE READ (in a new
    transaction: nothing was written). SQLite's read transaction already is one (WAL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.rollback()
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def write(team_id: int) -> Iterator[str]:
    """The bundle of the team, as pieces of JSON text, read from one snapshot."""
    _one_snapshot()
    team = db.session.get(Team, team_id)
    yield '{"manifest": '
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "exported_at": utcnow().isoformat(),
        "counts": counts(team.id),
    }
    yield json.dumps(manifest)
    settings = {name: getattr(team, name) for name in ("name", *TEAM_SETTINGS)}
    yield ',\n"team": ' + json.dumps(settings)
    yield from _people(team)
    people = _People(team.id)
    local: dict[str, dict[int, int]] = {}
    for kind in KINDS:
        yield f',\n"{kind.name}": ['
        ids = local[kind.name] = {}
        query = (
            sa.select(*kind.columns)
            .where(kind.table.c.id.in_(team_rows(kind, team.id)))
            .order_by(kind.table.c.id)
        )
        rows = db.session.execute(query, execution_options={"yield_per": BATCH})
        for n, row in enumerate(rows, start=1):
            ids[row.id] = n
            yield ("\n" if n == 1 else ",\n") + json.dumps(_row(kind, row, local, people))
        yield "]"
    yield "}\n"


def _people(team: Team) -> Iterator[str]:
    members = db.session.execute(
        sa.select(User.email, User.display_name, Membership.role)
        .join(Membership)
        .where(Membership.team_id == team.id)
        .order_by(Membership.id)
    )
    people = [{"email": email, "name": name, "role": int(role)} for email, name, role in members]
    yield ',\n"people": ' + json.dumps(people)


def _row(kind: Kind, row, local: dict, people: _People) -> dict:
    data = {}
    for column in kind.columns:
        value = getattr(row, column.name)
        target = kind.refs.get(column.name)
        if column.name == "id":
            value = local[kind.name][value]
        elif target == PERSON:
            value = people.email(value)
        elif target == MEMBER:
            value = None if value is None else people.by_member.get(value)
        elif target is not None and value is not None:
            value = local[target][value]
        data[column.name] = encode(column, value)
    if kind.name in OBJECT_KINDS:
        target = OBJECT_KINDS[kind.name].get(data["object_type"])
        object_id = data["object_id"]
        data["object_id"] = (
            local[target].get(object_id) if target in local and object_id is not None else None
        )
    if kind.name == "plan_revisions" and data["part"].startswith(ITEM_PART):
        item = local["plan_items"].get(int(data["part"][len(ITEM_PART) :]))
        data["part"] = f"{ITEM_PART}{item}"
    return data
