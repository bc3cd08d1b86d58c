"""The rules of goals: progress, staleness, overdue, check-ins, attention, growth focus, seeding."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import charts, services
from plplan.goals.services import CheckInFields
from plplan.models import CheckIn, Goal, Membership, Skill, Team, User, utcnow
from plplan.teams.services import create_team
from tests.goals_factory import add_checkins, make_goal, seed_team_skills


@pytest.mark.parametrize(
    ("start", "target", "current", "expected"),
    [
        (0, 10, 0, 0),
        (0, 10, 4, 40),
        (0, 10, 12, 100),  # past the target still reads 100 %
        (0, 10, -3, 0),
        (40, 20, 30, 50),  # a target below the start: going down is progress
        (40, 20, 45, 0),
        (5, 5, 5, 0),  # no distance to go: nothing to measure
        (None, None, None, 0),
    ],
)
def test_progress_from_start_to_target(start, target, current, expected):
    assert services.progress_of(start, target, current) == expected


@pytest.fixture
def world(team, app):
    seed_team_skills(app, team.id)
    return team


def _goal(app, goal_id) -> tuple[Goal, Team]:
    goal = db.session.get(Goal, goal_id)
    return goal, goal.team


def test_a_goal_is_stale_after_the_teams_period_without_a_check_in(world, app):
    goal_id = make_goal(app, world.id, world.person("member").id, created_days_ago=20)
    with app.app_context():
        goal, team = _goal(app, goal_id)
        assert services.is_stale(goal, team)
        team.goal_stale_days = 30
        assert not services.is_stale(goal, team)
        team.goal_stale_days = 14
        assert not services.is_stale(goal, team, now=utcnow() - timedelta(days=7))
    add_checkins(app, goal_id, 1)
    with app.app_context():
        goal, team = _goal(app, goal_id)
        assert not services.is_stale(goal, team)


def test_closed_goals_are_never_stale_or_overdue(world, app):
    goal_id = make_goal(
        app,
        world.id,
        world.person("member").id,
        created_days_ago=60,
        target_date=date.today() - timedelta(days=3),
    )
    with app.app_context():
        goal, team = _goal(app, goal_id)
        assert services.is_stale(goal, team) and services.is_overdue(goal)
        services.close_goal(goal, "done", "partly", "Interviews need a script")
        assert not services.is_stale(goal, team) and not services.is_overdue(goal)
        assert goal.closed_at is not None and goal.outcome == "partly"


def test_overdue_means_an_open_goal_past_its_target_date(world, app):
    goal_id = make_goal(app, world.id, world.person("member").id, target_date=date(2026, 3, 1))
    with app.app_context():
        goal, _ = _goal(app, goal_id)
        assert services.is_overdue(goal, today=date(2026, 3, 2))
        assert not services.is_overdue(goal, today=date(2026, 3, 1))
        goal.target_date = None
        assert not services.is_overdue(goal, today=date(2030, 1, 1))


def test_a_check_in_moves_the_goals_value_progress_and_status(world, app):
    goal_id = make_goal(app, world.id, world.person("member").id, numbers=(0, 8, "interviews"))
    with app.app_context():
        goal, _ = _goal(app, goal_id)
        version = goal.version
        checkin = services.check_in(
            goal,
            goal.owner,
            CheckInFields(status="at_risk", confidence=2, happened="Two calls", value=2),
        )
        assert (goal.current_value, goal.progress, goal.status) == (2, 25, "at_risk")
        assert (checkin.value, checkin.progress) == (2, 25)
        assert goal.last_checkin_at == checkin.created_at
        assert goal.version == version + 1


def test_attention_counts_my_stale_goals_and_check_ins_i_must_acknowledge(world, app, make_user):
    member, leader = world.person("member"), world.person("leader")
    make_goal(app, world.id, member.id, created_days_ago=30)  # stale
    fresh = make_goal(app, world.id, member.id, mentor_id=leader.id)
    add_checkins(app, fresh, 2)  # two for the leader to acknowledge
    with app.app_context():
        memberships = {
            m.user_id: m
            for m in db.session.scalars(sa.select(Membership).where(Membership.team_id == world.id))
        }
        assert services.attention_count(memberships[member.id]) == 1
        assert services.attention_count(memberships[leader.id]) == 2
        first = db.session.scalars(sa.select(Goal).where(Goal.id == fresh)).one().checkins[0]
        services.acknowledge(first, db.session.get(User, leader.id), "")
        assert services.attention_count(memberships[leader.id]) == 1


def test_growth_focus_counts_only_team_visible_open_goals(world, app):
    member = world.person("member").id
    make_goal(app, world.id, member, skill_name="Communication")
    make_goal(app, world.id, member, skill_name="Communication")
    make_goal(app, world.id, member, skill_name="Technical skills")
    make_goal(app, world.id, member, skill_name="Business acumen", private=True)
    on_track = make_goal(app, world.id, member, skill_name="Technical skills")
    add_checkins(app, on_track, 1)
    closed = make_goal(app, world.id, member, skill_name="Decision-making")
    with app.app_context():
        goal, _ = _goal(app, closed)
        services.close_goal(goal, "dropped", "missed", "Wrong time")
        db.session.commit()
        focus = services.growth_focus(db.session.get(Team, world.id))
    assert focus == {
        "skills": ["Communication", "Technical skills"],
        "open_goals": 4,
        "on_track": 1,
    }


def test_a_new_team_gets_the_eight_seed_skills(app, make_user):
    person = make_user()
    with app.app_context():
        team = create_team("Growth", db.session.get(User, person.id))
        db.session.commit()
        names = db.session.scalars(
            sa.select(Skill.name).where(Skill.team_id == team.id).order_by(Skill.position)
        ).all()
    assert names[0] == "Business acumen" and names[-1] == "Influence and motivation"
    assert len(names) == 8


def test_the_progress_chart_starts_at_creation_and_rises_with_check_ins(world, app):
    goal_id = make_goal(app, world.id, world.person("member").id, created_days_ago=5)
    add_checkins(app, goal_id, 3)
    with app.app_context():
        goal, _ = _goal(app, goal_id)
        chart = charts.progress_chart(goal, services.history(goal))
    assert [p.progress for p in chart.points] == [0, 10, 20, 30]
    ys = [p.y for p in chart.points]
    assert ys == sorted(ys, reverse=True)  # higher progress is drawn higher up
    xs = [p.x for p in chart.points]
    assert xs[0] == chart.left and xs == sorted(xs)


def test_the_demo_gives_every_member_goals_with_months_of_check_ins(app):
    from plplan.demo import load_demo

    with app.app_context():
        team = load_demo()
        db.session.commit()
        rows = db.session.execute(
            sa.select(
                User.email, sa.func.count(sa.distinct(Goal.id)), sa.func.min(CheckIn.created_at)
            )
            .join(Goal, Goal.owner_id == User.id)
            .outerjoin(CheckIn, CheckIn.goal_id == Goal.id)
            .where(Goal.team_id == team.id)
            .group_by(User.email)
        ).all()
    goals = {email.split("@")[0]: count for email, count, _ in rows}
    assert goals == {"jonas": 2, "priya": 2, "tomas": 2, "amara": 2}
    earliest = min(first for *_, first in rows if first is not None)
    assert utcnow() - earliest > timedelta(days=60)


def _goal_fields(goal: Goal, **changes) -> services.GoalFields:
    """The goal form's fields as the goal has them now, with `changes`."""
    names = services.GoalFields.__dataclass_fields__
    return services.GoalFields(**{**{n: getattr(goal, n) for n in names}, **changes})


