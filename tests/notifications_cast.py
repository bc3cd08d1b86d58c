"""The `cast` fixture of the who-hears-what tests: leaders, a goal's owner and mentor, another
member, a viewer in the team and an outsider, with the team's skills and areas."""

import pytest

from plplan.models import Role
from tests.goals_factory import seed_team_skills
from tests.responsibilities_world import with_default_areas

CAST = {
    "leader": Role.LEADER,
    "co_leader": Role.LEADER,
    "owner": Role.MEMBER,
    "mentor": Role.MEMBER,
    "member": Role.MEMBER,
    "viewer": Role.VIEWER,
}


@pytest.fixture
def cast(app, make_team, make_user):
    world = make_team("Checkout", **CAST)
    world.people["outsider"] = make_user(name="Outsider")
    seed_team_skills(app, world.id)
    return with_default_areas(app, world)
