"""Teams: create, invite by link, join, roles, removal, leaving, and the activity feed."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Invitation, Membership, Role, Team, utcnow
from plplan.teams import services
from plplan.teams.forms import ROLES
from tests.queries import orm_statements_as_postgresql


def test_create_team_makes_creator_leader_and_logs_activity(client_as, make_user, app):
    person = make_user(name="Maya")
    client = client_as(person)
    response = client.post("/teams/new", data={"name": "Checkout & Payments"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/t/checkout-payments/"  # getting started
    with app.app_context():
        membership = db.session.scalar(sa.select(Membership))
        assert membership.role == Role.LEADER and membership.user_id == person.id
    home = client.get("/t/checkout-payments/").get_data(as_text=True)
    assert "created the team Checkout &amp; Payments" in home


def test_team_slugs_stay_unique(client_as, make_user, app):
    client = client_as(make_user())
    for _ in range(3):
        client.post("/teams/new", data={"name": "Growth"})
    with app.app_context():
        assert sorted(db.session.scalars(sa.select(Team.slug))) == [
            "growth",
            "growth-2",
            "growth-3",
        ]


def test_team_name_required(client_as, make_user):
    response = client_as(make_user()).post("/teams/new", data={"name": "  "})
    assert response.status_code == 422
    assert 'id="name-error"' in response.get_data(as_text=True)


def create_invite(client, slug, role="member", days="7", htmx=False):
    return client.post(f"/t/{slug}/invitations", data={"role": role, "days": days}, htmx=htmx)


def invite_path(response) -> str:
    return re.search(r'value="http://localhost(/join/[^"]+)"', response.get_data(as_text=True))[1]


def test_invitation_link_is_shown_once_and_stored_hashed(client_as, team, app):
    leader = client_as(team.person("leader"))
    response = create_invite(leader, team.slug, days="3")
    assert response.status_code == 200
    path = invite_path(response)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation))
        assert token not in invitation.token_hash and len(token) >= 40
        assert timedelta(days=2, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=3)
    listing = leader.get(f"/t/{team.slug}/invitations").get_data(as_text=True)
    assert token not in listing and "Revoke" in listing


def test_invitation_form_errors_inline_for_htmx(client_as, team):
    leader = client_as(team.person("leader"))
    response = create_invite(leader, team.slug, days="90", htmx=True)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="invitations">')
    assert "Choose between 1 and 30 days." in body and 'value="90"' in body


def test_signed_in_user_accepts_invitation(client_as, team, make_user, app):
    path = invite_path(create_invite(client_as(team.person("leader")), team.slug, role="viewer"))
    newcomer = make_user(name="Newcomer")
    client = client_as(newcomer)
    assert "Join Checkout" in client.get(path).get_data(as_text=True)
    response = client.post(path)
    assert response.status_code == 303 and response.headers["Location"] == f"/t/{team.slug}/"
    with app.app_context():
        membership = db.session.scalar(
            sa.select(Membership).where(Membership.user_id == newcomer.id)
        )
        assert membership.role == Role.VIEWER
    assert client_as(make_user()).get(path).status_code == 404  # used up


def test_register_through_invitation_joins_team(client, team, client_as, app):
    path = invite_path(create_invite(client_as(team.person("leader")), team.slug))
    token = path.rsplit("/", 1)[1]
    landing = client.get(path).get_data(as_text=True)
    assert f"/auth/register?invite={token}" in landing
    response = client.post(
        f"/auth/register?invite={token}",
        data={
            "email": "new@example.com",
            "display_name": "New Person",
            "password": "a long password",
        },
    )
    assert response.headers["Location"] == f"/t/{team.slug}/"
    assert "joined the team as member" in client.get(f"/t/{team.slug}/").get_data(as_text=True)


def test_revoked_and_expired_invitations_are_dead(client_as, team, make_user, app):
    leader = client_as(team.person("leader"))
    revoked_path = invite_path(create_invite(leader, team.slug))
    expired_path = invite_path(create_invite(leader, team.slug))
    with app.app_context():
        first, second = db.session.scalars(sa.select(Invitation).order_by(Invitation.id)).all()
        first_id = first.id
        second.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert leader.post(f"/t/{team.slug}/invitations/{first_id}/revoke").status_code == 303
    outsider = client_as(make_user())
    for path in (revoked_path, expired_path):
        assert outsider.get(path).status_code == 404
        assert outsider.post(path).status_code == 404
    assert "No pending invites" in leader.get(f"/t/{team.slug}/invitations").get_data(as_text=True)


def test_leader_changes_roles_but_not_the_last_leader(client_as, team, app):
    leader = client_as(team.person("leader"))
    member_id, leader_id = team.membership_ids["member"], team.membership_ids["leader"]
    leader.post(f"/t/{team.slug}/members/{member_id}/role", data={"role": "viewer"})
    response = leader.post(f"/t/{team.slug}/members/{leader_id}/role", data={"role": "member"})
    assert response.status_code == 303
    page = leader.get(f"/t/{team.slug}/members").get_data(as_text=True)
    assert "A team always needs a leader" in page
    with app.app_context():
        assert db.session.get(Membership, member_id).role == Role.VIEWER
        assert db.session.get(Membership, leader_id).role == Role.LEADER


def test_invalid_role_is_refused(client_as, team, app):
    leader = client_as(team.person("leader"))
    member_id = team.membership_ids["member"]
    leader.post(f"/t/{team.slug}/members/{member_id}/role", data={"role": "owner"})
    with app.app_context():
        assert db.session.get(Membership, member_id).role == Role.MEMBER


def test_last_leader_cannot_leave_but_others_can(client_as, team, app):
    leader = client_as(team.person("leader"))
    leader.post(f"/t/{team.slug}/leave")
    assert "A team always needs a leader" in leader.get(f"/t/{team.slug}/members").get_data(
        as_text=True
    )
    member = client_as(team.person("member"))
    assert member.post(f"/t/{team.slug}/leave").headers["Location"] == "/home"
    assert member.get(f"/t/{team.slug}/").status_code == 404
    with app.app_context():
        verbs = set(db.session.scalars(sa.select(Activity.verb)))
        assert "left" in verbs


def test_leader_removes_member(client_as, team, app):
    leader = client_as(team.person("leader"))
    member_id = team.membership_ids["member"]
    assert leader.post(f"/t/{team.slug}/members/{member_id}/remove").status_code == 303
    assert client_as(team.person("member")).get(f"/t/{team.slug}/").status_code == 404
    assert "removed Member from the team" in leader.get(f"/t/{team.slug}/").get_data(as_text=True)


def test_membership_of_another_team_is_not_reachable(client_as, team, make_team):
    other = make_team(name="Other")
    leader = client_as(team.person("leader"))
    other_member = other.membership_ids["member"]
    assert leader.post(f"/t/{team.slug}/members/{other_member}/remove").status_code == 404


def test_team_switcher_lists_my_teams(client_as, team, make_team, app):
    client = client_as(team.person("leader"))
    page = client.get(f"/t/{team.slug}/").get_data(as_text=True)
    assert 'class="switcher"' in page and f'href="/t/{team.slug}/"' in page
    assert "Other" not in page


def test_people_are_listed_by_name_whatever_their_role(client_as, team, make_user, app):
    aaron = make_user(name="Aaron Viewer")
    with app.app_context():
        db.session.add(Membership(team_id=team.id, user_id=aaron.id, role=Role.VIEWER))
        db.session.commit()
    page = client_as(team.person("viewer")).get(f"/t/{team.slug}/members").get_data(as_text=True)
    rows = page[page.index("<tbody>") :]
    assert rows.index("Aaron Viewer") < rows.index("Leader") < rows.index("Member")


def test_an_invite_opened_by_someone_already_in_the_team_stays_usable(client_as, team, make_user):
    path = invite_path(create_invite(client_as(team.person("leader")), team.slug))
    member = client_as(team.person("member"))
    assert "already in this team" in member.get(path).get_data(as_text=True)
    member.post(path)
    newcomer = client_as(make_user())
    assert newcomer.post(path).status_code == 303


def test_behind_a_proxy_links_use_the_base_url(another_app, team, login):
    proxied = another_app(  # a proxy that sets the host, and the canonical address
        PROXY_COUNT=1, PROXY_TRUST_HOST=True, PLPLAN_BASE_URL="https://plan.example.com"
    )
    client = login(proxied.test_client(), team.person("leader"))
    forwarded = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "plan.example.com",
        "Referer": f"https://plan.example.com/t/{team.slug}/invitations",  # as a browser sends
    }
    response = client.post(
        f"/t/{team.slug}/invitations", data={"role": "member", "days": "7"}, headers=forwarded
    )
    assert 'value="https://plan.example.com/join/' in response.get_data(as_text=True)


def test_the_last_leader_check_locks_the_leaders_rows(team, app):
    with app.app_context(), orm_statements_as_postgresql() as sql:
        membership = db.session.get(Membership, team.membership_ids["leader"])
        with pytest.raises(services.TeamRuleError):
            services.change_role(membership, Role.MEMBER)
    assert any("membership.role =" in s and s.endswith("FOR UPDATE") for s in sql)


def test_the_role_select_beside_each_person_offers_every_role(client_as, team):
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/members").get_data(as_text=True)
    select = page.split(f'id="role-{team.membership_ids["member"]}"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\w+)"', select) == [value for value, _, _ in ROLES]
    assert 'value="member" selected' in select
