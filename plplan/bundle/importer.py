"""Reading a bundle: every problem found (the dry run), then a new team made of it.

`check(data, importer_id)` parses and validates the whole file — structure, format version,
each value against its column, each reference against the rows before it — and resolves
people by email. It decodes values in place, so the bundle is held once. `create`
then writes a new team in the caller's transaction, with new ids: rows are inserted in
batches in the bundle's order (its local ids), and each kind's map of local id → new id
serves the kinds after it.

Only people who already share a team with the importer here are found (and added): anyone
else is listed to invite, whether or not they have an account, so that a hand-made bundle
neither tells which emails are registered nor puts strangers into a team unasked. A
reference to a person not found becomes empty, and a row that cannot be without them (their
goal, their RACI cell) is left out, with what hangs on it.
"""

import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from plplan.bundle.format import (
    BY_NAME,
    FORMAT,
    FORMAT_VERSION,
    ITEM_PART,
    KINDS,
    MEMBER,
    OBJECT_KINDS,
    PERSON,
    SECRET_FIELDS,
    TEAM_SETTINGS,
    Kind,
    decode,
)
from plplan.extensions import db
from plplan.models import Membership, Role, Team, User
from plplan.search.documents import SOURCES, rebuild
from plplan.security import new_token
from plplan.teams.services import INVITATION_DAYS, create_invitation, new_team
from plplan.text import name_key

MAX_PROBLEMS = 50
BATCH = 500
TOP_LEVEL = {"manifest", "team", "people", *BY_NAME}


