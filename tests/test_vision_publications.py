"""Publications over time: the list, two publications compared, the draft against the last."""

import re

from plplan.extensions import db
from plplan.models import Plan, User
from plplan.vision import history, services
from tests import vision_world
from tests.vision_world import add_row, plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id


def publish(app, world, plan_id, note="", who="leader"):
    with app.app_context():
        user = db.session.get(User, world.person(who).id)
        services.publish(db.session.get(Plan, plan_id), user, note)
        db.session.commit()


def two_publications(app, client, world, plan_id):
    save(client, world, plan_id, "vision", "Pay in one tap.", 1)
    add_row(app, world, plan_id, "need", text="Shoppers retype cards")
    publish(app, world, plan_id, "First cut for the board")
    save(client, world, plan_id, "vision", "Pay in one tap, anywhere.", 2)
    add_row(app, world, plan_id, "need", text="Merchants miss failures")
    publish(app, world, plan_id, "Added merchants", who="coleader")


def test_the_list_shows_every_publication_with_note_who_and_when(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    two_publications(app, leader, world, plan_id)
    for who in ("leader", "member", "viewer"):
        page = client_as(world.person(who)).get(plan_url(world, plan_id, "/publications"))
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert body.index("Version 2") < body.index("Version 1")  # newest first
        assert "Added merchants" in body and "First cut for the board" in body
        assert re.search(r"published by\s+Coleader,\s+<time datetime=\S+>\d\d \w{3} \d{4}, ", body)
        assert re.search(r"published by\s+Leader,", body)
        draft_link = "What\n          changes if you publish now"
        assert (draft_link in body) is (who != "viewer")


def test_two_publications_compare_in_page_order(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    two_publications(app, leader, world, plan_id)
    for who in ("leader", "viewer"):
        page = client_as(world.person(who)).get(
            plan_url(world, plan_id, "/publications/compare?from=2&to=1")
        )
        body = page.get_data(as_text=True)
        assert page.status_code == 200 and "What changed from version 1 to 2" in body
        assert "<dd>Pay in one <del>tap.</del><ins>tap, anywhere.</ins></dd>" in body
        assert "<dd><ins>Merchants miss failures</ins></dd>" in body
        assert body.index("Vision statement") < body.index("Need: Merchants miss failures")
        assert "Shoppers retype cards" not in body  # unchanged rows are left out
    same = leader.get(plan_url(world, plan_id, "/publications/compare?from=1&to=1"))
    assert same.status_code == 302 and same.headers["Location"].endswith("/publications")


def test_the_draft_against_the_last_publication_is_what_publishing_would_change(
    client_as, world, app, plan_id
):
    leader = client_as(world.person("leader"))
    first = leader.get(plan_url(world, plan_id, "/publications/draft")).get_data(as_text=True)
    assert "What changes if you publish now" in first and "nothing published yet" in first
    two_publications(app, leader, world, plan_id)
    unchanged = leader.get(plan_url(world, plan_id, "/publications/draft")).get_data(as_text=True)
    assert "Nothing: the draft is the same as the last published version." in unchanged
    save(leader, world, plan_id, "mission", "Remove every step.", 1)
    body = leader.get(plan_url(world, plan_id, "/publications/draft")).get_data(as_text=True)
    assert "Mission" in body and "<ins>Remove every step.</ins>" in body
    assert "Vision statement" not in body.split("<h1>")[1]
    assert (
        client_as(world.person("viewer"))
        .get(plan_url(world, plan_id, "/publications/draft"))
        .status_code
        == 403
    )
    plan_page = leader.get(plan_url(world, plan_id)).get_data(as_text=True)
    assert (
        f'href="{plan_url(world, plan_id, "/publications/draft")}">What changes if I publish'
        in (plan_page)
    )


def test_viewers_learn_nothing_of_a_plan_never_published(client_as, world, plan_id):
    viewer = client_as(world.person("viewer"))
    assert viewer.get(plan_url(world, plan_id, "/publications")).status_code == 404


def test_viewers_read_the_published_name_not_the_drafts(client_as, world, app, plan_id):
    publish(app, world, plan_id)
    client_as(world.person("leader")).post(
        plan_url(world, plan_id, "/rename"), data={"name": "Secret codename"}
    )
    body = client_as(world.person("viewer")).get(plan_url(world, plan_id, "/publications"))
    assert "Checkout 2027" in body.get_data(as_text=True)
    assert "Secret codename" not in body.get_data(as_text=True)


def test_snapshots_compare_rows_added_removed_and_changed():
    old = {"board": {"needs": ["A", "B"]}, "strategy": {"north_star": {"name": "Checkouts"}}}
    new = {"board": {"needs": ["A", "C"]}, "strategy": {"north_star": {"name": "Orders"}}}
    changes = history.compare_snapshots(old, new)
    assert [(c.label, c.status) for c in changes] == [
        ("Need: C", "changed"),
        ("North Star metric", "changed"),
    ]
    removed = history.compare_snapshots(old, {"board": {"needs": ["A"]}})
    assert [(c.label, c.status) for c in removed][:1] == [("Need: B", "removed")]
