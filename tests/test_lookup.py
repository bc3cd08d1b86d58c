"""Team-scoped objects are found one way (plplan/lookup.py): another team's object, or a child
reached through the wrong parent, is not there."""

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from plplan.extensions import db
from plplan.lookup import child, child_or_404, team_object, team_object_or_404
from plplan.models import CheckIn, Goal, Membership, Plan, PlanComment, PlanItem, Team, User
from plplan.vision import comments
from plplan.vision import services as vision_services
from tests.goals_factory import add_checkins, make_goal


def _plan_with_comment(team_id: int, leader_id: int, name: str) -> tuple[int, int, int]:
    """(plan id, one row's id, one comment's id), built through the real services."""
    leader = db.session.get(User, leader_id)
    plan = vision_services.create_plan(db.session.get(Team, team_id), name, leader)
    item = vision_services.add_item(plan, "need", {"text": "Shoppers wait"}, leader)
    comment = comments.add_comment(plan, "vision", "Why now?", leader)
    db.session.commit()
    return plan.id, item.id, comment.id


@pytest.fixture
def two_teams(team, make_team, app):
    """Our team with two plans, and another team with a plan of its own."""
    other = make_team("Search")
    with app.app_context():
        ours = _plan_with_comment(team.id, team.person("leader").id, "Checkout 2027")
        second = _plan_with_comment(team.id, team.person("leader").id, "Checkout 2028")
        theirs = _plan_with_comment(other.id, other.person("leader").id, "Search 2027")
    return team, other, ours, second, theirs


def test_team_object_finds_the_members_own_and_not_another_teams(two_teams, app):
    team, _, ours, _, theirs = two_teams
    with app.test_request_context():
        membership = db.session.get(Membership, team.membership_ids["viewer"])
        assert team_object_or_404(membership, Plan, ours[0]).name == "Checkout 2027"
        assert team_object(membership, Plan, theirs[0]) is None
        with pytest.raises(NotFound):
            team_object_or_404(membership, Plan, theirs[0])
        with pytest.raises(NotFound):
            team_object_or_404(membership, Plan, 10_000)


def test_extra_criteria_narrow_the_lookup(two_teams, app):
    team, _, ours, _, _ = two_teams
    with app.test_request_context():
        membership = db.session.get(Membership, team.membership_ids["member"])
        assert team_object(membership, Plan, ours[0], Plan.name == "Checkout 2027") is not None
        assert team_object(membership, Plan, ours[0], Plan.name == "Other") is None


def test_children_are_found_only_through_their_parent(two_teams, app):
    _, _, ours, second, theirs = two_teams
    with app.test_request_context():
        plan, other_plan = db.session.get(Plan, ours[0]), db.session.get(Plan, second[0])
        assert child_or_404(plan, PlanItem, ours[1]).plan_id == plan.id
        assert child(plan, PlanComment, ours[2]).body == "Why now?"
        assert child(other_plan, PlanItem, ours[1]) is None
        for wrong_id in (second[2], theirs[2]):
            with pytest.raises(NotFound):
                child_or_404(plan, PlanComment, wrong_id)


def test_a_check_in_is_found_only_through_its_goal(team, app):
    owner_id = team.person("member").id
    goal_id = make_goal(app, team.id, owner_id)
    other_goal_id = make_goal(app, team.id, owner_id, title="Another")
    checkin_id = add_checkins(app, goal_id, 1)[0]
    with app.test_request_context():
        goal, other_goal = db.session.get(Goal, goal_id), db.session.get(Goal, other_goal_id)
        assert child_or_404(goal, CheckIn, checkin_id).goal_id == goal_id
        with pytest.raises(NotFound):
            child_or_404(other_goal, CheckIn, checkin_id)


# -- what a user sees ----------------------------------------------------------------------------


def test_another_teams_plan_and_a_child_through_the_wrong_plan_answer_404(two_teams, client_as):
    team, _, ours, second, theirs = two_teams
    client = client_as(team.person("leader"))
    slug = team.slug
    assert client.get(f"/t/{slug}/plans/{ours[0]}").status_code == 200
    assert client.get(f"/t/{slug}/plans/{theirs[0]}").status_code == 404
    # a comment and a row of the team's second plan, reached through the first
    resolve = client.post(f"/t/{slug}/plans/{ours[0]}/comments/{second[2]}/resolve")
    assert resolve.status_code == 404
    delete = client.post(f"/t/{slug}/plans/{ours[0]}/rows/{second[1]}/delete")
    assert delete.status_code == 404
    assert client.post(f"/t/{slug}/plans/{second[0]}/rows/{second[1]}/delete").status_code == 303


def test_a_check_in_acknowledged_through_another_goal_answers_404(team, app, client_as):
    owner_id = team.person("member").id
    leader_id = team.person("leader").id
    goal_id = make_goal(app, team.id, owner_id, mentor_id=leader_id)
    other_goal_id = make_goal(app, team.id, owner_id, title="Another", mentor_id=leader_id)
    checkin_id = add_checkins(app, goal_id, 1)[0]
    client = client_as(team.person("leader"))
    base = f"/t/{team.slug}/goals"
    wrong = client.post(f"{base}/{other_goal_id}/checkins/{checkin_id}/acknowledge")
    assert wrong.status_code == 404
    with app.app_context():
        checkin = db.session.scalar(sa.select(CheckIn).where(CheckIn.id == checkin_id))
        assert checkin.acknowledged_at is None
    right = client.post(f"{base}/{goal_id}/checkins/{checkin_id}/acknowledge")
    assert right.status_code == 303
