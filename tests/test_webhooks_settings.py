"""The chat settings page: a leader sets, replaces and removes the webhook and chooses what
posts there; the URL is never shown again in full; bad input is explained beside the field."""

import html
import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Role, TeamWebhook
from tests.races import ROUNDS, posting, statuses, together

SECRET = "https://93.184.215.14/services/T0AAA/B0BBB/abcdefghijklmnopQRST"
MASKED = "https://93.184.215.14/…QRST"


def chat(team) -> str:
    return f"/t/{team.slug}/chat"


def saved(app, team) -> TeamWebhook | None:
    with app.app_context():
        hook = db.session.get(TeamWebhook, team.id)
        if hook is not None:
            db.session.expunge(hook)
        return hook


@pytest.fixture
def leader(team, client_as):
    return client_as(team.person("leader"))


def test_a_leader_sets_the_url_then_only_sees_it_masked(app, team, leader):
    response = leader.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
    assert response.status_code == 303
    page = leader.get(chat(team)).get_data(as_text=True)
    assert "Chat settings saved." in page
    assert MASKED in page
    assert "abcdefghijklmnop" not in page and "T0AAA" not in page
    hook = saved(app, team)
    assert (hook.url, hook.kinds, hook.set_by_id) == (
        SECRET,
        ["plan_published"],
        team.person("leader").id,
    )
    assert "Set by Leader" in page and "Nothing posted yet." in page


def test_the_kinds_change_and_the_url_stays_when_left_empty(app, team, leader):
    leader.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
    response = leader.post(
        chat(team), data={"url": "", "kinds": ["kpi_off_track", "area_without_accountable"]}
    )
    assert response.status_code == 303
    hook = saved(app, team)
    assert (hook.url, hook.kinds) == (SECRET, ["kpi_off_track", "area_without_accountable"])
    page = leader.get(chat(team)).get_data(as_text=True)
    assert 'checked id="kinds-1"' in page and 'checked id="kinds-0"' not in page


def test_a_new_url_replaces_the_saved_one(app, team, leader):
    leader.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
    leader.post(chat(team), data={"url": "https://1.1.1.1/hooks/newZZZZ", "kinds": []})
    assert (saved(app, team).url, saved(app, team).kinds) == ("https://1.1.1.1/hooks/newZZZZ", [])
    assert "https://1.1.1.1/…ZZZZ" in leader.get(chat(team)).get_data(as_text=True)


def test_a_leader_removes_it(app, team, leader):
    leader.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
    assert leader.post(f"{chat(team)}/remove").status_code == 303
    assert saved(app, team) is None
    page = leader.get(chat(team)).get_data(as_text=True)
    assert "The webhook was removed" in page and MASKED not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Paste the webhook URL your chat gave you."),
        ("http://93.184.215.14/hook", "Only https:// addresses are accepted."),
        ("https://127.0.0.1/hook", "points inside a private network (127.0.0.1)"),
        ("https://169.254.169.254/latest/meta-data", "private network (169.254.169.254)"),
        ("https://[::1]/hook", "private network (::1)"),
        ("<script>alert(1)</script>", "Only https:// addresses are accepted."),
        ("https://" + "x" * 10_000, "This URL is too long (at most 2048 characters)."),
    ],
    ids=lambda v: v[:30],
)
def test_bad_input_is_explained_beside_the_field_and_kept(app, team, leader, typed, message):
    response = leader.post(chat(team), data={"url": typed, "kinds": ["plan_published"]}, htmx=True)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="url-error">([^<]*)</p>', fragment).group(1)
    assert html.escape(message) in error
    assert f'value="{html.escape(typed)}"' in fragment
    assert 'aria-invalid="true"' in fragment
    assert saved(app, team) is None


def test_an_unknown_kind_is_refused(app, team, leader):
    response = leader.post(chat(team), data={"url": SECRET, "kinds": ["everything"]})
    assert response.status_code == 422
    assert 'id="kinds-error"' in response.get_data(as_text=True)
    assert saved(app, team) is None


