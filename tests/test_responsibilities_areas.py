"""Responsibility areas: the six every team starts with, managing them, and the migration
that gives existing teams theirs."""

from datetime import datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from plplan import create_app
from plplan.extensions import db
from plplan.migrations import attach_migrations
from plplan.models import Area, Team, User
from plplan.responsibilities import services
from plplan.responsibilities.defaults import DEFAULT_AREAS
from plplan.teams.services import create_team
from tests import responsibilities_world, test_migrations
from tests.responsibilities_world import BUDGET, cells, post_cell, set_cells, text

mapped = responsibilities_world.mapped


# A database of its own for the migration test (the fixture of the schema migration tests).
empty_database_url = test_migrations.empty_database_url


# -- areas for every team --------------------------------------------------------------------


def test_a_new_team_starts_with_the_six_areas(app, make_user):
    person = make_user()
    with app.app_context():
        team = create_team("Growth", db.session.get(User, person.id))
        db.session.commit()
        names = [a.name for a in services.areas(team)]
    assert names == [a["name"] for a in DEFAULT_AREAS]
    assert names[0] == "Building the team and culture"


def test_accountable_by_area_names_each_active_areas_owner_in_order(mapped, app):
    set_cells(app, (mapped.area(BUDGET), mapped.membership_ids["member"], "A"))
    with app.app_context():
        team = db.session.get(Team, mapped.id)
        services.archive_area(db.session.get(Area, mapped.area("Project management")), team)
        pairs = services.accountable_by_area(team)
    assert pairs == [
        ("Building the team and culture", None),
        ("Product processes", None),
        (BUDGET, "Member"),
        ("Go-to-market operations", None),
        ("Senior leadership and stakeholder communications", None),
    ]


# -- areas --------------------------------------------------------------------------------------


def test_leader_adds_an_area_and_a_duplicate_name_is_refused_next_to_the_field(mapped, client_as):
    client = client_as(mapped.person("leader"))
    added = client.post(f"/t/{mapped.slug}/responsibilities/areas", data={"name": "Pricing"})
    assert added.status_code == 303
    again = client.post(f"/t/{mapped.slug}/responsibilities/areas", data={"name": " pricing "})
    assert again.status_code == 422
    page = text(again)
    assert (
        '<p class="error" id="name-error">There is already an area called “ pricing ”.</p>' in page
    )
    assert 'value=" pricing "' in page  # what was typed is kept
    empty = client.post(f"/t/{mapped.slug}/responsibilities/areas", data={"name": ""})
    assert "Give the area a name." in text(empty)


def test_leader_describes_an_area_and_errors_keep_the_text(mapped, client_as):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    path = f"/t/{mapped.slug}/responsibilities/areas/{budget}/edit"
    data = {
        "name": "Budget",
        "purpose": "Money **matters**",
        "duties": "- Forecast",
        "decisions": "Spend",
    }
    assert client.post(path, data=data).status_code == 303
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{budget}"))
    assert "<h1>Budget</h1>" in page and "Money <strong>matters</strong>" in page
    clash = client.post(path, data={**data, "name": "Product processes", "purpose": "kept"})
    assert clash.status_code == 422
    assert "There is already an area called “Product processes”." in text(clash)
    assert "kept</textarea>" in text(clash)


def test_areas_reorder_archive_and_restore_keeping_history(mapped, client_as, app):
    client = client_as(mapped.person("leader"))
    base = f"/t/{mapped.slug}/responsibilities"
    budget = mapped.area(BUDGET)
    client.post(f"{base}/areas/{budget}/move", data={"direction": "up"})
    with app.app_context():
        order = [a.name for a in services.areas(db.session.get(Team, mapped.id))]
    assert order[1:3] == [BUDGET, "Product processes"]

    post_cell(client, mapped, budget, "member", "R")
    client.post(f"{base}/areas/{budget}/archive")
    grid = text(client.get(f"{base}/"))
    row_header = f">{BUDGET}</a></th>"
    assert row_header not in grid
    assert "Budget management" in text(client.get(f"{base}/areas"))
    history = text(client.get(f"{base}/areas/{budget}"))
    assert "Archived" in history and "from no role to Responsible" in history

    client.post(f"{base}/areas/{budget}/restore")
    grid = text(client.get(f"{base}/"))
    assert grid.count(row_header) == 1
    assert cells(app) == {(budget, mapped.membership_ids["member"]): "R"}


def test_restoring_an_area_whose_name_is_taken_again_is_refused(mapped, client_as, app):
    client = client_as(mapped.person("leader"))
    base = f"/t/{mapped.slug}/responsibilities"
    budget = mapped.area(BUDGET)
    client.post(f"{base}/areas/{budget}/archive")
    client.post(f"{base}/areas", data={"name": "budget MANAGEMENT"})

    refused = client.post(f"{base}/areas/{budget}/restore", follow_redirects=True)

    assert (
        '<li class="flash-error"><span role="alert">There is already an active area called '
        "“Budget management”. Rename or archive that one first, then restore this one.</span></li>"
    ) in text(refused)
    with app.app_context():
        assert db.session.get(Area, budget).is_archived
        active = [a.name for a in services.areas(db.session.get(Team, mapped.id))]
    assert [n.lower() for n in active].count("budget management") == 1


def test_archived_area_cells_cannot_be_set(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    client = client_as(mapped.person("leader"))
    client.post(f"/t/{mapped.slug}/responsibilities/areas/{budget}/archive")
    assert post_cell(client, mapped, budget, "member", "R").status_code == 404


# -- existing teams get their areas from the migration --------------------------------------


def test_migration_gives_existing_teams_the_six_areas(empty_database_url):
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    attach_migrations(app)
    with app.app_context():
        upgrade(revision="0001")
        db.session.execute(
            sa.text("INSERT INTO team (name, slug, created_at) VALUES ('Old', 'old', :now)"),
            {"now": datetime(2026, 1, 1)},
        )
        db.session.commit()
        upgrade()
        names = db.session.scalars(sa.text("SELECT name FROM area ORDER BY position")).all()
        threshold = db.session.scalar(sa.text("SELECT load_threshold FROM team"))
        db.session.remove()
        db.engine.dispose()
    assert names == [a["name"] for a in DEFAULT_AREAS]
    assert threshold == 6


def test_demo_map_has_one_gap_and_one_overloaded_person(app):
    from plplan.demo import load_demo

    with app.app_context():
        team = load_demo()
        db.session.commit()
        grid = services.load_grid(team)
        gaps = [grid.area(a).name for a in grid.map.areas_with_problems()]
        overloaded = [grid.person(p).name for p in grid.map.overloaded_people()]
        tenures = services.accountable_over_time(grid.areas[0])
    assert gaps == ["Go-to-market operations"]
    assert overloaded == ["Maya Chen"]
    assert [t.person_name for t in tenures] == ["Maya Chen"]  # the history shows who set it up