@dataclass
class Check:
    """What a dry run found: counts per kind, problems (any: nothing can be created), people
    to invite (not in a team with the importer here), and rows left out because of them."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0
    missing_people: list[dict] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    bundle: dict | None = None
    users: dict[str, int] = field(default_factory=dict)  # email -> user id of a co-member

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_to_create(self) -> int:
        return sum(self.counts.values()) - sum(self.left_out.values())

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        else:
            self.more_problems += 1


class Invalid(Exception):
    """The bundle cannot be read further; the problem is already noted."""


def check(data: bytes, importer_id: int) -> Check:
    """Parse and validate `data` for the user `importer_id`; the result lists every problem
    found."""
    result = Check()
    try:
        bundle = _parse(data, result)
        _check_manifest(bundle, result)
        _check_team(bundle, result)
        _check_people(bundle, result)
        for kind in KINDS:
            _check_rows(kind, bundle, result)
    except Invalid:
        return result
    if result.ok:
        _resolve_people(bundle, result, importer_id)
        result.bundle = bundle
    return result


def _parse(data: bytes, result: Check) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.problem(gettext("The file is not a bundle: it is not UTF-8 text."))
        raise Invalid from None
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated"):
            result.problem(gettext("The file ends early: it was cut short (truncated)."))
        else:
            result.problem(
                gettext(
                    "The file is not valid JSON: %(error)s at line %(line)s, column %(column)s.",
                    error=error.msg,
                    line=error.lineno,
                    column=error.colno,
                )
            )
        raise Invalid from None
    if not isinstance(bundle, dict):
        result.problem(gettext("The file is not a bundle: it must hold one JSON object."))
        raise Invalid
    for key in sorted(set(bundle) - TOP_LEVEL):
        result.problem(gettext("Unknown part “%(key)s”.", key=key))
    return bundle


def _check_manifest(bundle: dict, result: Check) -> None:
    manifest = bundle.get("manifest")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        result.problem(gettext("The file is not a plplan team bundle (no manifest)."))
        raise Invalid
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        result.problem(gettext("The bundle's format version is unknown."))
        raise Invalid
    if version > FORMAT_VERSION:
        result.problem(
            gettext(
                "The bundle was made by a newer plplan (format %(version)s); this server "
                "reads format %(ours)s. Update this server, then import it again.",
                version=version,
                ours=FORMAT_VERSION,
            )
        )
        raise Invalid
    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        result.problem(gettext("The manifest has no counts."))
        raise Invalid
    for kind in KINDS:
        rows = bundle.get(kind.name)
        if not isinstance(rows, list):
            result.problem(gettext("“%(kind)s” is missing or not a list.", kind=kind.name))
        elif counts.get(kind.name) != len(rows):
            result.problem(
                gettext(
                    "The manifest counts %(expected)s %(kind)s but the file holds %(found)s: "
                    "it was cut short or edited.",
                    expected=counts.get(kind.name),
                    kind=kind.name,
                    found=len(rows),
                )
            )
    if not result.ok:
        raise Invalid
    result.counts = {kind.name: len(bundle[kind.name]) for kind in KINDS}


def _check_team(bundle: dict, result: Check) -> None:
    settings = bundle.get("team")
    if not isinstance(settings, dict):
        result.problem(gettext("“team” is missing or not an object."))
        return
    table = Team.__table__
    if not isinstance(settings.get("name"), str):
        result.problem(gettext("The team has no name."))
    for key, value in settings.items():
        if key == "name":
            continue
        if key not in TEAM_SETTINGS:
            result.problem(gettext("Unknown field “%(field)s” in team.", field=key))
            continue
        try:
            settings[key] = decode(table.c[key], value)
        except ValueError as error:
            result.problem(_field_problem("team", None, key, error))


def _check_people(bundle: dict, result: Check) -> None:
    people = bundle.get("people")
    if not isinstance(people, list):
        result.problem(gettext("“people” is missing or not a list."))
        return
    for n, person in enumerate(people, start=1):
        if (
            not isinstance(person, dict)
            or set(person) != {"email", "name", "role"}
            or not isinstance(person["email"], str)
            or not isinstance(person["name"], str)
            or person["role"] not in {int(role) for role in Role}
        ):
            result.problem(gettext("Person %(n)s must have an email, a name and a role.", n=n))


def _check_rows(kind: Kind, bundle: dict, result: Check) -> None:
    """Each row of `kind`: known fields only, no secrets, values of the right type, and
    references to rows that come before it."""
    columns = {column.name: column for column in kind.columns}
    seen = set()
    for n, row in enumerate(bundle[kind.name], start=1):
        if not isinstance(row, dict):
            result.problem(gettext("%(kind)s row %(n)s is not an object.", kind=kind.name, n=n))
            continue
        for key in sorted(set(row) - set(columns)):
            if key in SECRET_FIELDS or key in kind.skip:
                message = gettext(
                    "%(kind)s row %(n)s carries “%(field)s”: a bundle never holds secrets.",
                    kind=kind.name,
                    n=n,
                    field=key,
                )
            else:
                message = gettext(
                    "%(kind)s row %(n)s has an unknown field “%(field)s”.",
                    kind=kind.name,
                    n=n,
                    field=key,
                )
            result.problem(message)
        for name in sorted(set(columns) - set(row)):
            result.problem(_field_problem(kind.name, n, name, gettext("is missing")))
        for name in set(columns) & set(row):
            try:
                row[name] = _value(kind, columns[name], row[name], bundle, seen)
            except ValueError as error:
                result.problem(_field_problem(kind.name, n, name, error))
        if isinstance(row.get("id"), int):
            seen.add(row["id"])


def _value(kind: Kind, column: sa.Column, value, bundle: dict, seen: set):
    target = kind.refs.get(column.name)
    if target in (PERSON, MEMBER):
        if value is not None and not isinstance(value, str):
            raise ValueError(gettext("must be an email"))
        if value is None and not column.nullable:
            raise ValueError(gettext("may not be empty"))
        return value
    value = decode(column, value)
    if column.name == "id" and value in seen:
        raise ValueError(gettext("repeats an id"))
    if target is not None and value is not None:
        known = seen if target == kind.name else _known_ids(bundle, target)
        if value not in known:
            raise ValueError(gettext("names a row of %(kind)s that is not there", kind=target))
    return value


def _known_ids(bundle: dict, kind_name: str) -> set:
    cache = bundle.setdefault("_ids", {})
    if kind_name not in cache:
        cache[kind_name] = {row.get("id") for row in bundle[kind_name] if isinstance(row, dict)}
    return cache[kind_name]


def _field_problem(kind: str, n: int | None, name: str, error) -> str:
    if n is None:
        return gettext("%(kind)s: “%(field)s” %(error)s.", kind=kind, field=name, error=error)
    return gettext(
        "%(kind)s row %(n)s: “%(field)s” %(error)s.", kind=kind, n=n, field=name, error=error
    )


def _resolve_people(bundle: dict, result: Check, importer_id: int) -> None:
    """Find each person by email among the importer and those who share a team with them;
    list those not found; leave out the rows that need one of them, and the rows that hang
    on a row left out."""
    bundle.pop("_ids", None)
    emails = {person["email"].lower() for person in bundle["people"]}
    for kind in KINDS:
        for column, target in kind.refs.items():
            if target in (PERSON, MEMBER):
                emails |= {row[column].lower() for row in bundle[kind.name] if row[column]}
    their_teams = sa.select(Membership.team_id).where(Membership.user_id == importer_id)
    known = sa.or_(
        User.id == importer_id,
        User.id.in_(sa.select(Membership.user_id).where(Membership.team_id.in_(their_teams))),
    )
    found = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        found |= dict(
            db.session.execute(
                sa.select(User.email, User.id).where(User.email.in_(chunk), known)
            ).all()
        )
    result.users = found
    result.missing_people = [p for p in bundle["people"] if p["email"].lower() not in found]
    members = {p["email"].lower() for p in bundle["people"]} & set(found)
    dropped: dict[str, set] = {}
    for kind in KINDS:
        gone = dropped[kind.name] = set()
        for row in bundle[kind.name]:
            if _needs_missing(kind, row, found, members, dropped):
                gone.add(row["id"])
        if gone:
            result.left_out[kind.name] = len(gone)
    bundle["_dropped"] = dropped


def _needs_missing(kind: Kind, row: dict, found: dict, members: set, dropped: dict) -> bool:
    """Whether `row` cannot be created; empties its nullable references to missing people."""
    table = kind.table
    for name, target in kind.refs.items():
        value = row[name]
        if value is None:
            continue
        if target in (PERSON, MEMBER):
            here = found if target == PERSON else members
            if value.lower() in here:
                continue
            if not table.c[name].nullable:
                return True
            row[name] = None
        elif value in dropped[target]:
            if not table.c[name].nullable:
                return True
            row[name] = None
    return False


# -- creating the team -------------------------------------------------------------------------


@dataclass
class Invited:
    """A person of the bundle invited to the new team, and their invite link's token."""

    name: str
    email: str
    role: Role
    token: str


