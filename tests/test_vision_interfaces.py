"""The vision interfaces other modules build on, and the demo plan."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, PlanPublication, PlanRevision, Team, User
from plplan.vision import comments, services
from tests import vision_world

world = vision_world.world
plan_id = vision_world.plan_id


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
        assert sum(s.total for s in comments.summaries(plan).values()) == 3  # 2 threads, 1 reply
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlanPublication)) == 1
