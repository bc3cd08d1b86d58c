"""The area-data framework: seeded modules, switching them, the registry, the migration."""

import sqlalchemy as sa
from flask_migrate import upgrade

from plplan import create_app
from plplan.areadata.registry import MODULES
from plplan.extensions import db
from plplan.migrations import attach_migrations
from plplan.models import AreaModule, Membership, Role, Team, User
from plplan.teams.services import create_team
from tests import areadata_world
from tests.responsibilities_world import text
from tests.test_migrations import empty_database_url  # noqa: F401

SEEDED = {
    ("Budget management", "budget"),
    ("Go-to-market operations", "kpis"),
    ("Senior leadership and stakeholder communications", "comms"),
}

budget_world = areadata_world.budget_world  # the fixture


def _seeded(session) -> set[tuple[str, str]]:
    rows = session.execute(
        sa.text(
            "SELECT area.name, area_module.kind, area_module.visible_to_viewers FROM area_module "
            "JOIN area ON area.id = area_module.area_id"
        )
    ).all()
    assert all(not visible for _, _, visible in rows)  # hidden from viewers by default
    return {(name, kind) for name, kind, _ in rows}


def test_a_new_team_starts_with_budget_kpis_and_comms_on_their_areas(app, make_user):
    person = make_user()
    with app.app_context():
        create_team("Payments", db.session.get(User, person.id))
        db.session.commit()
        assert _seeded(db.session) == SEEDED


def test_the_migration_switches_them_on_for_existing_teams(empty_database_url):  # noqa: F811
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    attach_migrations(app)
    with app.app_context():
        upgrade(revision="0005")
        db.session.execute(
            sa.text(
                "INSERT INTO team (id, name, slug, created_at, "
                "load_threshold, goal_stale_days) VALUES "
                "(1, 'Old', 'old', CURRENT_TIMESTAMP, 6, 14)"
            )
        )
        for n, name in enumerate(
            [
                "Budget management",
                "Go-to-market operations",
                "Pricing",
                "Senior leadership and stakeholder communications",
            ]
        ):
            db.session.execute(
                sa.text(
                    "INSERT INTO area (team_id, name, purpose, duties, decisions, position, "
                    "created_at) VALUES (1, :name, '', '', '', :n, CURRENT_TIMESTAMP)"
                ),
                {"name": name, "n": n},
            )
        db.session.commit()
        upgrade()
        assert _seeded(db.session) == SEEDED
        assert db.session.execute(
            sa.text("SELECT currency, fiscal_year_start FROM team")
        ).one() == ("EUR", 1)
        db.session.remove()
        db.engine.dispose()


def test_a_leader_switches_kinds_on_any_area_and_the_history_says_so(budget_world, client_as, app):
    leader = client_as(budget_world.person("leader"))
    with app.app_context():
        pricing = db.session.scalar(sa.text("SELECT id FROM area WHERE name = 'Product processes'"))
    url = f"/t/{budget_world.slug}/responsibilities/areas/{pricing}"
    page = text(leader.get(url))
    assert all(f'<label for="modules-{kind}">' in page for kind in MODULES)
    response = leader.post(
        f"{url}/modules", data={"modules-budget": "members"}, follow_redirects=True
    )
    page = text(response)
    assert "Product processes: switched on budget." in page and 'id="budget-h"' in page
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(AreaModule)
                .where(AreaModule.area_id == pricing)
            )
            == 1
        )
        history = db.session.execute(sa.text("SELECT old, new FROM area_data_change")).all()
        assert history == [("off", "on")]


def test_the_team_sets_its_currency_and_fiscal_year(budget_world, client_as, app):
    leader = client_as(budget_world.person("leader"))
    response = leader.post(
        f"/t/{budget_world.slug}/responsibilities/area-data/settings",
        data={
            "currency": "GBP",
            "fiscal_year_start": "4",
            "budget_threshold_pct": "15",
            "area_id": str(budget_world.area_id),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/areas/{budget_world.area_id}#area-data")
    with app.app_context():
        team = db.session.get(Team, budget_world.id)
        assert (team.currency, team.fiscal_year_start, team.budget_threshold_pct) == ("GBP", 4, 15)


def test_only_members_and_visible_modules_reach_a_viewers_page(budget_world, client_as, app):
    with app.app_context():
        viewer = db.session.get(Membership, budget_world.membership_ids["viewer"])
        assert viewer.role == Role.VIEWER
    page = text(
        client_as(budget_world.person("viewer")).get(
            f"/t/{budget_world.slug}/responsibilities/areas/{budget_world.area_id}"
        )
    )
    assert 'id="budget-h"' not in page and 'id="modules-h"' not in page