def create(result: Check, name: str, leader: User) -> tuple[Team, list[Invited]]:
    """A new team made of the checked bundle, led by `leader`, with an invitation for each
    person not found (the caller commits)."""
    bundle = result.bundle
    team = new_team(name, leader)
    for key in TEAM_SETTINGS:
        if key in bundle["team"]:
            setattr(team, key, bundle["team"][key])
    users = {email.lower(): user_id for email, user_id in result.users.items()}
    for person in bundle["people"]:
        user_id = users.get(person["email"].lower())
        if user_id is not None and user_id != leader.id:
            db.session.add(Membership(team=team, user_id=user_id, role=Role(person["role"])))
    invited = []
    for person in result.missing_people:
        role = Role(person["role"])
        _, token = create_invitation(team, role, INVITATION_DAYS, leader)
        invited.append(Invited(person["name"], person["email"], role, token))
    db.session.flush()
    members = {
        email.lower(): member_id
        for email, member_id in db.session.execute(
            sa.select(User.email, Membership.id).join(User).where(Membership.team_id == team.id)
        )
    }
    new_ids: dict[str, dict[int, int]] = {}
    for kind in KINDS:
        dropped = bundle["_dropped"][kind.name]
        rows = [row for row in bundle[kind.name] if row["id"] not in dropped]
        new_ids[kind.name] = _insert(kind, rows, team.id, users, members, new_ids)
        model = kind.model
        if model in SOURCES and new_ids[kind.name]:
            source = SOURCES[model]
            keys = set(new_ids[kind.name].values())
            if source.key.key != "id":  # publications are found by their plan
                keys = set(new_ids["plans"].values())
            rebuild(db.session.connection(), source, keys)
    return team, invited


def _insert(kind: Kind, rows: list[dict], team_id: int, users, members, new_ids) -> dict:
    """Insert `rows` of `kind` in order; their local ids → new ids."""
    table = kind.table
    insert = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = new_ids[kind.name] = {}
    for start in range(0, len(rows), 1 if kind.self_referencing else BATCH):
        batch = rows[start : start + (1 if kind.self_referencing else BATCH)]
        values = [_values(kind, row, team_id, users, members, new_ids) for row in batch]
        created = db.session.execute(insert, values).scalars().all()
        ids.update(zip((row["id"] for row in batch), created, strict=True))
    return ids


def _values(kind: Kind, row: dict, team_id: int, users, members, new_ids) -> dict:
    values = {}
    for column in kind.columns:
        name = column.name
        value = row[name]
        target = kind.refs.get(name)
        if name == "id":
            continue
        if value is not None and target == PERSON:
            value = users[value.lower()]
        elif value is not None and target == MEMBER:
            value = members[value.lower()]
        elif value is not None and target is not None:
            value = new_ids[target][value]
        values[name] = value
    if kind.parent is None:
        values["team_id"] = team_id
    if "name_key" in kind.table.c:
        values["name_key"] = name_key(values["name"])
    if "token_hash" in kind.skip:  # a share link's token is never carried: nobody holds one
        values["token_hash"] = new_token()[1]
    if kind.name in OBJECT_KINDS:
        target = OBJECT_KINDS[kind.name].get(values["object_type"])
        object_id = values["object_id"]
        values["object_id"] = new_ids.get(target, {}).get(object_id) if object_id else None
    if kind.name == "plan_revisions" and values["part"].startswith(ITEM_PART):
        local = values["part"][len(ITEM_PART) :]
        item = new_ids["plan_items"].get(int(local)) if local.isdigit() else None
        values["part"] = f"{ITEM_PART}{item}"
    return values
