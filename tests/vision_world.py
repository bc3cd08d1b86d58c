"""Fixtures and helpers shared by the vision plan's test modules."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, PlanField, PlanRevision, Role, Team, User
from plplan.vision import services


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
