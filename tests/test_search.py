"""Search across a team: each kind is found once written, follows its changes and goes when
it goes; ranking, phrases, prefixes, other scripts; who sees what; bad queries; escaping."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, Role, Team, User
from plplan.vision import services as vision
from tests.vision_world import field, plan_url, save


@pytest.fixture
def world(make_team, make_user):
    world = make_team(
        "Checkout", leader=Role.LEADER, member=Role.MEMBER, other=Role.MEMBER, viewer=Role.VIEWER
    )
    world.people["outsider"] = make_user(name="Outsider")
    return world


@pytest.fixture
def plan_id(app, world) -> int:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        db.session.commit()
        return plan.id


def found(client, world, q: str) -> str:
    """The results part of the search page (the text a person reads there)."""
    response = client.get(f"/t/{world.slug}/search", query_string={"q": q})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    main = page.split('<main', 1)[1].split("</main>", 1)[0]
    return main.split("</form>", 1)[1]


def titles(client, world, q: str) -> list[str]:
    html = found(client, world, q)
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r'<li class="card search-hit">\s*<a href="[^"]*">(.*?)</a>', html, re.S)]


def test_a_plan_field_is_found_after_a_save_and_follows_it(app, world, plan_id, client_as):
    leader = client_as(world.person("leader"))
    row = field(app, plan_id, "vision")
    assert save(leader, world, plan_id, "vision", "Every shop sells abroad", row.version).status_code == 200
    assert "abroad" in found(leader, world, "abroad")
    assert save(leader, world, plan_id, "vision", "Every shop sells locally", row.version + 1).status_code == 200
    assert "locally" in found(leader, world, "locally")
    assert "0 results" in found(leader, world, "abroad")
