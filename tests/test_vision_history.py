"""A vision plan's history: restoring, comparing and paging through revisions."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, PlanRevision, User, utcnow
from plplan.vision import history, services
from tests import vision_world
from tests.vision_world import add_row, plan_url, revisions, save

world = vision_world.world
plan_id = vision_world.plan_id


# -- history --------------------------------------------------------------------------------------


def test_restore_brings_back_a_field_and_a_deleted_row(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "The first vision.", 1)
    save(coleader, world, plan_id, "vision", "A worse vision.", 2)
    item = add_row(app, world, plan_id, "need", text="Shoppers wait")
    leader.post(plan_url(world, plan_id, f"/rows/{item}/delete"))
    first_vision, _, _, deletion = revisions(app, plan_id)

    response = leader.post(plan_url(world, plan_id, f"/revisions/{first_vision.id}/restore"))
    assert response.status_code == 303
    leader.post(plan_url(world, plan_id, f"/revisions/{deletion.id}/restore"))
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.get(Plan, plan_id))
    assert snapshot["vision"] == "The first vision."
    assert snapshot["board"]["needs"] == ["Shoppers wait"]
    assert [r.action for r in revisions(app, plan_id)][-2:] == ["restore", "restore"]
    page = leader.get(plan_url(world, plan_id, "/history")).get_data(as_text=True)
    assert "restored" in page and "Restore this" in page


def test_compare_shows_a_readable_diff_per_field(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "Pay in one tap.", 1)
    save(coleader, world, plan_id, "vision", "Pay in one tap, anywhere.", 2)
    save(coleader, world, plan_id, "non_goals", "No <b>crypto</b>.", 1)
    first, _, last = revisions(app, plan_id)
    member = client_as(world.person("member"))
    page = member.get(plan_url(world, plan_id, f"/compare?from={first.id}&to={last.id}"))
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<del>tap.</del><ins>tap, anywhere.</ins>" in body
    assert "<ins>No &lt;b&gt;crypto&lt;/b&gt;.</ins>" in body
    assert "Mission" not in body.split("What changed")[1]  # unchanged parts are left out
    assert body.count(" UTC</time>") == 2  # both ends of the comparison say their time zone


def test_comparing_a_revision_with_itself_asks_for_two_different_ones(
    client_as, world, app, plan_id
):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Pay in one tap.", 1)
    (only,) = revisions(app, plan_id)
    response = leader.get(plan_url(world, plan_id, f"/compare?from={only.id}&to={only.id}"))
    assert response.status_code == 302
    assert response.headers["Location"] == plan_url(world, plan_id, "/history")
    page = leader.get(response.headers["Location"]).get_data(as_text=True)
    assert "pick two different ones to compare" in page and "What changed" not in page


def test_history_pages_through_many_revisions(client_as, world, app, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        for n in range(history.PAGE_SIZE + 5):
            history.record(plan, f"item:{n}", "need", "add", None, {"text": f"Need {n}"}, leader)
        db.session.commit()
    page = client_as(world.person("member")).get(plan_url(world, plan_id, "/history"))
    body = page.get_data(as_text=True)
    assert body.count('class="revision"') == history.PAGE_SIZE
    assert "Older revisions" in body and "Restore this" not in body  # members cannot restore


def test_a_new_row_order_is_a_revision_that_can_be_restored(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    add_row(app, world, plan_id, "pillar", title="Fewer steps")
    second = add_row(app, world, plan_id, "pillar", title="Earned trust")
    leader.post(plan_url(world, plan_id, f"/rows/{second}/move"), data={"direction": "up"})
    moved = revisions(app, plan_id)[-1]
    assert (moved.part, moved.action) == ("order:pillar", "edit")
    assert moved.before["order"] == "1. Fewer steps\n2. Earned trust"
    assert moved.after["order"] == "1. Earned trust\n2. Fewer steps"
    with app.app_context():
        db.session.execute(
            sa.update(PlanRevision).values(updated_at=utcnow() - history.FOLD_WINDOW)
        )
        db.session.commit()
    leader.post(plan_url(world, plan_id, f"/rows/{second}/move"), data={"direction": "down"})
    assert len(revisions(app, plan_id)) == 4  # two adds, two orders (minutes apart)

    page = leader.get(plan_url(world, plan_id, "/history")).get_data(as_text=True)
    assert "Order of strategic pillars" in page
    first_add = revisions(app, plan_id)[0]
    diff = leader.get(plan_url(world, plan_id, f"/compare?from={first_add.id}&to={moved.id}"))
    assert "Order of strategic pillars" in diff.get_data(as_text=True)
    leader.post(plan_url(world, plan_id, f"/revisions/{moved.id}/restore"))
    with app.app_context():
        pillars = services.plan_snapshot(db.session.get(Plan, plan_id))["strategy"]["pillars"]
    assert [pillar["title"] for pillar in pillars] == ["Earned trust", "Fewer steps"]
    assert revisions(app, plan_id)[-1].action == "restore"
