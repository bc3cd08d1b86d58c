"""Reminders, for a fixed clock: once per object per period, even with two deliverers at once;
none on a weekend for someone who works weekdays; silent after three ignored, back after a
check-in; to the inbox, and by email only when the person chose it."""

import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import services
from plplan.goals.services import CheckInFields
from plplan.models import Delivery, Goal, Membership, OutboxMessage, Role
from plplan.notifications import needs
from plplan.notifications.preferences import set_delivery
from plplan.notifications.reminders import remind
from tests.goals_factory import make_goal, seed_team_skills
from tests.rhythm_world import MONDAY, at, checked_in, inbox, reminders, run, schedule


@pytest.fixture
def world(app, make_team):
    world = make_team(leader=Role.LEADER, member=Role.MEMBER)
    seed_team_skills(app, world.id)
    return world


@pytest.fixture
def overdue(app, world) -> int:
    """The member's goal, mentored by the leader, due before MONDAY, checked in on just before
    (so overdue, not stale)."""
    goal_id = make_goal(
        app,
        world.id,
        world.person("member").id,
        title="Ship the app",
        mentor_id=world.person("leader").id,
        target_date=date(2029, 12, 31),
    )
    checked_in(app, goal_id, MONDAY - timedelta(days=1))
    return goal_id


def test_owner_and_mentor_are_reminded_once_even_by_two_deliverers_at_once(
    app, world, overdue, another_app
):
    deliverers = [another_app() for _ in range(2)]
    start = threading.Barrier(2)

    def deliverer(instance):
        start.wait()
        run(instance, at(0, 8))

    threads = [threading.Thread(target=deliverer, args=(i,)) for i in deliverers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for role in ("member", "leader"):
        assert reminders(app, world.person(role)) == [
            ("goal_overdue", f"goal:{overdue}", "2030-01-07")
        ]
        assert inbox(app, world.person(role)) == [
            ("goal_overdue", "“Ship the app” (Member) was due on 31 Dec 2029.")
        ]
    for instance in deliverers:
        with instance.app_context():
            db.engine.dispose()


def test_the_same_period_never_reminds_twice(app, world, overdue):
    with app.app_context():
        membership = db.session.get(Membership, world.membership_ids["member"])
        found = needs.of(membership, at(0, 8))
        assert remind(found, "2030-01-07", at(0, 8)) == 1
        assert remind(found, "2030-01-07", at(0, 9)) == 0  # the unique index refuses it
        assert remind(found, "2030-01-08", at(1, 8)) == 1
        db.session.commit()


def test_no_reminder_on_a_weekend_for_working_days_only(app, world, overdue):
    member, leader = world.person("member"), world.person("leader")
    schedule(app, member, working_days_only=True)
    run(app, at(5, 8))  # Saturday
    assert reminders(app, member) == []
    assert [period for _, _, period in reminders(app, leader)] == ["2030-01-12"]
    run(app, at(7, 8))  # Monday
    assert [period for _, _, period in reminders(app, member)] == ["2030-01-14"]


def test_reminders_stop_after_three_ignored_and_resume_after_a_check_in(app, world, overdue):
    member = world.person("member")
    for day in range(5):
        run(app, at(day, 8))
    assert [period for _, _, period in reminders(app, member)] == [
        "2030-01-07",
        "2030-01-08",
        "2030-01-09",
    ]
    with app.app_context():
        goal = db.session.get(Goal, overdue)
        fields = CheckInFields(
            status="at_risk", confidence=3, happened="Cut scope", value=None, progress=60
        )
        services.check_in(goal, goal.owner, fields, now=at(5, 7))
        db.session.commit()
    run(app, at(5, 8))
    assert reminders(app, member)[-1] == ("goal_overdue", f"goal:{overdue}", "2030-01-12")


def test_a_reminder_is_mailed_only_to_who_chose_email(app, world, overdue):
    with app.app_context():
        set_delivery(world.person("leader").id, "goal_overdue", Delivery.EMAIL)
        set_delivery(world.person("member").id, "goal_overdue", Delivery.OFF)
        db.session.commit()
    run(app, at(0, 8))
    with app.app_context():
        mailed = db.session.scalars(
            sa.select(OutboxMessage.address).where(OutboxMessage.notification_id.is_not(None))
        ).all()
    assert mailed == [world.person("leader").email]
    assert inbox(app, world.person("member")) == []
