"""Fixtures and helpers shared by the goal pages' test modules."""

import pytest

from plplan.extensions import db
from plplan.models import Goal, Role
from tests.goals_factory import seed_team_skills


@pytest.fixture
def cast(make_team, app):
    """A team with an owner, their mentor, another member, a leader and a viewer."""
    world = make_team(
        leader=Role.LEADER,
        owner=Role.MEMBER,
        mentor=Role.MEMBER,
        other=Role.MEMBER,
        viewer=Role.VIEWER,
    )
    world.skills = seed_team_skills(app, world.id)
    return world


def goal_url(world, goal_id, rest=""):
    return f"/t/{world.slug}/goals/{goal_id}{rest}"


def new_goal_data(world, **overrides):
    data = {
        "title": "Run customer interviews",
        "success": "Ten interviews with notes",
        "skill": str(world.skills["Empathy and user focus"]),
        "visibility": "team",
    }
    return {**data, **overrides}


def checkin_data(goal_id, **fields):
    """A check-in form's fields, named with the goal's prefix as the page names them."""
    data = {"status": "on_track", "confidence": "4", "happened": "Talked to users", **fields}
    return {f"goal{goal_id}-{name}": value for name, value in data.items()}


def goal_row(app, goal_id) -> Goal:
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        db.session.expunge(goal)
        return goal


def edit_data(cast, app, goal_id, **overrides):
    """The edit form as loaded now (its version included), with `overrides` typed in."""
    goal = goal_row(app, goal_id)
    data = {
        "title": goal.title,
        "success": goal.success,
        "skill": str(goal.skill_id or ""),
        "visibility": goal.visibility,
        "unit": goal.unit,
        "start_value": "" if goal.start_value is None else f"{goal.start_value:g}",
        "target_value": "" if goal.target_value is None else f"{goal.target_value:g}",
        "version": str(goal.version),
    }
    return {**data, **overrides}