def test_members_and_viewers_cannot_reach_it_nor_see_the_link(team, client_as):
    for role in ("member", "viewer"):
        client = client_as(team.person(role))
        assert client.get(chat(team)).status_code == 403
        assert client.post(chat(team), data={"url": SECRET}).status_code == 403
        assert chat(team) not in client.get(f"/t/{team.slug}/").get_data(as_text=True)
    assert client_as(team.person("outsider")).get(chat(team)).status_code == 404
    assert chat(team) in client_as(team.person("leader")).get(f"/t/{team.slug}/").get_data(
        as_text=True
    )


@pytest.fixture
def leader_on_local_servers(team, another_app, login):
    """A leader on an app that lets webhooks reach 127.0.0.1 (the test servers are there)."""
    return login(
        another_app(WEBHOOK_ALLOW_PRIVATE_FOR_TESTS=True).test_client(), team.person("leader")
    )


def test_a_test_message_reaches_the_channel(
    app, team, leader_on_local_servers, chat_server, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", chat_server.cert)  # the app trusts the test server
    client = leader_on_local_servers
    client.post(chat(team), data={"url": f"{chat_server.base}/ok", "kinds": ["plan_published"]})
    response = client.post(f"{chat(team)}/test", htmx=True)
    assert response.status_code == 200
    assert "Test message sent." in response.get_data(as_text=True)
    [received] = chat_server.received
    assert received.body["text"].startswith(
        "Test message · Checkout: plplan will post here: Plan published."
    )
    assert received.body["text"].endswith(f"/t/{team.slug}/")
    with app.app_context():
        assert db.session.scalar(sa.select(TeamWebhook.last_error)) is None
    assert "The last post went through" in client.get(chat(team)).get_data(as_text=True)


def test_a_failed_test_message_is_shown_beside_the_field_and_kept(
    app, team, leader_on_local_servers
):
    client = leader_on_local_servers
    client.post(chat(team), data={"url": "https://127.0.0.1:1/hook", "kinds": ["plan_published"]})
    response = client.post(f"{chat(team)}/test", htmx=True)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert '<p class="error" id="url-error">The chat server could not be reached' in fragment
    assert "The last post failed" in fragment
    with app.app_context():
        assert "could not be reached" in db.session.scalar(sa.select(TeamWebhook.last_error))


def test_the_strict_app_refuses_a_local_url_saved_elsewhere(
    app, team, leader_on_local_servers, leader
):
    """Saved where local servers were allowed; the real rules refuse it when sending."""
    leader_on_local_servers.post(chat(team), data={"url": "https://127.0.0.1:1/hook"})
    fragment = leader.post(f"{chat(team)}/test", htmx=True).get_data(as_text=True)
    assert "private network (127.0.0.1)" in fragment


def test_a_test_message_needs_a_saved_url(team, leader):
    response = leader.post(f"{chat(team)}/test", htmx=True)
    assert response.status_code == 422
    assert "Save a webhook URL first." in response.get_data(as_text=True)


def test_leaders_saving_at_once_leave_one_webhook(app, make_team, workers):
    """Real parallel requests (tests/races.py): the first save creates the row, the others
    replace it; nobody gets an error."""
    team = make_team(a=Role.LEADER, b=Role.LEADER, c=Role.LEADER)
    people = [team.person(key) for key in "abc"]
    clients = workers(*people)
    for round_ in range(ROUNDS):
        urls = [f"https://1.1.1.1/hooks/{round_}-{n}" for n in range(len(clients))]
        responses = together(
            *(
                posting(client, chat(team), data={"url": url, "kinds": ["kpi_off_track"]})
                for client, url in zip(clients, urls, strict=True)
            )
        )
        assert statuses(responses) == [303] * len(clients)
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamWebhook)) == 1
        assert saved(app, team).url in urls
        remove = clients[0].post(f"{chat(team)}/remove")
        assert remove.status_code == 303


def test_saving_while_another_leader_removes_it_never_fails(app, make_team, workers):
    team = make_team(a=Role.LEADER, b=Role.LEADER)
    saver, remover = workers(team.person("a"), team.person("b"))
    saver.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
    for _ in range(ROUNDS):
        responses = together(
            posting(saver, chat(team), data={"url": "", "kinds": ["kpi_off_track"]}),
            posting(remover, f"{chat(team)}/remove"),
        )
        # Saved after the removal, an empty URL is refused (there is nothing to keep).
        assert statuses(responses) in ([303, 303], [303, 422])
        saver.post(chat(team), data={"url": SECRET, "kinds": ["plan_published"]})
