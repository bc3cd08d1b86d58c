"""The write-lock helpers of plplan.transactions, on whichever database the suite runs."""

import threading
import time

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Skill, Team
from plplan.text import NameTaken
from plplan.transactions import for_update, refused_as, write_lock


def in_app(app, work):
    def run():
        with app.app_context():
            work()

    return threading.Thread(target=run)


def test_for_update_makes_the_next_writer_wait_and_then_read_the_first_ones_change(app, team):
    locked, seen = threading.Event(), []

    def first():
        db.session.execute(for_update(sa.select(Team).where(Team.id == team.id)))
        locked.set()
        time.sleep(0.3)  # the second is waiting now
        db.session.get(Team, team.id).name = "Renamed"
        db.session.commit()

    def second():
        locked.wait(5)
        statement = for_update(sa.select(Team.name).where(Team.id == team.id))
        seen.append(db.session.scalar(statement))
        db.session.commit()

    threads = [in_app(app, first), in_app(app, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == ["Renamed"]


def test_a_write_after_another_commit_needs_no_explicit_lock(app, team):
    """A read snapshot older than someone else's commit is never upgraded to a write (on
    SQLite that fails at once, SQLITE_BUSY_SNAPSHOT): the first write takes the lock first."""
    with app.app_context():
        team_row = db.session.get(Team, team.id)  # this transaction now reads a snapshot
        other = in_app(app, lambda: _rename(team.id, "By someone else"))
        other.start()
        other.join(10)
        team_row.load_threshold = 9
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Team, team.id).load_threshold == 9


def _rename(team_id: int, name: str) -> None:
    db.session.get(Team, team_id).name = name
    db.session.commit()


def test_taking_the_lock_keeps_loaded_objects_and_runs_no_counted_query(app, team, count_queries):
    with app.app_context():
        team_row = db.session.get(Team, team.id)
        with count_queries() as statements:
            write_lock()
            assert team_row.name == team.name
        assert statements == []
        db.session.rollback()


def test_refused_as_turns_a_unique_refusal_into_the_error_and_keeps_the_transaction(app, team):
    with app.app_context():
        db.session.add(Skill(team_id=team.id, name="Éclair"))
        db.session.flush()
        with pytest.raises(NameTaken), refused_as(NameTaken()):
            db.session.add(Skill(team_id=team.id, name="ÉCLAIR"))
        db.session.commit()  # the first skill is kept
        names = db.session.scalars(sa.select(Skill.name).where(Skill.team_id == team.id)).all()
        assert names == ["Éclair"]
