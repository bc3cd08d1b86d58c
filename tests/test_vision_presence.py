"""Who else has the plan open: the heartbeat through the database, its query count, and a
page whose session ended hearing so (and getting a fresh token once signed in again)."""

import json
from datetime import timedelta

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import PlanPresence, utcnow
from tests import vision_world
from tests.vision_world import plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id

HEARTBEAT_QUERIES = 4  # who is signed in with their teams, the plan, the upsert, who else


def beat(client, world, plan_id, section=""):
    return client.post(plan_url(world, plan_id, "/presence"), data={"section": section}, htmx=True)


def test_others_see_who_is_here_and_in_which_section(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    member = client_as(world.person("member"))
    beat(leader, world, plan_id, "pillars")
    beat(member, world, plan_id)
    answer = beat(coleader, world, plan_id, "vision").get_data(as_text=True)
    assert "Leader is editing Strategic pillars" in answer
    assert "Member has this plan open" in answer
    assert 'id="presence-pillars"' in answer and "Leader is editing here" in answer
    assert "Coleader" not in answer  # not oneself

    beat(leader, world, plan_id, "roadmap")  # an upsert: one row per person and plan
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanPresence)) == 3
    assert "Leader is editing Roadmap themes" in beat(coleader, world, plan_id).get_data(
        as_text=True
    )


def test_someone_not_seen_lately_is_gone(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    beat(leader, world, plan_id, "pillars")
    with app.app_context():
        db.session.execute(sa.update(PlanPresence).values(seen_at=utcnow() - timedelta(seconds=41)))
        db.session.commit()
    assert "Leader" not in beat(coleader, world, plan_id).get_data(as_text=True)


def test_the_heartbeat_query_count_is_pinned(client_as, world, plan_id, count_queries):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    beat(leader, world, plan_id, "pillars")
    beat(coleader, world, plan_id)
    headers = {"X-CSRF-Token": coleader.csrf_token(), "HX-Request": "true"}
    with count_queries() as statements:
        answer = coleader.post(
            plan_url(world, plan_id, "/presence"),
            data={"section": "vision"},
            headers=headers,
            csrf=False,
        )
    assert answer.status_code == 200 and "Leader is editing" in answer.get_data(as_text=True)
    assert len(statements) == HEARTBEAT_QUERIES


def test_a_signed_out_autosave_says_so_and_a_fresh_token_follows_sign_in(
    client, login, world, app, plan_id
):
    login(client, world.person("leader"))
    token = client.csrf_token()
    client.post("/auth/logout")
    stale = client.post(
        plan_url(world, plan_id, "/fields/vision"),
        data={"value": "Kept text", "version": "1"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
        csrf=False,
    )
    refused = save(client, world, plan_id, "vision", "Kept text", 1)  # a valid token, no user
    for answer in (stale, refused):
        assert answer.status_code == 401 and answer.headers["HX-Reswap"] == "none"
        assert (
            "You were signed out"
            in json.loads(answer.headers["HX-Trigger"])["plplan:notice"]["message"]
        )
    assert client.get("/auth/csrf").get_json()["signed_in"] is False

    login(client, world.person("leader"))
    fresh = client.get("/auth/csrf").get_json()
    assert fresh["signed_in"] is True
    retried = client.post(
        plan_url(world, plan_id, "/fields/vision"),
        data={"value": "Kept text", "version": "1"},
        headers={"X-CSRF-Token": fresh["token"], "HX-Request": "true"},
        csrf=False,
    )
    assert retried.status_code == 200
