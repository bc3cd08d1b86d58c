"""Goals over real HTTP: creating and editing a goal, its mentor and its measure."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, CheckIn, Goal
from tests import goals_world
from tests.goals_factory import add_checkins, make_goal
from tests.goals_world import checkin_data, edit_data, goal_row, goal_url, new_goal_data

cast = goals_world.cast


def test_a_member_creates_their_own_goal(cast, client_as, app):
    client = client_as(cast.person("owner"))
    response = client.post(f"/t/{cast.slug}/goals/new", data=new_goal_data(cast))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Run customer interviews" in page and "Empathy and user focus" in page
    with app.app_context():
        goal = db.session.scalars(sa.select(Goal)).one()
        assert goal.owner_id == cast.person("owner").id and goal.progress == 0
    home = client.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "created the goal “Run customer interviews”" in home


def test_bad_goal_input_is_explained_next_to_the_field_and_kept(cast, client_as):
    client = client_as(cast.person("owner"))
    response = client.post(
        f"/t/{cast.slug}/goals/new",
        data=new_goal_data(cast, title="", unit="interviews", start_value="2"),
        htmx=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in page and "Give the goal a short title." in page
    assert "With a unit, give both a start and a target value." in page
    assert 'value="interviews"' in page and "Ten interviews with notes" in page


def mentor_choices(page: str) -> list[str]:
    """The names the Mentor select offers."""
    select = re.search(r'<select[^>]*id="mentor".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_owner_is_not_offered_as_their_own_mentor(cast, client_as, app):
    owner = client_as(cast.person("owner"))
    offered = mentor_choices(owner.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True))
    assert "Owner" not in offered and {"No mentor", "Mentor", "Leader"} <= set(offered)
    response = owner.post(
        f"/t/{cast.slug}/goals/new",
        data=new_goal_data(cast, mentor=str(cast.person("owner").id)),
    )
    assert response.status_code == 422  # posted anyway: refused, not saved
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    edit_page = client_as(cast.person("leader")).get(goal_url(cast, goal_id, "/edit"))
    assert "Owner" not in mentor_choices(edit_page.get_data(as_text=True))


def test_a_leader_choosing_the_owner_cannot_make_them_their_own_mentor(cast, client_as):
    leader = client_as(cast.person("leader"))
    offered = mentor_choices(leader.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True))
    assert {"Owner", "Leader"} <= set(offered)  # the owner select can still change
    other = str(cast.person("other").id)
    response = leader.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, owner=other, mentor=other)
    )
    assert response.status_code == 422
    assert "Choose someone other than the goal&#39;s owner as mentor." in response.get_data(
        as_text=True
    )


def test_a_leader_creates_a_goal_for_a_member(cast, client_as, app):
    client = client_as(cast.person("leader"))
    data = new_goal_data(cast, owner=str(cast.person("other").id))
    assert client.post(f"/t/{cast.slug}/goals/new", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Goal.owner_id)).one() == cast.person("other").id


def test_a_member_cannot_change_another_members_goal(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    other = client_as(cast.person("other"))
    assert other.get(goal_url(cast, goal_id)).status_code == 200  # team-visible
    assert other.get(goal_url(cast, goal_id, "/edit")).status_code == 403
    assert other.post(goal_url(cast, goal_id, "/edit"), data=new_goal_data(cast)).status_code == 403
    checkin = checkin_data(goal_id, progress="90")
    assert other.post(goal_url(cast, goal_id, "/checkins"), data=checkin).status_code == 403
    assert other.post(goal_url(cast, goal_id, "/comments"), data={"body": "Hi"}).status_code == 403
    assert goal_row(app, goal_id).progress == 0


def test_an_edit_that_lost_a_race_keeps_what_was_typed(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    client = client_as(cast.person("owner"))
    form = client.get(goal_url(cast, goal_id, "/edit")).get_data(as_text=True)
    assert 'value="Run interviews"' in form and 'name="version" type="hidden" value="1"' in form
    add_checkins(app, goal_id, 1)  # saved by someone since version 1 was loaded
    data = new_goal_data(cast, title="My better title", version="1")
    response = client.post(goal_url(cast, goal_id, "/edit"), data=data, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'value="My better title"' in page and "saved by someone else" in page
    assert goal_row(app, goal_id).title == "Run interviews"
    data["version"] = str(goal_row(app, goal_id).version)
    assert client.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    assert goal_row(app, goal_id).title == "My better title"


def test_a_goal_can_name_the_responsibility_area_it_prepares_for(cast, client_as, app, make_team):
    with app.app_context():
        budget = Area(team_id=cast.id, name="Budget management", position=1)
        elsewhere = Area(team_id=make_team(name="Elsewhere").id, name="Secret area", position=1)
        db.session.add_all([budget, elsewhere])
        db.session.commit()
        budget_id, elsewhere_id = budget.id, elsewhere.id
    client = client_as(cast.person("owner"))
    form = client.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True)
    assert "Budget management" in form and "Secret area" not in form
    refused = client.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, area=str(elsewhere_id))
    )
    assert refused.status_code == 422
    created = client.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, area=str(budget_id))
    )
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Responsibility area" in page and "Budget management" in page


def test_changing_the_measure_is_recorded_as_a_check_in(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, numbers=(0, 8, "interviews"))
    add_checkins(app, goal_id, 4)  # at 4 of 8: 50 %, on track
    leader = client_as(cast.person("leader"))
    data = edit_data(cast, app, goal_id, target_value="10")
    assert leader.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    goal = goal_row(app, goal_id)
    assert (goal.current_value, goal.progress, goal.status) == (4, 40, "on_track")
    with app.app_context():
        latest = db.session.scalars(
            sa.select(CheckIn).where(CheckIn.goal_id == goal_id).order_by(CheckIn.id.desc())
        ).first()
        assert latest.author_id == cast.person("leader").id
        assert (latest.value, latest.progress, latest.status) == (4, 40, "on_track")
    page = leader.get(goal_url(cast, goal_id)).get_data(as_text=True)
    assert "Changed the measure: 0 → 10 interviews (was 0 → 8 interviews)" in page
    assert re.findall(r'data-progress="(\d+)"', page)[-1] == "40"  # the chart ends at the bar
    unchanged = edit_data(cast, app, goal_id, title="Run ten interviews")
    leader.post(goal_url(cast, goal_id, "/edit"), data=unchanged)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 5


def test_a_changed_measure_waits_for_the_mentor_like_any_check_in(cast, client_as, app):
    mentor = cast.person("mentor").id
    goal_id = make_goal(app, cast.id, cast.person("owner").id, mentor_id=mentor, numbers=(0, 8, ""))
    add_checkins(app, goal_id, 1)
    leader = client_as(cast.person("leader"))
    data = edit_data(cast, app, goal_id, target_value="10", mentor=str(mentor))
    assert leader.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    page = leader.get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert "2 check-ins waiting for a mentor" in page
