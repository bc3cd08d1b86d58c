"""Vision plans through the real HTTP stack and database: drafting, conflicts, history,
publishing, comments, the coach and the interfaces other modules build on."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import (
    Activity,
    Plan,
    PlanField,
    PlanItem,
    PlanPublication,
    PlanRevision,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.vision import comments, history, services
from plplan.vision.coach import advise, reads_like_a_feature
from tests.queries import orm_statements_as_postgresql


@pytest.fixture
def world(make_team):
    return make_team(
        leader=Role.LEADER, coleader=Role.LEADER, member=Role.MEMBER, viewer=Role.VIEWER
    )


@pytest.fixture
def plan_id(app, world) -> int:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        db.session.commit()
        return plan.id


def plan_url(world, plan_id, rest="") -> str:
    return f"/t/{world.slug}/plans/{plan_id}{rest}"


def field(app, plan_id, key) -> PlanField:
    with app.app_context():
        row = db.session.scalar(
            sa.select(PlanField).where(PlanField.plan_id == plan_id, PlanField.key == key)
        )
        db.session.expunge(row)
        return row


def revisions(app, plan_id) -> list[PlanRevision]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                sa.select(PlanRevision)
                .where(PlanRevision.plan_id == plan_id)
                .order_by(PlanRevision.id)
            )
        )
        db.session.expunge_all()
        return rows


def save(client, world, plan_id, key, value, version, htmx=True, **extra):
    return client.post(
        plan_url(world, plan_id, f"/fields/{key}"),
        data={"value": value, "version": str(version), **extra},
        htmx=htmx,
    )


def add_row(app, world, plan_id, kind, **values) -> int:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        item = services.add_item(db.session.get(Plan, plan_id), kind, values, leader)
        db.session.commit()
        return item.id


# -- plans ----------------------------------------------------------------------------------------


def test_leader_creates_plans_and_manages_which_is_current(client_as, world, app):
    leader = client_as(world.person("leader"))
    response = leader.post(f"/t/{world.slug}/plans", data={"name": "Checkout 2027"})
    assert response.status_code == 303
    first = int(response.headers["Location"].rsplit("/", 1)[1])
    second_response = leader.post(f"/t/{world.slug}/plans", data={"name": "Payments 2028"})
    second = int(second_response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        team = db.session.get(Team, world.id)
        assert services.current_plan(team).id == first
        assert len(db.session.get(Plan, first).fields) == 16

    assert leader.get(f"/t/{world.slug}/vision").headers["Location"].endswith(f"/plans/{first}")
    leader.post(plan_url(world, second, "/current"))
    leader.post(plan_url(world, second, "/rename"), data={"name": "Payments & Risk 2028"})
    with app.app_context():
        team = db.session.get(Team, world.id)
        assert services.current_plan(team).name == "Payments & Risk 2028"
    leader.post(plan_url(world, second, "/archive"), data={"archived": "1"})
    with app.app_context():
        assert services.current_plan(db.session.get(Team, world.id)) is None
    page = leader.get(f"/t/{world.slug}/plans").get_data(as_text=True)
    assert "is archived" in page
    page = page.split('class="plan-list"')[1]
    assert page.index("Checkout 2027") < page.index("Payments &amp; Risk 2028")
    assert "Reopen" in page


def test_renaming_follows_only_a_next_inside_the_site(world, plan_id, client_as):
    leader = client_as(world.person("leader"))
    path = plan_url(world, plan_id, "/rename")
    evil = {"Referer": "https://evil.example/phish"}
    renamed = leader.post(path, data={"name": "Checkout 2028"}, headers=evil)
    assert renamed.headers["Location"] == plan_url(world, plan_id)
    refused = leader.post(path, data={"name": ""}, headers=evil)
    assert refused.headers["Location"] == plan_url(world, plan_id)
    outside = leader.post(path, data={"name": "X", "next": "//evil.example/"}, headers=evil)
    assert outside.headers["Location"] == plan_url(world, plan_id)
    back = leader.post(path, data={"name": "Checkout 2029", "next": f"/t/{world.slug}/plans"})
    assert back.headers["Location"] == f"/t/{world.slug}/plans"
    page = leader.get(f"/t/{world.slug}/plans").get_data(as_text=True)
    assert f'name="next" value="/t/{world.slug}/plans"' in page and "Checkout 2029" in page


def test_plan_name_is_required(client_as, world):
    leader = client_as(world.person("leader"))
    response = leader.post(f"/t/{world.slug}/plans", data={"name": "  "}, htmx=True)
    assert response.status_code == 422
    assert "Give the plan a name." in response.get_data(as_text=True)


def test_duplicate_copies_the_draft_with_its_own_history(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Pay in one tap.", 1)
    add_row(app, world, plan_id, "need", text="Shoppers give up on long forms")
    response = leader.post(plan_url(world, plan_id, "/duplicate"))
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        copy = db.session.get(Plan, copy_id)
        snapshot = services.plan_snapshot(copy)
        assert copy.name == "Copy of Checkout 2027" and not copy.is_current
    assert snapshot["vision"] == "Pay in one tap."
    assert snapshot["board"]["needs"] == ["Shoppers give up on long forms"]
    assert {r.action for r in revisions(app, copy_id)} == {"add"}


# -- drafting in place ----------------------------------------------------------------------------


def test_autosave_answers_the_editor_with_the_next_version_and_live_updates(
    client_as, world, app, plan_id
):
    leader = client_as(world.person("leader"))
    response = save(leader, world, plan_id, "pos_target_customer", "busy shoppers", 1)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="f-pos_target_customer"' in body
    assert re.search(r'name="version" value="2"', body)
    assert "Saved" in body
    assert 'id="coach" class="coach" aria-labelledby="coach-h" hx-swap-oob="true"' in body
    assert "For busy shoppers who …" in body  # the positioning sentence, out of band
    assert field(app, plan_id, "pos_target_customer").value == "busy shoppers"
    [revision] = revisions(app, plan_id)
    assert (revision.part, revision.before, revision.after) == (
        "pos_target_customer",
        {"value": ""},
        {"value": "busy shoppers"},
    )


def test_saves_without_javascript_redirect_back_to_the_part(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    response = save(leader, world, plan_id, "mission", "Remove every step.", 1, htmx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan_id}#f-mission")
    assert field(app, plan_id, "mission").value == "Remove every step."


@pytest.mark.parametrize("htmx", [True, False])
def test_bad_input_gets_an_error_beside_the_field_and_keeps_the_text(
    client_as, world, app, plan_id, htmx
):
    leader = client_as(world.person("leader"))
    response = save(leader, world, plan_id, "ns_current", "about 1200", 1, htmx=htmx)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="in-ns_current-error">Enter a number, like 1200 or 4.5.' in body
    assert 'value="about 1200"' in body and 'aria-invalid="true"' in body
    assert ("<html" in body) is not htmx  # a fragment for htmx, the whole page otherwise
    assert field(app, plan_id, "ns_current").value == ""
    response = save(leader, world, plan_id, "ns_by_when", "next summer", 1, htmx=htmx)
    assert "Enter a date as YYYY-MM-DD." in response.get_data(as_text=True)


def test_consecutive_saves_by_one_person_fold_into_one_revision(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "Pay", 1)
    save(leader, world, plan_id, "vision", "Pay in one", 2)
    save(leader, world, plan_id, "vision", "Pay in one tap.", 3)
    [folded] = revisions(app, plan_id)
    assert (folded.before, folded.after) == ({"value": ""}, {"value": "Pay in one tap."})

    save(coleader, world, plan_id, "vision", "Pay in one tap, anywhere.", 4)
    assert len(revisions(app, plan_id)) == 2  # another person: a new revision

    with app.app_context():
        db.session.execute(
            sa.update(PlanRevision).values(updated_at=utcnow() - history.FOLD_WINDOW)
        )
        db.session.commit()
    save(coleader, world, plan_id, "vision", "Pay in one tap, everywhere.", 5)
    assert len(revisions(app, plan_id)) == 3  # the same person, but minutes later
    with app.app_context():
        feed = db.session.scalars(sa.select(Activity).where(Activity.verb == "edited")).all()
    assert len(feed) == 2  # one folded feed entry per person


def test_a_stale_save_gets_both_texts_and_nothing_is_lost(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "Theirs: pay in one tap.", 1)
    response = save(coleader, world, plan_id, "vision", "Mine: checkout without forms.", 1)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Leader saved this while you were editing." in body
    assert "Theirs: pay in one tap." in body and "Mine: checkout without forms." in body
    assert 'name="version" value="2"' in body
    assert field(app, plan_id, "vision").value == "Theirs: pay in one tap."

    kept = save(coleader, world, plan_id, "vision", "", 2, choice="theirs")
    assert kept.status_code == 200 and field(app, plan_id, "vision").version == 2

    mine = save(
        coleader,
        world,
        plan_id,
        "vision",
        "edited text ignored",
        2,
        choice="mine",
        mine__value="Mine: checkout without forms.",
    )
    assert mine.status_code == 200
    assert field(app, plan_id, "vision").value == "Mine: checkout without forms."

    stale_again = save(leader, world, plan_id, "vision", "Theirs, edited", 2, htmx=False)
    assert stale_again.status_code == 409 and "<html" in stale_again.get_data(as_text=True)
    merged = save(
        leader, world, plan_id, "vision", "Pay in one tap, without forms.", 3, choice="merged"
    )
    assert merged.status_code == 200
    assert field(app, plan_id, "vision").value == "Pay in one tap, without forms."


# -- rows -----------------------------------------------------------------------------------------


def test_rows_are_added_edited_moved_and_deleted(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    added = leader.post(plan_url(world, plan_id, "/rows"), data={"kind": "pillar"}, htmx=True)
    assert added.status_code == 200 and 'id="list-pillar"' in added.get_data(as_text=True)
    first = int(re.search(r'id="r-(\d+)"', added.get_data(as_text=True)).group(1))
    second = add_row(app, world, plan_id, "pillar", title="Earned trust", metric="Trust score")

    response = leader.post(
        plan_url(world, plan_id, f"/rows/{first}"),
        data={
            "title": "Fewer steps",
            "rationale": "Every field costs",
            "metric": "",
            "version": "1",
        },
        htmx=True,
    )
    assert response.status_code == 200
    leader.post(
        plan_url(world, plan_id, f"/rows/{second}/move"), data={"direction": "up"}, htmx=True
    )
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.get(Plan, plan_id))
    assert [p["title"] for p in snapshot["strategy"]["pillars"]] == ["Earned trust", "Fewer steps"]
    assert snapshot["strategy"]["pillars"][1] == {
        "title": "Fewer steps",
        "rationale": "Every field costs",
        "metric": "",
    }

    leader.post(plan_url(world, plan_id, f"/rows/{first}/delete"), htmx=True)
    with app.app_context():
        snapshot = services.plan_snapshot(db.session.get(Plan, plan_id))
        assert db.session.get(PlanItem, first).deleted_at is not None  # kept, for history
    assert [p["title"] for p in snapshot["strategy"]["pillars"]] == ["Earned trust"]


def test_moving_a_row_keeps_what_was_typed_in_it(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    add_row(app, world, plan_id, "need", text="First")
    second = add_row(app, world, plan_id, "need", text="Second")
    leader.post(
        plan_url(world, plan_id, f"/rows/{second}/move"),
        data={"direction": "up", "text": "Second, still typing", "version": "1"},
        htmx=True,
    )
    with app.app_context():
        needs = services.plan_snapshot(db.session.get(Plan, plan_id))["board"]["needs"]
    assert needs == ["Second, still typing", "First"]


def test_saving_a_row_someone_deleted_offers_to_bring_it_back(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    item = add_row(app, world, plan_id, "business_goal", text="Grow 10%")
    leader.post(plan_url(world, plan_id, f"/rows/{item}/delete"), htmx=True)
    response = coleader.post(
        plan_url(world, plan_id, f"/rows/{item}"),
        data={"text": "Grow 12%", "version": "1"},
        htmx=True,
    )
    assert response.status_code == 409
    assert "They deleted this row." in response.get_data(as_text=True)
    coleader.post(
        plan_url(world, plan_id, f"/rows/{item}"),
        data={"text": "Grow 12%", "mine__text": "Grow 12%", "version": "2", "choice": "mine"},
        htmx=True,
    )
    with app.app_context():
        goals = services.plan_snapshot(db.session.get(Plan, plan_id))["board"]["business_goals"]
    assert goals == ["Grow 12%"]


def test_row_input_is_checked(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    item = add_row(app, world, plan_id, "pmf", hypothesis="Shoppers pay in one tap")
    response = leader.post(
        plan_url(world, plan_id, f"/rows/{item}"),
        data={"area": "luck", "hypothesis": "x" * 1001, "status": "validated", "version": "1"},
        htmx=True,
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Choose one of the options." in body and "Keep it under 1000 characters" in body


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


# -- comments -------------------------------------------------------------------------------------


def test_members_comment_and_reply_leaders_resolve(client_as, world, app, plan_id):
    member, leader = client_as(world.person("member")), client_as(world.person("leader"))
    response = member.post(
        plan_url(world, plan_id, "/comments"),
        data={"section": "business_goals", "body": "Is **2.8%** realistic?"},
        htmx=True,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<strong>2.8%</strong>" in body and 'data-count="1"' in body
    with app.app_context():
        thread = db.session.scalar(sa.select(comments.PlanComment))
    leader.post(
        plan_url(world, plan_id, "/comments"),
        data={"section": "vision", "parent_id": str(thread.id), "body": "Yes, see roadmap."},
        htmx=True,
    )
    page = member.get(plan_url(world, plan_id)).get_data(as_text=True)
    assert 'id="comments-business_goals"' in page and 'data-count="2"' in page
    resolved = leader.post(plan_url(world, plan_id, f"/comments/{thread.id}/resolve"), htmx=True)
    assert 'data-count="0"' in resolved.get_data(as_text=True)
    assert "Reopen" in resolved.get_data(as_text=True)
    empty = member.post(
        plan_url(world, plan_id, "/comments"), data={"section": "vision", "body": " "}, htmx=True
    )
    assert empty.status_code == 422 and "Write something first." in empty.get_data(as_text=True)
    with app.app_context():
        verbs = db.session.scalars(sa.select(Activity.summary)).all()
    assert any("commented on Business goals" in s for s in verbs)
    assert any("replied to a comment on Business goals" in s for s in verbs)


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<div hx-get="/auth/logout" hx-trigger="load">x</div>',
    "[link](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("payload", XSS)
def test_user_text_is_escaped_or_sanitised_everywhere(client_as, world, app, plan_id, payload):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", payload, 1)
    add_row(app, world, plan_id, "need", text=payload)
    leader.post(plan_url(world, plan_id, "/comments"), data={"section": "vision", "body": payload})
    leader.post(plan_url(world, plan_id, "/publish"))
    pages = [
        leader.get(plan_url(world, plan_id)),
        client_as(world.person("member")).get(plan_url(world, plan_id)),
        client_as(world.person("viewer")).get(plan_url(world, plan_id)),
        leader.get(plan_url(world, plan_id, "/history")),
    ]
    for page in pages:
        body = page.get_data(as_text=True)
        for dangerous in ("<script>alert", "<img src=x", "<svg", "<div hx-"):
            assert dangerous not in body
        # escaped text may spell out href="javascript:..."; only a real tag would carry it
        assert not re.search(r"<[a-z][^<>]*href=[\"']?javascript:", body)


# -- the coach ------------------------------------------------------------------------------------


def test_coach_lists_what_a_strong_plan_lacks(app, world, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        fields, rows = services.plan_parts(plan)
        messages = [a.message for a in advise(fields, rows, None)]
    assert messages == [
        "Write a vision statement.",
        "Name the target group.",
        "Add a measurable business goal.",
        "No product-market fit evidence is validated yet.",
        "Not published yet: viewers see nothing.",
    ]
    need = add_row(app, world, plan_id, "need", text="Add a saved-cards dashboard")
    add_row(app, world, plan_id, "business_goal", text="Become the default payment")
    add_row(app, world, plan_id, "pillar", title="Merchant pull", metric="")
    add_row(app, world, plan_id, "theme", horizon="later", title="Self-serve", goal="")
    add_row(app, world, plan_id, "pmf", hypothesis="One tap", status="validated")
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        fields, rows = services.plan_parts(plan)
        services.save_field(plan, fields["vision"], "word " * 36, 1, leader)
        services.save_field(plan, fields["target_group"], "Mobile shoppers", 1, leader)
        publication = services.publish(plan, leader)
        publication.published_at = utcnow() - timedelta(days=91)
        advice = advise(fields, rows, publication)
    messages = [a.message for a in advice]
    assert messages == [
        "The vision statement has 36 words; aim for 35 or fewer.",
        "“Add a saved-cards dashboard” reads like a feature; describe the problem it solves.",
        "Business goal “Become the default payment” has no number.",
        "Pillar “Merchant pull” has no metric.",
        "Roadmap theme “Self-serve” serves no goal.",
        "Not published for 91 days.",
    ]
    assert advice[1].anchor == f"in-{need}-text"


@pytest.mark.parametrize(
    "need, feature_like",
    [
        ("Shoppers abandon checkout on slow pages", False),
        ("Merchants can't see why payments fail", False),
        ("Add Apple Pay", True),
        ("A dashboard for refunds", True),
        ("Better settings page", True),
        ("", False),
    ],
)
def test_needs_written_like_features_are_spotted(need, feature_like):
    assert reads_like_a_feature(need) is feature_like


def test_plan_page_shows_the_coach_to_leaders_only(client_as, world, plan_id):
    leader_page = client_as(world.person("leader")).get(plan_url(world, plan_id)).get_data(True)
    member_page = client_as(world.person("member")).get(plan_url(world, plan_id)).get_data(True)
    assert 'href="#in-target_group" data-coach>Name the target group.' in leader_page
    assert "Completeness coach" not in member_page


# -- interfaces and demo --------------------------------------------------------------------------


def test_current_plan_ignores_archived_plans(app, world, plan_id):
    with app.app_context():
        team = db.session.get(Team, world.id)
        leader = db.session.get(User, world.person("leader").id)
        assert services.current_plan(team).id == plan_id
        assert services.latest_publication(db.session.get(Plan, plan_id)) is None
        services.set_archived(db.session.get(Plan, plan_id), True, leader)
        db.session.commit()
        assert services.current_plan(team) is None


def test_demo_has_a_full_plan_with_history_comments_and_a_publish(app):
    from plplan.demo import load_demo

    with app.app_context():
        team = load_demo()
        db.session.commit()
        plan = services.current_plan(team)
        snapshot = services.plan_snapshot(plan)
        assert plan.name == "Checkout 2027"
        assert snapshot["positioning"]["sentence"].startswith("For busy online shoppers")
        assert len(snapshot["strategy"]["pillars"]) == 3
        assert services.latest_publication(plan).version == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanRevision)) > 30
        assert sum(len(t) for t in comments.threads(plan).values()) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanPublication)) == 1


def test_a_stale_save_from_ones_own_other_window_says_so(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "From the first window.", 1)
    response = save(leader, world, plan_id, "vision", "From the second window.", 1)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "You saved this in another window while editing here." in body
    assert "From the first window." in body and "From the second window." in body


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
