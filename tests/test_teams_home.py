"""The team home: the current plan at a glance, my goals, my responsibilities, activity."""

from plplan.extensions import db
from plplan.models import Plan, Team, User
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
    assert "My responsibilities" not in viewer_page  # viewers have no column in the map


def test_a_viewer_sees_only_published_plans_and_the_maps_news(team, client_as, app):
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Secret 2028", leader)
        db.session.commit()
        plan_id = plan.id
    make_goal(app, team.id, team.person("member").id, title="Run interviews alone")
    viewer = client_as(team.person("viewer"))
    page = viewer.get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "Secret 2028" not in page and "has not been published yet" in page
    assert "Run interviews alone" not in page
    one_pager = viewer.get(f"/t/{team.slug}/one-pager").get_data(as_text=True)
    assert "Secret 2028" not in one_pager and "No plan has been published yet" in one_pager
    with app.app_context():
        publish(db.session.get(Plan, plan_id), db.session.get(User, team.person("leader").id))
        db.session.commit()
    page = viewer.get(f"/t/{team.slug}/").get_data(as_text=True)
    assert "published “Secret 2028” (version 1)" in page
    assert "created the plan" not in page and "Run interviews alone" not in page


def test_a_viewer_does_not_see_the_teams_email_addresses(team, client_as):
    member = team.person("member")
    page = client_as(team.person("viewer")).get(f"/t/{team.slug}/members").get_data(as_text=True)
    assert member.email not in page
    page = client_as(member).get(f"/t/{team.slug}/members").get_data(as_text=True)
    assert member.email in page
