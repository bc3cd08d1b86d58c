"""Private goals over real HTTP: seen by the owner, the mentor and leaders only."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Goal, Team
from tests import goals_world
from tests.goals_factory import add_checkins, make_goal
from tests.goals_world import checkin_data, edit_data, goal_url, new_goal_data

cast = goals_world.cast


@pytest.fixture
def private_goal(cast, app):
    goal_id = make_goal(
        app,
        cast.id,
        cast.person("owner").id,
        title="Handle my stage fright",
        mentor_id=cast.person("mentor").id,
        private=True,
        created_days_ago=30,
    )
    checkin_id = add_checkins(app, goal_id, 1, days_ago=20)[0]
    return goal_id, checkin_id


@pytest.mark.parametrize(
    ("method", "rest"),
    [
        ("GET", ""),
        ("GET", "/edit"),
        ("POST", "/edit"),
        ("POST", "/checkins"),
        ("POST", "/comments"),
        ("GET", "/close"),
        ("POST", "/close"),
        ("POST", "/checkins/{checkin_id}/acknowledge"),
    ],
)
def test_a_private_goal_is_not_there_for_other_members(cast, client_as, private_goal, method, rest):
    goal_id, checkin_id = private_goal
    path = goal_url(cast, goal_id, rest.format(checkin_id=checkin_id))
    other = client_as(cast.person("other"))
    response = other.get(path) if method == "GET" else other.post(path, data={"body": "x"})
    assert response.status_code == 404


def test_a_private_goal_is_seen_by_owner_mentor_and_leaders_only(cast, client_as, private_goal):
    goal_id, _ = private_goal
    for person in ("owner", "mentor", "leader"):
        assert client_as(cast.person(person)).get(goal_url(cast, goal_id)).status_code == 200
    other = client_as(cast.person("other"))
    home = other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "stage fright" not in home and "a private goal" in home  # the feed hides the title
    growth = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team")
    assert "Handle my stage fright" in growth.get_data(as_text=True)  # leaders see it, flagged
    mentor_page = client_as(cast.person("mentor")).get(f"/t/{cast.slug}/goals/")
    assert "Handle my stage fright" in mentor_page.get_data(as_text=True)  # to acknowledge


def test_a_private_goal_stays_out_of_other_members_lists_counts_and_charts(cast, private_goal, app):
    from plplan.goals import services
    from plplan.models import Membership

    make_goal(app, cast.id, cast.person("owner").id, title="Public goal")
    with app.app_context():
        other = db.session.scalar(
            sa.select(Membership).where(Membership.user_id == cast.person("other").id)
        )
        visible = db.session.scalars(sa.select(Goal.title).where(services.visible_to(other)))
        assert set(visible) == {"Public goal"}
        growth = services.team_growth(other)
        assert growth.open_count == 1
        assert sum(p.open_count for p in growth.people) == 1
        assert growth.stale_count == 0 and growth.flagged == [] and growth.unacknowledged == []
        assert services.growth_focus(db.session.get(Team, cast.id))["open_goals"] == 1


def test_a_goal_made_private_leaves_the_team_feed(cast, client_as, app):
    owner = client_as(cast.person("owner"))
    created = owner.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, title="Overcome stage fright")
    )
    goal_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    owner.post(goal_url(cast, goal_id, "/checkins"), data=checkin_data(goal_id, progress="20"))
    other = client_as(cast.person("other"))
    assert "“Overcome stage fright”" in other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    data = edit_data(cast, app, goal_id, visibility="private")
    assert owner.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    home = other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "stage fright" not in home
    assert "created a private goal" in home and "checked in on a private goal: 20%" in home
