"""Property-based tests generated from the OpenAPI document (schemathesis): with a
read-write token against a seeded team, no request gets a 500 and no answer breaks the
schema it documents, for every operation, on real ids and on generated ones."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api_world import api_routes

EXAMPLES = 12  # per operation and run: the whole file stays well under a minute per database
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def _run(strategy, headers: dict) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        # the WSGI client does not undo brotli: ask for the JSON as it is
        case.call_and_validate(headers={**headers, "Accept-Encoding": "identity"}, checks=CHECKS)

    check()


def test_the_document_lists_every_api_route(app, schema):
    documented = {(op.method.upper(), op.path) for op in _operations(schema)}
    assert documented == api_routes(app)


def test_real_ids_get_no_server_error_and_answers_match_the_schema(schema, api_world):
    real = {
        "slug": api_world.team.slug,
        "plan_id": api_world.plan_id,
        "item_id": api_world.row_id,
        "area_id": api_world.area_id,
        "kpi_id": api_world.kpi_id,
        "period": api_world.entry_period,
        "member_id": api_world.team.membership_ids["member"],
        "goal_id": api_world.goal_id,
        "checkin_id": api_world.checkin_id,
    }
    headers = api_world.headers("read_write")
    for operation in _operations(schema):
        names = {parameter.name for parameter in operation.path_parameters}
        fixed = {name: value for name, value in real.items() if name in names}
        if "checkin_id" in names:  # the check-in the leader may acknowledge: the member's
            fixed["goal_id"] = api_world.member_goal_id
        _run(operation.as_strategy(path_parameters=fixed), headers)


def test_generated_requests_get_no_server_error(schema, api_world):
    _run(schema.as_strategy(), api_world.headers("read_write"))
