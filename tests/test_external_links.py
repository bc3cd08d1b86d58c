"""Links that leave the app (invite and share links) are on PLPLAN_BASE_URL, never on the
Host a request named: a forged Host cannot make a leader hand out a link to another site."""

import re

import pytest

from plplan.extensions import db
from plplan.models import Team, User
from plplan.vision.services import create_plan

HOSTILE = "evil.example"
BASE_URL = "https://plan.test"
KINDS = ["invitation", "share link"]


@pytest.fixture
def forms(app, team) -> dict[str, tuple[str, dict]]:
    with app.app_context():
        creator = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Checkout 2027", creator)
        db.session.commit()
        plan_id = plan.id
    share = {"plan": str(plan_id), "source": "draft", "paper": "a4", "sections": ["vision"]}
    return {
        "invitation": (f"/t/{team.slug}/invitations", {"role": "member", "days": "7"}),
        "share link": (f"/t/{team.slug}/share-links", share),
    }


def on_host(client, app, host: str):
    """The signed-in client, from now on sending every request with `Host: host`."""
    name = app.config["SESSION_COOKIE_NAME"]
    client.set_cookie(name, client.get_cookie(name).value, domain=host)
    client.environ_base["HTTP_HOST"] = host
    return client


def assert_link_on_the_base_url(response) -> None:
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert re.search(rf'value="{re.escape(BASE_URL)}/(join|s)/[\w-]{{20,}}"', body)
    assert HOSTILE not in body


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_host_header_never_reaches_a_link(kind, forms, another_app, login, team):
    instance = another_app(PLPLAN_BASE_URL=BASE_URL)
    leader = on_host(login(instance.test_client(), team.person("leader")), instance, HOSTILE)
    url, data = forms[kind]
    assert_link_on_the_base_url(leader.post(url, data=data))


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_forwarded_host_never_reaches_a_link(kind, forms, another_app, login, team):
    proxied = another_app(PROXY_COUNT=1, PROXY_TRUST_HOST=True, PLPLAN_BASE_URL=BASE_URL)
    leader = login(proxied.test_client(), team.person("leader"))
    url, data = forms[kind]
    assert_link_on_the_base_url(leader.post(url, data=data, headers={"X-Forwarded-Host": HOSTILE}))
