"""The team bundle's round trip: export → import → export gives the same bundle, on the demo
team and on a large one, on this database and across to another server's (SQLite ↔
PostgreSQL when the suite runs on PostgreSQL)."""

import json
import time

import pytest
import sqlalchemy as sa

from plplan import create_app
from plplan.extensions import db
from plplan.models import Membership, Role, SearchDocument, Team, User
from plplan.search.results import search
from tests.bundle_world import (
    DEMO_LEADER,
    comparable,
    demo_team,
    export_text,
    import_text,
    multiplied,
)
from tests.conftest import _PASSWORD_HASH


def test_the_demo_team_comes_back_the_same(app):
    first = export_text(app, demo_team(app))
    copy_id = import_text(app, first, DEMO_LEADER, "Demo copy")
    again = export_text(app, copy_id)
    assert comparable(again) == comparable(first)
    bundle = json.loads(first)
    assert bundle["manifest"]["counts"]["plan_revisions"] == len(bundle["plan_revisions"]) > 0
    assert list(bundle)[:4] == ["manifest", "team", "people", "plans"]


def test_the_new_team_is_led_by_the_importer_and_searchable(app):
    first = export_text(app, demo_team(app))
    member_email = json.loads(first)["people"][1]["email"]
    copy_id = import_text(app, first, member_email)
    with app.test_request_context():
        mine = db.session.scalar(
            sa.select(Membership)
            .join(User)
            .where(Membership.team_id == copy_id, User.email == member_email)
        )
        assert mine.role == Role.LEADER
        documents = db.session.scalar(
            sa.select(sa.func.count()).where(SearchDocument.team_id == copy_id)
        )
        assert documents > 0
        word = json.loads(first)["plan_fields"][0]["value"].split()[0]
        assert search(mine, word).count > 0


def test_a_bundle_holds_no_secret(app):
    text = export_text(app, demo_team(app))
    for secret in ("token_hash", "password", "session_token", "$argon2"):
        assert secret not in text


def test_a_large_team_comes_back_the_same(app, capsys):
    demo = export_text(app, demo_team(app))
    large_id = import_text(app, multiplied(demo, 20), DEMO_LEADER, "Large")
    started = time.perf_counter()
    first = export_text(app, large_id)
    exported = time.perf_counter() - started
    started = time.perf_counter()
    copy_id = import_text(app, first, DEMO_LEADER, "Large copy")
    imported = time.perf_counter() - started
    assert comparable(export_text(app, copy_id)) == comparable(first)
    counts = json.loads(first)["manifest"]["counts"]
    assert counts["assignments"] >= 400 and counts["budget_amounts"] >= 2000
    with capsys.disabled():
        print(
            f"\nlarge bundle on {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}: "
            f"{sum(counts.values())} rows, {len(first) / 1e6:.2f} MB, "
            f"export {exported:.2f} s, import {imported:.2f} s"
        )


@pytest.fixture
def other_server(app, tmp_path):
    """Another plplan server: on SQLite (its own file), whatever this suite runs on."""
    other = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/other.sqlite",
            "SERVER_NAME": None,
        }
    )
    with other.app_context():
        db.create_all()
    yield other
    with other.app_context():
        db.engine.dispose()


def _add_colleagues(app, text: str) -> None:
    """The bundle's people as accounts on `app`, all in one team there (the importer is
    added only people they already work with)."""
    with app.app_context():
        people = [
            User(email=person["email"], display_name=person["name"], password_hash=_PASSWORD_HASH)
            for person in json.loads(text)["people"]
        ]
        team = Team(name="Colleagues", slug="colleagues")
        db.session.add_all([team, *people])
        db.session.add_all(Membership(team=team, user=user, role=Role.MEMBER) for user in people)
        db.session.commit()


def test_a_team_moves_to_another_database_and_back(app, other_server):
    first = export_text(app, demo_team(app))
    _add_colleagues(other_server, first)
    moved_id = import_text(other_server, first, DEMO_LEADER, "Moved")
    there = export_text(other_server, moved_id)
    assert comparable(there) == comparable(first)
    back_id = import_text(app, there, DEMO_LEADER, "Back")
    assert comparable(export_text(app, back_id)) == comparable(first)
