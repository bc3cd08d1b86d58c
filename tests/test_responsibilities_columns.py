"""Who has a column in the responsibility map is the service's rule, not the view's."""

import pytest

from plplan.extensions import db
from plplan.models import Area, Membership, Raci, Team, User
from plplan.responsibilities import services


@pytest.mark.parametrize("who", ["viewer", "stranger"])
def test_set_cell_refuses_people_without_a_column(who, team, make_team, app):
    other = make_team("Search")
    with app.app_context():
        area = Area(team_id=team.id, name="Budget management")
        db.session.add(area)
        db.session.flush()
        membership_id = (
            team.membership_ids["viewer"] if who == "viewer" else other.membership_ids["member"]
        )
        person = db.session.get(Membership, membership_id)
        leader = db.session.get(User, team.person("leader").id)
        with pytest.raises(services.NoColumn):
            services.set_cell(db.session.get(Team, team.id), area, person, Raci.RESPONSIBLE, leader)


def test_set_cell_refuses_an_archived_area(team, app):
    with app.test_request_context():
        area = Area(team_id=team.id, name="Budget management")
        db.session.add(area)
        db.session.flush()
        the_team = db.session.get(Team, team.id)
        services.archive_area(area, the_team)
        member = db.session.get(Membership, team.membership_ids["member"])
        leader = db.session.get(User, team.person("leader").id)
        with pytest.raises(services.NoColumn):
            services.set_cell(the_team, area, member, Raci.RESPONSIBLE, leader)


def test_a_viewers_or_strangers_cell_answers_404(team, make_team, app, client_as):
    other = make_team("Search")
    with app.app_context():
        area = Area(team_id=team.id, name="Budget management")
        db.session.add(area)
        db.session.commit()
        area_id = area.id
    client = client_as(team.person("leader"))
    url = f"/t/{team.slug}/responsibilities/areas/{area_id}/cells"
    for member_id in (team.membership_ids["viewer"], other.membership_ids["member"]):
        response = client.post(url, data={"role": "R", "member_id": str(member_id)})
        assert response.status_code == 404
    ok = client.post(url, data={"role": "R", "member_id": str(team.membership_ids["member"])})
    assert ok.status_code == 303
