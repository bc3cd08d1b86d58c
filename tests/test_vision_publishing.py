"""Publishing a vision plan: the snapshot, and what viewers see of it."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, PlanPublication, User
from plplan.vision import services
from tests import vision_world
from tests.queries import orm_statements_as_postgresql
from tests.vision_world import add_row, plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id


# -- publishing -----------------------------------------------------------------------------------


def test_publishing_snapshots_the_plan_and_viewers_see_only_that(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Published vision.", 1)
    response = leader.post(plan_url(world, plan_id, "/publish"), data={"note": "For the offsite"})
    assert response.status_code == 303
    save(leader, world, plan_id, "vision", "Draft vision, not yet published.", 2)

    viewer_page = client_as(world.person("viewer")).get(plan_url(world, plan_id)).get_data(True)
    assert "Published vision." in viewer_page and "For the offsite" in viewer_page
    assert "Draft vision" not in viewer_page and "comments" not in viewer_page

    member_page = client_as(world.person("member")).get(plan_url(world, plan_id)).get_data(True)
    assert "Draft vision, not yet published." in member_page
    assert re.search(r'id="changed-vision" class="changed-marker">Changed since', member_page)
    assert re.search(r'id="changed-mission" class="changed-marker"></span>', member_page)
    assert '<textarea id="in-vision"' not in member_page  # members read, they don't edit

    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        publication = services.latest_publication(plan)
        assert publication.version == 1 and publication.note == "For the offsite"
        assert publication.published_by.display_name == "Leader"
        assert publication.snapshot["vision"] == "Published vision."
        services.publish(plan, db.session.get(User, world.person("leader").id), "")
        db.session.commit()
        assert services.latest_publication(plan).version == 2


def test_a_publish_that_collides_with_another_is_refused_keeping_the_note(
    client_as, world, app, plan_id
):
    """Another publication of the same version lands in the same flush: a notice, not a 500."""

    def twin(session, flush_context, instances):
        for new in [o for o in session.new if isinstance(o, PlanPublication)]:
            session.add(
                PlanPublication(
                    plan_id=new.plan_id,
                    version=new.version,
                    snapshot=new.snapshot,
                    published_by_id=new.published_by_id,
                    published_at=new.published_at,
                )
            )

    leader = client_as(world.person("leader"))
    sa.event.listen(db.session, "before_flush", twin)
    try:
        response = leader.post(plan_url(world, plan_id, "/publish"), data={"note": "Offsite"})
    finally:
        sa.event.remove(db.session, "before_flush", twin)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Another leader published this plan at the same moment" in page
    assert re.search(r"<textarea[^>]*>\s*Offsite</textarea>", page)
    with app.app_context():
        assert services.latest_publication(db.session.get(Plan, plan_id)) is None
    assert leader.post(plan_url(world, plan_id, "/publish")).status_code == 303


def test_publishing_locks_the_plan_row_before_counting_versions(world, app, plan_id):
    """Two leaders publishing at once: the second waits, then counts the first's version.

    The lock is checked as PostgreSQL would run it (SQLite has no row locks).
    """
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        with orm_statements_as_postgresql() as statements:
            services.publish(plan, leader)
        db.session.rollback()
    locks = [i for i, sql in enumerate(statements) if "FROM plan " in sql and "FOR UPDATE" in sql]
    counts = [i for i, sql in enumerate(statements) if "FROM plan_publication" in sql]
    assert locks and counts and locks[0] < counts[0]


def test_viewer_sees_nothing_before_the_first_publish(client_as, world, plan_id):
    viewer = client_as(world.person("viewer"))
    page = viewer.get(plan_url(world, plan_id))
    assert page.status_code == 404
    assert "Checkout 2027" not in page.get_data(as_text=True)
    assert "Checkout 2027" not in viewer.get(f"/t/{world.slug}/plans").get_data(as_text=True)
    # the current plan, unpublished: /vision leads a viewer to the list, not to a 404
    assert viewer.get(f"/t/{world.slug}/vision").headers["Location"].endswith("/plans")
    home = viewer.get(f"/t/{world.slug}/").get_data(as_text=True)
    assert "Checkout 2027" not in home and "has not been published yet" in home


def test_viewer_sees_a_renamed_plan_under_its_published_name(client_as, world, plan_id):
    leader = client_as(world.person("leader"))
    leader.post(plan_url(world, plan_id, "/publish"))
    leader.post(plan_url(world, plan_id, "/rename"), data={"name": "Secret new direction"})

    viewer = client_as(world.person("viewer"))
    for path in (f"/t/{world.slug}/plans", plan_url(world, plan_id), f"/t/{world.slug}/"):
        page = viewer.get(path).get_data(as_text=True)
        assert "Checkout 2027" in page, path
        assert "Secret new direction" not in page, path
    member_list = client_as(world.person("member")).get(f"/t/{world.slug}/plans")
    assert "Secret new direction" in member_list.get_data(as_text=True)  # members read drafts


def test_snapshot_has_the_shape_the_one_pager_relies_on(app, world, plan_id):
    for kind, values in [
        ("need", {"text": "Shoppers wait"}),
        ("product", {"text": "One tap"}),
        ("business_goal", {"text": "Grow 10%"}),
        ("pillar", {"title": "Fewer steps", "rationale": "Speed", "metric": "Taps"}),
        ("pmf", {"area": "value", "hypothesis": "H", "evidence": "E", "status": "validated"}),
        ("theme", {"horizon": "later", "title": "Later theme", "goal": "G", "metric": "M"}),
        ("theme", {"horizon": "now", "title": "Now theme", "goal": "G", "metric": "M"}),
    ]:
        add_row(app, world, plan_id, kind, **values)
    add_row(app, world, plan_id, "need")  # blank rows are not part of the plan
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.get(Plan, plan_id))
    assert set(snapshot) == {
        "name", "vision", "mission", "positioning", "board", "strategy", "pmf", "roadmap"
    }  # fmt: skip
    assert set(snapshot["positioning"]) == {
        "target_customer", "need", "product_name", "category", "key_benefit", "alternative",
        "differentiator", "sentence",
    }  # fmt: skip
    assert snapshot["positioning"]["sentence"] == ""
    assert snapshot["board"] == {
        "target_group": "",
        "needs": ["Shoppers wait"],
        "product": ["One tap"],
        "business_goals": ["Grow 10%"],
    }
    assert snapshot["strategy"]["north_star"] == dict.fromkeys(
        ["name", "unit", "current", "target", "by_when"], ""
    )
    assert snapshot["pmf"][0]["status"] == "validated" and snapshot["pmf"][0]["note"] == ""
    assert [theme["title"] for theme in snapshot["roadmap"]] == ["Now theme", "Later theme"]
