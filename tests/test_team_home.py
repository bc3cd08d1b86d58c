"""The team home: the current plan at a glance, my goals, my responsibilities, activity."""

from plplan.extensions import db
from plplan.models import Team, User
from plplan.vision.services import create_plan, publish
from tests.goals_factory import make_goal


def test_home_without_a_plan_invites_the_leader_to_start_one(team, client_as):
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "No plan yet." in page and "Start one" in page
    viewer_page = client_as(team.person("viewer")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "No plan yet." in viewer_page and "Start one" not in viewer_page


def test_home_shows_the_current_plan_and_my_open_goals(team, client_as, app):
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        publish(plan, leader, note="For the offsite")
        db.session.commit()
    make_goal(app, team.id, team.person("member").id, title="Run interviews alone")
    member_page = client_as(team.person("member")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "Checkout 2027" in member_page and "Published v1" in member_page
    assert "“For the offsite”" in member_page
    assert "My goals" in member_page and "Run interviews alone" in member_page
    viewer_page = client_as(team.person("viewer")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "Published v1" in viewer_page and "My goals" not in viewer_page
