"""Who may do what with a communication plan: leaders and the area's A and R edit it, its owner
marks a row done, other members read, viewers only where a leader showed it, outsiders 404."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, AreaModule, Role, utcnow
from tests.comms_world import COMMS, add_comm, with_comms
from tests.responsibilities_world import set_cells, text

# the member-side cast: R on the area, A on another area, a plain member, the row's owner
ROLES = {
    "leader": Role.LEADER,
    "responsible": Role.MEMBER,
    "member": Role.MEMBER,
    "owner": Role.MEMBER,
    "viewer": Role.VIEWER,
}
DONE_DAY = "2026-01-05"


@pytest.fixture
def world(make_team, make_user, app):
    team = with_comms(app, make_team(**ROLES))
    team.people["outsider"] = make_user(name="Outsider")
    set_cells(app, (team.area(COMMS), team.membership_ids["responsible"], "R"))
    team.comm = add_comm(app, team.area(COMMS), team.membership_ids["owner"])
    return team


def routes(team) -> dict[str, tuple[str, str, dict]]:
    base = f"/t/{team.slug}/responsibilities/areas/{team.area(COMMS)}/comms"
    row = {
        "audience": "n:Board",
        "what": "Board update",
        "channel": "email",
        "cadence": "monthly",
        "owner": "",
        "first_due": "2026-12-01",
    }
    done = {f"done{team.comm}-done_on": DONE_DAY}
    return {
        "new form": ("GET", f"{base}/new", {}),
        "add": ("POST", f"{base}/new", row),
        "edit form": ("GET", f"{base}/{team.comm}/edit", {}),
        "edit": ("POST", f"{base}/{team.comm}/edit", row),
        "delete": ("POST", f"{base}/{team.comm}/delete", {}),
        "done": ("POST", f"{base}/{team.comm}/done", done),
        "history": ("GET", f"{base}/history", {}),
    }


def status(client, method: str, path: str, data: dict) -> int:
    if method == "GET":
        return client.get(path).status_code
    return client.post(path, data=data).status_code


EDIT = {"leader": "ok", "responsible": "ok", "member": 403, "owner": 403}
EXPECTED = {
    "new form": EDIT,
    "add": EDIT,
    "edit form": EDIT,
    "edit": EDIT,
    "delete": EDIT,
    "done": {**EDIT, "owner": "ok"},  # the owner marks their row done without holding the area
    "history": {"leader": "ok", "responsible": "ok", "member": "ok", "owner": "ok"},
}


@pytest.mark.parametrize("route", EXPECTED)
@pytest.mark.parametrize(
    "visitor", ["leader", "responsible", "member", "owner", "viewer", "outsider"]
)
def test_who_may_use_each_route_of_a_hidden_plan(route, visitor, world, client_as):
    method, path, data = routes(world)[route]
    expected = EXPECTED[route].get(visitor, 404)  # viewers: hidden; outsiders: not their team
    ok = 200 if method == "GET" else 303
    assert status(client_as(world.person(visitor)), method, path, data) == (
        ok if expected == "ok" else expected
    )


@pytest.mark.parametrize("route", EXPECTED)
def test_viewers_read_a_plan_shown_to_them_and_change_nothing(route, world, client_as, app):
    with app.app_context():
        db.session.execute(
            sa.update(AreaModule).where(AreaModule.kind == "comms").values(visible_to_viewers=True)
        )
        db.session.commit()
    method, path, data = routes(world)[route]
    viewer = client_as(world.person("viewer"))
    assert status(viewer, method, path, data) == (200 if route == "history" else 403)


def test_the_area_page_shows_the_plan_to_whom_may_read_it(world, client_as, app):
    area_page = f"/t/{world.slug}/responsibilities/areas/{world.area(COMMS)}"
    for person, sees, edits in [
        ("leader", True, True),
        ("responsible", True, True),
        ("member", True, False),
        ("viewer", False, False),
    ]:
        page = text(client_as(world.person(person)).get(area_page))
        assert ('id="comms-h"' in page) is sees, person
        assert ("Add a communication" in page) is edits, person
        assert ("Mark done" in page) is edits, person
    owner_page = text(client_as(world.person("owner")).get(area_page))
    assert "Mark done" in owner_page and "Add a communication" not in owner_page


def test_nobody_changes_the_plan_of_an_archived_area(world, client_as, app):
    with app.app_context():
        db.session.get(Area, world.area(COMMS)).archived_at = utcnow()
        db.session.commit()
    for route in ["add", "edit", "delete", "done"]:
        method, path, data = routes(world)[route]
        for person in ["leader", "responsible", "owner"]:
            assert status(client_as(world.person(person)), method, path, data) == 403, (
                route,
                person,
            )
