"""The first minute: a new team's getting-started steps, where signing in leads, the demo logins."""

import re
from datetime import timedelta

import pytest

from plplan.cli import plplan_cli
from plplan.demo_people import DEMO_PASSWORD, DEMO_PEOPLE
from plplan.extensions import db
from plplan.models import (
    Area,
    Assignment,
    Goal,
    Invitation,
    Membership,
    Raci,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.teams.services import accept_invitation, create_invitation, revoke_invitation
from plplan.vision.services import create_plan, get_field, save_field

STEPS = ["Draft your vision", "Map who owns what", "Invite your team", "Set a growth goal"]


def open_steps(page: str) -> list[str]:
    """The steps still to do: each shown with its link."""
    return re.findall(r"<li><strong>([^<]+)</strong>", page)


@pytest.fixture
def new_team(client_as, make_user):
    """A leader who has just created a team through the form, and where they landed."""
    leader = make_user(name="Maya")
    client = client_as(leader)
    response = client.post("/teams/new", data={"name": "Checkout"})
    return client, leader, response.headers["Location"]


def test_a_new_team_lands_on_its_getting_started_steps(new_team):
    client, _, landed = new_team
    assert landed == "/t/checkout/"
    page = client.get(landed).get_data(as_text=True)
    assert "Get Checkout started" in page and "0 of 4 steps done" in page
    assert open_steps(page) == STEPS
    for link in ["/t/checkout/vision#in-vision", "/t/checkout/responsibilities/"]:
        assert f'href="{link}"' in page
    assert 'href="/t/checkout/invitations"' in page and 'href="/t/checkout/goals/new"' in page


def test_each_step_is_ticked_by_its_data_and_the_block_goes_when_all_are(new_team, app):
    client, leader, landed = new_team
    with app.app_context():
        team = db.session.scalar(db.select(Team))
        user = db.session.get(User, leader.id)
        plan = create_plan(team, "Checkout 2027", user)
        row = get_field(plan, "vision")
        save_field(plan, row, "Pay in one step.", row.version, user)
        db.session.commit()
    page = client.get(landed).get_data(as_text=True)
    assert "1 of 4 steps done" in page and open_steps(page) == STEPS[1:]

    with app.app_context():
        team = db.session.scalar(db.select(Team))
        membership = db.session.scalar(db.select(Membership))
        area = db.session.scalar(db.select(Area).where(Area.team_id == team.id))
        db.session.add(
            Assignment(area_id=area.id, membership_id=membership.id, role=Raci.ACCOUNTABLE)
        )
        create_invitation(team, Role.MEMBER, 7, db.session.get(User, leader.id))
        db.session.commit()
    page = client.get(landed).get_data(as_text=True)
    assert "3 of 4 steps done" in page and open_steps(page) == ["Set a growth goal"]

    with app.app_context():
        team = db.session.scalar(db.select(Team))
        db.session.add(Goal(team_id=team.id, owner_id=leader.id, title="Speak at the all-hands"))
        db.session.commit()
    page = client.get(landed).get_data(as_text=True)
    assert "Get Checkout started" not in page and "steps done" not in page


def test_only_leaders_see_the_steps(team, client_as):
    leader_page = client_as(team.person("leader")).get(f"/t/{team.slug}/").get_data(True)
    member_page = client_as(team.person("member")).get(f"/t/{team.slug}/").get_data(True)
    assert "Get Checkout started" in leader_page
    assert "Get Checkout started" not in member_page


# -- where signing in leads ---------------------------------------------------------------------


def log_in(client, person, path="/auth/login"):
    return client.post(path, data={"email": person.email, "password": person.password})


def test_signing_in_with_one_team_goes_to_that_team(client, team):
    assert log_in(client, team.person("member")).headers["Location"] == f"/t/{team.slug}/"


def test_signing_in_with_no_team_or_several_goes_to_my_teams(client, app, team, make_team):
    assert log_in(client, team.person("outsider")).headers["Location"] == "/home"
    other = make_team("Growth", leader=Role.LEADER)
    with app.app_context():
        member = team.person("member")
        db.session.add(Membership(team_id=other.id, user_id=member.id, role=Role.MEMBER))
        db.session.commit()
    assert log_in(app.test_client(), team.person("member")).headers["Location"] == "/home"


def test_a_next_address_still_wins(client, team):
    response = log_in(client, team.person("member"), "/auth/login?next=/auth/profile")
    assert response.headers["Location"] == "/auth/profile"


# -- the demo logins ----------------------------------------------------------------------------


def test_a_demo_server_says_how_to_sign_in_as_the_demo_people(another_app):
    demo = another_app(PLPLAN_DEMO=True)
    assert "Try the demo team" not in demo.test_client().get("/auth/login").get_data(True)
    demo.test_cli_runner().invoke(plplan_cli, ["demo"])
    page = demo.test_client().get("/auth/login").get_data(as_text=True)
    assert "Try the demo team" in page and f"password <code>{DEMO_PASSWORD}</code>:" in page
    assert all(email in page for email, _, _ in DEMO_PEOPLE)


def test_other_servers_keep_the_demo_logins_to_themselves(another_app, app):
    app.test_cli_runner().invoke(plplan_cli, ["demo"])
    page = another_app().test_client().get("/auth/login").get_data(as_text=True)
    assert "Try the demo team" not in page and DEMO_PASSWORD not in page


def test_only_a_usable_invitation_or_someone_who_joined_ticks_invite_your_team(
    new_team, app, make_user
):
    client, leader, landed = new_team

    def invite_open() -> bool:
        return "Invite your team" in open_steps(client.get(landed).get_data(as_text=True))

    with app.app_context():
        team = db.session.scalar(db.select(Team))
        user = db.session.get(User, leader.id)
        expired, _ = create_invitation(team, Role.MEMBER, 7, user)
        expired.expires_at = utcnow() - timedelta(minutes=1)
        revoke_invitation(create_invitation(team, Role.MEMBER, 7, user)[0])
        db.session.commit()
    assert invite_open()

    with app.app_context():
        team = db.session.scalar(db.select(Team))
        pending, _ = create_invitation(team, Role.MEMBER, 7, db.session.get(User, leader.id))
        db.session.commit()
        pending_id = pending.id
    assert not invite_open()

    newcomer = make_user(name="Ola").id
    with app.app_context():
        pending = db.session.get(Invitation, pending_id)
        accept_invitation(pending, db.session.get(User, newcomer))
        db.session.commit()
    assert not invite_open()

    with app.app_context():
        db.session.execute(db.delete(Membership).where(Membership.user_id == newcomer))
        db.session.commit()
    assert invite_open()
