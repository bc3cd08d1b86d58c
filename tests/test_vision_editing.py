"""Vision plans through the real HTTP stack and database: managing plans, drafting in
place, conflicts and rows."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Plan, PlanItem, PlanRevision, Team, utcnow
from plplan.vision import history, services
from tests import vision_world
from tests.vision_world import add_row, field, plan_url, revisions, save

world = vision_world.world
plan_id = vision_world.plan_id


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
    refused = leader.post(path, data={"name": "  "}, headers=evil)  # sent back, not away
    assert refused.status_code == 422 and "Location" not in refused.headers
    page = refused.get_data(as_text=True)
    assert f'<a href="#name-{plan_id}">Give the plan a name.</a>' in page
    assert f'id="name-{plan_id}" name="name" value="  "' in page
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


def test_a_stale_save_from_ones_own_other_window_says_so(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "From the first window.", 1)
    response = save(leader, world, plan_id, "vision", "From the second window.", 1)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "You saved this in another window while editing here." in body
    assert "From the first window." in body and "From the second window." in body


def test_without_javascript_a_stale_row_save_shows_the_page_with_the_panel_beside_the_row(
    client_as, world, app, plan_id
):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    item = add_row(app, world, plan_id, "need", text="Shoppers wait")
    other = add_row(app, world, plan_id, "need", text="Forms are long")
    leader.post(plan_url(world, plan_id, f"/rows/{item}"), data={"text": "Theirs", "version": "1"})
    response = coleader.post(
        plan_url(world, plan_id, f"/rows/{item}"),
        data={"text": "Mine", "version": "1", "base__text": "Shoppers wait"},
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    slot = re.search(rf'id="conflict-r-{item}" class="conflict-slot">(.*?)</div></li>', body, re.S)
    assert "Leader saved this while you were editing." in slot[1]
    assert 'name="mine__text" value="Mine"' in slot[1]
    assert f'<div id="conflict-r-{other}" class="conflict-slot"></div>' in body


def test_without_javascript_a_stale_field_save_shows_the_page_with_the_panel_beside_it(
    client_as, world, app, plan_id
):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "Theirs: pay in one tap.", 1, htmx=False)
    response = save(coleader, world, plan_id, "vision", "Mine: no forms.", 1, htmx=False)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    slot = re.search(r'id="conflict-f-vision" class="conflict-slot">(.*?)</div><', body, re.S)
    assert "Leader saved this while you were editing." in slot[1]
    assert 'name="mine__value" value="Mine: no forms."' in slot[1]
    assert '<div id="conflict-f-mission" class="conflict-slot"></div>' in body
