"""Team bundles for the tests: the demo team's, one many times larger, and the round trip's
steps (export a team, import a bundle) on any app."""

import copy
import json

import sqlalchemy as sa

from plplan.bundle import export, importer
from plplan.bundle.format import KINDS, OBJECT_KINDS
from plplan.demo import load_demo
from plplan.demo_people import DEMO_PEOPLE
from plplan.extensions import db
from plplan.models import User

DEMO_LEADER = DEMO_PEOPLE[0][0]


def demo_team(app) -> int:
    with app.test_request_context():
        team = load_demo()
        db.session.commit()
        return team.id


def export_text(app, team_id: int) -> str:
    with app.test_request_context():
        return "".join(export.write(team_id))


def import_text(app, text: str, leader_email: str, name: str = "Imported") -> int:
    """A new team from the bundle `text`, led by the person of `leader_email`; its id."""
    with app.test_request_context():
        leader = db.session.scalar(sa.select(User).where(User.email == leader_email))
        result = importer.check(text.encode(), leader.id)
        assert result.ok, result.problems
        team, _ = importer.create(result, name, leader)
        db.session.commit()
        return team.id


def comparable(text: str) -> dict:
    """The bundle without what differs between two exports of the same data: the export
    time, and the team's name (the importer chooses it)."""
    bundle = json.loads(text)
    del bundle["manifest"]["exported_at"]
    del bundle["team"]["name"]
    return bundle


def multiplied(text: str, copies: int) -> str:
    """The bundle with each kind's rows `copies` times over, as a team that did all the demo
    team did `copies` times (the copies' names made unique where the team needs them so)."""
    bundle = json.loads(text)
    sizes = {kind.name: len(bundle[kind.name]) for kind in KINDS}
    for kind in KINDS:
        rows = bundle[kind.name]
        bundle[kind.name] = [_copy(kind, row, n, sizes) for n in range(copies) for row in rows]
        bundle["manifest"]["counts"][kind.name] = len(bundle[kind.name])
    return json.dumps(bundle)


def _copy(kind, row: dict, n: int, sizes: dict) -> dict:
    row = copy.deepcopy(row)
    row["id"] += n * sizes[kind.name]
    for column, target in kind.refs.items():
        if target in sizes and row[column] is not None:
            row[column] += n * sizes[target]
    target = OBJECT_KINDS.get(kind.name, {}).get(row.get("object_type"))
    if target and row["object_id"] is not None:
        row["object_id"] += n * sizes[target]
    if kind.name == "plan_revisions" and row["part"].startswith("item:"):
        row["part"] = f"item:{int(row['part'][5:]) + n * sizes['plan_items']}"
    if n and kind.name in ("areas", "skills"):
        row["name"] = f"{row['name']} {n + 1}"
    if n and kind.name == "plans":
        row["is_current"] = False
    return row