def test_an_edit_loses_to_a_save_made_after_its_version_check(world, app):
    """Someone else's save lands between the check and the write: it is kept, ours refused."""
    goal_id = make_goal(app, world.id, world.person("member").id)
    with app.app_context():
        goal, _ = _goal(app, goal_id)
        loaded = goal.version
        with db.engine.begin() as someone_else:
            someone_else.execute(
                sa.update(Goal)
                .where(Goal.id == goal_id)
                .values(title="Their title", version=Goal.version + 1)
            )
        with pytest.raises(services.GoalConflict):
            services.update_goal(goal, _goal_fields(goal, title="My title"), loaded, goal.owner)
        db.session.rollback()
        assert db.session.get(Goal, goal_id).title == "Their title"


def test_a_check_in_is_acknowledged_once_even_when_two_arrive_together(world, app):
    goal_id = make_goal(app, world.id, world.person("member").id)
    (checkin_id,) = add_checkins(app, goal_id, 1)
    with app.app_context():
        checkin = db.session.get(CheckIn, checkin_id)
        assert checkin.acknowledged_at is None  # what the second request saw when it loaded
        with db.engine.begin() as first:
            first.execute(
                sa.update(CheckIn)
                .where(CheckIn.id == checkin_id)
                .values(acknowledged_at=utcnow(), feedback="First")
            )
        leader = db.session.get(User, world.person("leader").id)
        acknowledged = services.acknowledge(checkin, leader, "Second")
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(CheckIn, checkin_id).feedback == "First"
        assert acknowledged is False  # the view answers "already acknowledged"
