"""Plan templates: every example is well-formed data and starts a plan the coach finds complete."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Plan, PlanRevision
from plplan.vision import parts, services
from plplan.vision.coach import advise
from plplan.vision.plan_templates import plan_templates
from tests import vision_world

world = vision_world.world
EXAMPLES = list(plan_templates())


def test_the_three_examples_are_offered():
    titles = [example.title for example in plan_templates().values()]
    assert titles == ["B2B SaaS", "Consumer marketplace", "Internal platform"]


@pytest.mark.parametrize("key", EXAMPLES)
def test_example_values_are_what_the_editors_would_store(key):
    example = plan_templates()[key]
    for name, value in example.fields.items():
        assert parts.clean(parts.FIELDS[name], value) == (value, None), name
    for kind, rows in example.rows.items():
        columns = {spec.name: spec for spec in parts.ROW_KINDS[kind].columns}
        for row in rows:
            assert set(row) == set(columns), kind
            for name, value in row.items():
                assert parts.clean(columns[name], value) == (value, None), (kind, name)


@pytest.mark.parametrize("key", EXAMPLES)
def test_an_example_starts_a_plan_the_coach_finds_complete(client_as, world, app, key):
    example = plan_templates()[key]
    response = client_as(world.person("leader")).post(
        f"/t/{world.slug}/plans", data={"name": "", "start": key}
    )
    assert response.status_code == 303
    plan_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        fields, rows = services.plan_parts(plan)
        messages = [a.message for a in advise(services.plan_snapshot(plan), rows, None)]
        assert plan.name == example.name and plan.is_current
        assert messages == ["Not published yet: viewers see nothing."]
        assert {key: row.value for key, row in fields.items() if row.value} == example.fields
        revisions = sa.select(PlanRevision.action).where(PlanRevision.plan_id == plan_id)
        parts_typed = len(example.fields) + sum(map(len, example.rows.values()))
        assert db.session.scalars(revisions).all() == ["add"] * parts_typed
        feed = db.session.scalars(sa.select(Activity.summary).where(Activity.object_id == plan_id))
        assert list(feed) == [f"created the plan “{example.name}”"]


def test_an_example_takes_the_name_given(client_as, world, app):
    leader = client_as(world.person("leader"))
    leader.post(f"/t/{world.slug}/plans", data={"name": " Ops 2028 ", "start": "internal_platform"})
    with app.app_context():
        assert db.session.scalars(sa.select(Plan.name)).all() == ["Ops 2028"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": " ", "start": "blank"}, "Give the plan a name."),
        ({"name": "Next", "start": "crm"}, "Not a valid choice."),
    ],
)
def test_a_blank_plan_needs_a_name_and_the_start_a_known_example(
    client_as, world, app, data, message
):
    response = client_as(world.person("leader")).post(
        f"/t/{world.slug}/plans", data=data, htmx=True
    )
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Plan.id))) == 0


def test_empty_positioning_slots_show_examples_as_hints(client_as, world, app):
    leader = client_as(world.person("leader"))
    location = leader.post(f"/t/{world.slug}/plans", data={"name": "Blank"}).headers["Location"]
    page = leader.get(location).get_data(as_text=True)
    for name in parts.SECTIONS_BY_KEY["positioning"].fields:
        assert f'placeholder="e.g. {parts.FIELDS[name].placeholder[5:]}"' in page
