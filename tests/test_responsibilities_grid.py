"""The responsibility grid through the real HTTP stack and database: cells, summaries,
history, and people leaving the grid."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Area, AssignmentChange, Membership, Raci, Team, User
from plplan.responsibilities import services
from tests import responsibilities_world
from tests.queries import orm_statements_as_postgresql
from tests.responsibilities_world import BUDGET, cells, post_cell, set_cells, text

mapped = responsibilities_world.mapped


# -- the grid ---------------------------------------------------------------------------------


def test_grid_shows_members_and_leaders_but_not_viewers(mapped, client_as):
    page = text(client_as(mapped.person("viewer")).get(f"/t/{mapped.slug}/responsibilities/"))
    header = page.split("<thead>")[1].split("</thead>")[0]
    assert "Leader" in header and "Member" in header and "Viewer" not in header
    assert "Read-only: leaders edit the map." in page
    assert "data-url" not in page  # nothing to click for a viewer


def test_the_area_by_area_list_is_a_page_of_its_own_and_a_fragment_for_htmx(mapped, client_as):
    client = client_as(mapped.person("leader"))
    grid = text(client.get(f"/t/{mapped.slug}/responsibilities/"))
    assert "raci-list" not in grid  # the phone layout asks for it
    assert f'<a href="/t/{mapped.slug}/responsibilities/cards">The map area by area</a>' in grid
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/cards"))
    assert "<h1>Responsibility map, area by area</h1>" in page
    assert page.count('<li class="card">') == len(mapped.areas)
    assert f'Edit roles<span class="sr-only"> in {BUDGET}</span>' in page
    fragment = text(
        client.get(f"/t/{mapped.slug}/responsibilities/cards", headers={"HX-Request": "true"})
    )
    assert fragment.strip().startswith('<ol class="raci-list"')
    assert fragment.count('<li class="card">') == len(mapped.areas)


def test_member_sees_own_column_highlighted_and_read_only(mapped, client_as):
    page = text(client_as(mapped.person("member")).get(f"/t/{mapped.slug}/responsibilities/"))
    assert 'class="person mine">Member <span class="muted">(you)</span>' in page
    assert "Your column is highlighted." in page
    assert "data-url" not in page


def test_single_points_of_failure_name_the_role_each_person_holds(mapped, client_as, app):
    budget, processes = mapped.area(BUDGET), mapped.area("Product processes")
    leader, member = mapped.membership_ids["leader"], mapped.membership_ids["member"]
    set_cells(
        app,
        (budget, leader, "A"),
        (budget, member, "R"),
        (processes, leader, "A"),
        (processes, member, "R"),
    )
    page = text(client_as(mapped.person("viewer")).get(f"/t/{mapped.slug}/responsibilities/"))
    coverage = page[page.index("Single points of failure") :]
    coverage = " ".join(coverage[: coverage.index("</li>")].split())
    assert coverage.endswith("Member: only Responsible for Product processes, Budget management")
    assert "Leader" not in coverage  # owns both, but others could step in: not a single point
    assert "alone" not in coverage


def test_leader_sets_a_cell_and_gets_the_cell_and_every_summary(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    response = post_cell(client, mapped, budget, "member", "R", htmx=True)
    assert response.status_code == 200
    body = text(response)
    member_id = mapped.membership_ids["member"]
    assert body.strip().startswith('<td class="R">R</td>')
    assert f'<td id="row-status-{budget}" hx-swap-oob="true" class="row-status problem">' in body
    assert "No Accountable" in body
    assert f'<td id="load-{member_id}" hx-swap-oob="true" class="load"> 1 </td>' in body
    assert '<section id="coverage" hx-swap-oob="true"' in body
    assert '<div id="raci-prompt" hx-swap-oob="true"></div>' in body
    assert (
        "Member: Responsible for Budget management. No Accountable"
        in response.headers["HX-Trigger"]
    )
    assert cells(app) == {(budget, member_id): "R"}


def test_without_javascript_a_cell_change_redirects_back_to_the_grid(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    response = post_cell(client_as(mapped.person("leader")), mapped, budget, "leader", "A")
    assert response.status_code == 303
    member_id = mapped.membership_ids["leader"]
    assert response.headers["Location"].endswith(f"#area-{budget}")
    assert cells(app) == {(budget, member_id): "A"}


def test_a_role_set_on_the_area_page_leads_back_to_it_with_a_notice(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    response = post_cell(client, mapped, budget, "member", "R", data={"from_area": "y"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/responsibilities/areas/{budget}#assign")
    assert cells(app) == {(budget, mapped.membership_ids["member"]): "R"}
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{budget}"))
    assert "Member: Responsible for Budget management." in page


def test_clearing_a_cell_empties_it(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    set_cells(app, (budget, mapped.membership_ids["member"], "C"))
    post_cell(client_as(mapped.person("leader")), mapped, budget, "member", "")
    assert cells(app) == {}


def test_a_second_accountable_asks_to_move_it_then_moves_it_in_one_click(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    leader_id, member_id = mapped.membership_ids["leader"], mapped.membership_ids["member"]
    set_cells(app, (budget, leader_id, "A"))
    client = client_as(mapped.person("leader"))

    asked = post_cell(client, mapped, budget, "member", "A", htmx=True)
    assert asked.status_code == 409
    assert asked.headers["HX-Retarget"] == "#raci-prompt"
    body = text(asked)
    assert (
        "<strong>Leader</strong> is already Accountable for <strong>Budget management</strong>"
        in body
    )
    assert 'name="move" value="y"' in body and "Move it to Member" in body
    assert f'hx-target="#area-{budget} &gt; :nth-child(3)"' in body  # Member's cell
    assert cells(app) == {(budget, leader_id): "A"}  # nothing changed yet

    moved = post_cell(client, mapped, budget, "member", "A", data={"move": "y"}, htmx=True)
    assert moved.status_code == 200
    assert cells(app) == {(budget, member_id): "A"}
    body = text(moved)
    # the old holder's cell (the leader's own column), by its place: after the row's header
    assert f'<td hx-swap-oob="outerHTML:#area-{budget} > :nth-child(2)" class="mine">·</td>' in body
    assert f'<td id="load-{leader_id}" hx-swap-oob="true"' in body
    with app.app_context():
        feed = db.session.scalars(sa.select(Activity.summary)).all()
    assert "moved accountability for Budget management to Member" in feed


def test_setting_an_accountable_locks_the_area_row_before_looking_for_the_holder(mapped, app):
    """Two leaders setting different As at once: the second must wait for the first's commit.

    The lock is checked as PostgreSQL would run it (SQLite has no row locks).
    """
    with app.app_context():
        team = db.session.get(Team, mapped.id)
        area = db.session.get(Area, mapped.area(BUDGET))
        member = db.session.get(Membership, mapped.membership_ids["member"])
        leader = db.session.get(User, mapped.person("leader").id)
        with orm_statements_as_postgresql() as statements:
            services.set_cell(team, area, member, Raci.ACCOUNTABLE, leader)
        db.session.rollback()
    locks = [i for i, sql in enumerate(statements) if "FROM area" in sql and "FOR UPDATE" in sql]
    holder_lookups = [i for i, sql in enumerate(statements) if "assignment.role =" in sql]
    assert locks and holder_lookups and locks[0] < holder_lookups[0]


def test_without_javascript_the_move_question_is_a_page_with_the_button(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    set_cells(app, (budget, mapped.membership_ids["leader"], "A"))
    response = post_cell(client_as(mapped.person("leader")), mapped, budget, "member", "A")
    assert response.status_code == 409
    page = text(response)
    assert "<h1>Responsibility map</h1>" in page and "Move it to Member" in page


def test_a_forged_post_by_a_member_is_refused_and_changes_nothing(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    for person in ("member", "viewer"):
        response = post_cell(
            client_as(mapped.person(person)), mapped, budget, "member", "A", htmx=True
        )
        assert response.status_code == 403
    assert cells(app) == {}


def test_viewers_cells_and_other_teams_cells_cannot_be_set(mapped, client_as, app, make_team):
    client = client_as(mapped.person("leader"))
    budget = mapped.area(BUDGET)
    assert post_cell(client, mapped, budget, "viewer", "R").status_code == 404
    other = make_team("Elsewhere")
    path = f"/t/{mapped.slug}/responsibilities/areas/{budget}/cells"
    data = {"member_id": other.membership_ids["member"], "role": "R"}
    assert client.post(path, data=data).status_code == 404
    assert post_cell(client, mapped, budget, "member", "X").status_code == 400
    assert cells(app) == {}


def test_every_change_is_in_the_history_and_the_feed_folds_a_run(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    for role in ("R", "C", ""):
        post_cell(client, mapped, budget, "member", role, htmx=True)
    with app.app_context():
        history = db.session.execute(
            sa.select(AssignmentChange.old_role, AssignmentChange.new_role).order_by(
                AssignmentChange.id
            )
        ).all()
        feed = db.session.scalars(
            sa.select(Activity.summary).where(Activity.object_type == "responsibility_map")
        ).all()
    assert history == [(None, "R"), ("R", "C"), ("C", None)]
    assert feed == ["cleared Member's role in Budget management"]


def test_area_page_shows_who_held_accountability_over_time(mapped, client_as):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    post_cell(client, mapped, budget, "leader", "A")
    post_cell(client, mapped, budget, "member", "A", data={"move": "y"})
    page = text(
        client_as(mapped.person("viewer")).get(f"/t/{mapped.slug}/responsibilities/areas/{budget}")
    )
    tenure = page.split("Accountable over time")[1].split("Changes")[0]
    assert re.search(r"<strong>Member</strong> <span class=\"muted\">since .* \(now\)", tenure)
    assert re.search(r"<strong>Leader</strong> <span class=\"muted\">since .* until ", tenure)
    assert "Leader changed <strong>Leader</strong> from Accountable to no role" in page
    assert "Describe this area" not in page  # viewers read only


def test_accountable_over_time_follows_the_person_through_a_rename(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    post_cell(client, mapped, budget, "member", "A")
    with app.app_context():
        db.session.get(User, mapped.person("member").id).display_name = "Mia"
        db.session.commit()
    post_cell(client, mapped, budget, "leader", "A", data={"move": "y"})
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{budget}"))
    tenure = page.split("Accountable over time")[1].split("Changes")[0]
    assert re.search(r"<strong>Leader</strong> <span class=\"muted\">since .* \(now\)", tenure)
    assert re.search(r"<strong>Mia</strong> <span class=\"muted\">since .* until ", tenure)
    assert tenure.count("(now)") == 1 and "<strong>Member</strong>" not in tenure


# -- people leaving the grid -------------------------------------------------------------------


def test_removing_a_member_clears_their_cells_and_the_grid_shows_the_gaps(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    member_id = mapped.membership_ids["member"]
    client = client_as(mapped.person("leader"))
    post_cell(client, mapped, budget, "member", "A")
    set_cells(app, (budget, mapped.membership_ids["leader"], "R"))
    assert "✓</span> OK" in text(client.get(f"/t/{mapped.slug}/responsibilities/"))

    client.post(f"/t/{mapped.slug}/members/{member_id}/remove")

    assert cells(app) == {(budget, mapped.membership_ids["leader"]): "R"}
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/"))
    assert f'<td id="row-status-{budget}" class="row-status problem">No Accountable</td>' in page
    assert "Budget management (No Accountable)" in page
    home = text(client.get(f"/t/{mapped.slug}/"))
    assert "cleared Member&#39;s 1 responsibility (removed from the team)" in home
    area = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{budget}"))
    tenure = area.split("Accountable over time")[1].split("Changes")[0]
    assert re.search(r"<strong>Member</strong> <span class=\"muted\">since .* until ", tenure)
    assert "(now)" not in tenure
    assert "Leader changed <strong>Member</strong> from Accountable to no role" in area


def test_a_member_leaving_clears_their_cells_and_the_history_says_so(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    set_cells(app, (budget, mapped.membership_ids["member"], "R"))
    member = client_as(mapped.person("member"))
    member.post(f"/t/{mapped.slug}/leave")
    assert cells(app) == {}
    with app.app_context():
        history = db.session.execute(
            sa.select(
                AssignmentChange.actor_id, AssignmentChange.old_role, AssignmentChange.new_role
            )
        ).all()
    assert history == [(mapped.person("member").id, "R", None)]
    home = text(client_as(mapped.person("leader")).get(f"/t/{mapped.slug}/"))
    assert "cleared Member&#39;s 1 responsibility (they left the team)" in home


def test_a_member_made_viewer_loses_their_cells_and_the_feed_says_so(mapped, client_as, app):
    budget, process = mapped.area(BUDGET), mapped.area("Product processes")
    member_id = mapped.membership_ids["member"]
    set_cells(app, (budget, member_id, "A"), (process, member_id, "I"))
    client = client_as(mapped.person("leader"))
    client.post(f"/t/{mapped.slug}/members/{member_id}/role", data={"role": "viewer"})
    assert cells(app) == {}
    home = text(client.get(f"/t/{mapped.slug}/"))
    assert "cleared Member&#39;s 2 responsibilities (viewers have no column" in home
    grid = text(client.get(f"/t/{mapped.slug}/responsibilities/"))
    assert "Budget management (No Accountable, No Responsible)" in grid
    with app.app_context():
        history = db.session.execute(
            sa.select(
                AssignmentChange.actor_id, AssignmentChange.old_role, AssignmentChange.new_role
            )
        ).all()
    leader = mapped.person("leader").id
    assert sorted(history) == [(leader, "A", None), (leader, "I", None)]
