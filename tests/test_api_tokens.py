"""The tokens page's rules: CSRF on every change, a past expiry refused, only one's own
tokens revoked, and only the hash of a token stored."""

from datetime import date, timedelta

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import ApiToken
from plplan.security import hash_token

URL = "/auth/profile/tokens"


def _tokens(app) -> list[ApiToken]:
    with app.app_context():
        return list(db.session.scalars(sa.select(ApiToken)))


def test_making_a_token_needs_the_csrf_token(app, client_as, team):
    client = client_as(team.person("leader"))
    response = client.post(URL, data={"name": "Sync", "team": 0, "access": "read"}, csrf=False)
    assert response.status_code == 400 and _tokens(app) == []


def test_a_token_is_stored_only_as_its_hash(app, client_as, team):
    client = client_as(team.person("leader"))
    response = client.post(URL, data={"name": "Sync", "team": team.id, "access": "write"})
    assert response.status_code == 303
    secret = client.get(URL).get_data(as_text=True).split('data-testid="token-secret">')[1]
    secret = secret.split("<")[0]
    (token,) = _tokens(app)
    assert token.token_hash == hash_token(secret) and secret not in token.hint + token.name
    assert token.team_id == team.id and not token.read_only


def test_an_expiry_in_the_past_is_refused(app, client_as, team):
    client = client_as(team.person("leader"))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    data = {"name": "Sync", "team": 0, "access": "read", "expires": yesterday}
    response = client.post(URL, data=data)
    assert response.status_code == 422 and "after today" in response.get_data(as_text=True)
    assert _tokens(app) == []


def test_a_team_one_is_not_in_is_not_offered(app, client_as, team, make_team):
    other = make_team("Elsewhere")
    client = client_as(team.person("leader"))
    response = client.post(URL, data={"name": "Sync", "team": other.id, "access": "read"})
    assert response.status_code == 422 and _tokens(app) == []


def test_nobody_revokes_someone_elses_token(app, client_as, team):
    client_as(team.person("leader")).post(URL, data={"name": "Mine", "team": 0, "access": "read"})
    (token,) = _tokens(app)
    client_as(team.person("member")).post(f"{URL}/{token.id}/revoke")
    assert _tokens(app)[0].revoked_at is None
