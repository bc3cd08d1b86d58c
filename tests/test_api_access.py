"""Every API route × every kind of token: a token never does more than its person could on
the web (same 404 for other teams, 403 for a role or read-only token), and nothing but a
live token authenticates, not even a signed-in browser's cookie."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, Assignment, CheckIn, Goal, KpiEntry, Plan, PlanItem
from tests.api_world import api_routes

T = "/api/v1/teams/{slug}"
P = T + "/plans/{plan}"
A = T + "/areas/{area}"
G = T + "/goals/{goal}"

# (method, path, body): the body is what a valid write sends, given the world.
ROUTES = {
    "teams": ("GET", "/api/v1/teams", None),
    "team": ("GET", T, None),
    "members": ("GET", T + "/members", None),
    "plans": ("GET", T + "/plans", None),
    "plan": ("GET", P, None),
    "revisions": ("GET", P + "/revisions", None),
    "publications": ("GET", P + "/publications", None),
    "save_field": (
        "PUT",
        P + "/fields/vision",
        lambda w: {"value": "Pay anywhere", "version": w.field_version},
    ),
    "add_row": ("POST", P + "/rows", lambda w: {"kind": "need", "values": {"text": "Refunds"}}),
    "save_row": (
        "PUT",
        P + "/rows/{row}",
        lambda w: {"values": {"text": "Two taps"}, "version": w.row_version},
    ),
    "delete_row": ("DELETE", P + "/rows/{row}", None),
    "areas": ("GET", T + "/areas", None),
    "create_area": ("POST", T + "/areas", lambda w: {"name": "Partnerships"}),
    "area": ("GET", A, None),
    "change_area": ("PATCH", A, lambda w: {"purpose": "Set prices"}),
    "cells": ("GET", A + "/cells", None),
    "set_cell": ("PUT", A + "/cells/{member}", lambda w: {"role": "R"}),
    "budget_lines": ("GET", A + "/budget-lines", None),
    "kpis": ("GET", A + "/kpis", None),
    "record_entry": (
        "PUT",
        A + "/kpis/{kpi}/entries/{period}",
        lambda w: {"value": 4.5, "note": "Promo week", "version": w.entry_version},
    ),
    "communications": ("GET", A + "/communications", None),
    "team_budget_lines": ("GET", T + "/budget-lines", None),
    "team_kpis": ("GET", T + "/kpis", None),
    "team_communications": ("GET", T + "/communications", None),
    "skills": ("GET", T + "/skills", None),
    "goals": ("GET", T + "/goals", None),
    "create_goal": (
        "POST",
        T + "/goals",
        lambda w: {"title": "Lead a retro", "success": "Asked again", "skill_id": w.skill_id},
    ),
    "goal": ("GET", G, None),
    "change_goal": ("PATCH", G, lambda w: {"title": "Coach three", "version": w.goal_version}),
    "close_goal": (
        "POST",
        G + "/close",
        lambda w: {"status": "done", "outcome": "achieved", "learned": "Pair early"},
    ),
    "checkins": ("GET", G + "/checkins", None),
    "check_in": (
        "POST",
        G + "/checkins",
        lambda w: {"status": "on_track", "confidence": 4, "happened": "Paired", "progress": 20},
    ),
    "acknowledge": (
        "POST",
        T + "/goals/{member_goal}/checkins/{checkin}/acknowledgement",
        lambda w: {"feedback": "Well done"},
    ),
    "activity": ("GET", T + "/activity", None),
}
WRITES = {
    "save_field",
    "add_row",
    "save_row",
    "delete_row",
    "create_area",
    "change_area",
    "set_cell",
    "record_entry",
    "create_goal",
    "change_goal",
    "close_goal",
    "check_in",
    "acknowledge",
}
OK = {"add_row": 201, "delete_row": 204, "create_area": 201, "create_goal": 201, "check_in": 201}
MEMBERS_MAY = {"create_goal"}  # of their own; the other writes are the leader's objects
# viewers own no goals
GOALS = {
    "goals",
    "create_goal",
    "goal",
    "change_goal",
    "close_goal",
    "checkins",
    "check_in",
    "acknowledge",
}
DRAFT_READS = {"revisions"}
# the world shows viewers the budget only
HIDDEN_FROM_VIEWERS = {"kpis", "record_entry", "communications"}

# What each kind of token gets, by route: a status, or a function of the route's name.
EXPECTED = {
    "none": lambda route: 401,
    "revoked": lambda route: 401,
    "expired": lambda route: 401,
    "cookie_only": lambda route: 401,
    "read_only": lambda route: 403 if route in WRITES else 200,
    "scoped_elsewhere": lambda route: 200 if route == "teams" else 404,
    "outsider": lambda route: 200 if route == "teams" else 404,
    "viewer": lambda route: (
        404
        if route in HIDDEN_FROM_VIEWERS
        else 403
        if route in WRITES | DRAFT_READS | GOALS
        else 200
    ),
    "member": lambda route: 403 if route in WRITES - MEMBERS_MAY else OK.get(route, 200),
    "scoped_here": lambda route: OK.get(route, 200),
    "read_write": lambda route: OK.get(route, 200),
}


def _request(client, world, route: str, headers: dict):
    method, path, body = ROUTES[route]
    values = {
        "slug": world.team.slug,
        "plan": world.plan_id,
        "row": world.row_id,
        "area": world.area_id,
        "kpi": world.kpi_id,
        "period": world.entry_period,
        "member": world.team.membership_ids["member"],
        "goal": world.goal_id,
        "member_goal": world.member_goal_id,
        "checkin": world.checkin_id,
    }
    json = body(world) if body else None
    return client.open(path.format(**values), method=method, json=json, headers=headers)


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("route", list(ROUTES))
def test_each_route_answers_each_kind_of_token_as_its_person_could(
    app, api_world, client_as, route, kind
):
    signed_in = api_world.team.person("leader") if kind == "cookie_only" else None
    client = client_as(signed_in)
    before = _state(app, api_world)
    response = _request(client, api_world, route, api_world.headers(kind))
    assert response.status_code == EXPECTED[kind](route), response.get_json()
    assert response.is_json
    if response.status_code >= 400:
        assert _state(app, api_world) == before  # a refusal changes nothing


def test_every_api_route_is_in_the_table(app):
    def shape(path: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "*", path).replace("/fields/vision", "/fields/*")

    tabled = {(method, shape(path)) for method, path, _ in ROUTES.values()}
    assert tabled == {(method, shape(path)) for method, path in api_routes(app)}


def test_a_token_scoped_to_one_team_lists_only_that_team(client, api_world):
    everywhere = client.get("/api/v1/teams", headers=api_world.headers("read_write")).get_json()
    here = client.get("/api/v1/teams", headers=api_world.headers("scoped_here")).get_json()
    assert {t["slug"] for t in everywhere} == {api_world.team.slug, api_world.other_slug}
    assert [t["slug"] for t in here] == [api_world.team.slug]


def test_the_session_cookie_does_not_authenticate_even_with_a_csrf_token(api_world, client_as):
    client = client_as(api_world.team.person("leader"))
    url = f"/api/v1/teams/{api_world.team.slug}/plans/{api_world.plan_id}/rows"
    response = client.post(url, json={"kind": "need", "values": {}})
    assert response.status_code == 401
    assert client.get("/api/v1/teams").status_code == 401


def test_emails_only_for_roles_that_see_them(client, api_world):
    url = f"/api/v1/teams/{api_world.team.slug}/members"
    as_member = client.get(url, headers=api_world.headers("member")).get_json()
    as_viewer = client.get(url, headers=api_world.headers("viewer")).get_json()
    assert all(m["email"] for m in as_member)
    assert not any(m["email"] for m in as_viewer)


def test_last_used_is_stamped_at_most_once_a_minute(app, client, api_world):
    from plplan.models import ApiToken

    headers = api_world.headers("read_write")
    client.get("/api/v1/teams", headers=headers)
    with app.app_context():
        first = db.session.scalars(
            db.select(ApiToken.last_used_at).where(ApiToken.last_used_at.is_not(None))
        ).all()
    client.get("/api/v1/teams", headers=headers)
    with app.app_context():
        again = db.session.scalars(
            db.select(ApiToken.last_used_at).where(ApiToken.last_used_at.is_not(None))
        ).all()
    assert len(first) == 1 and again == first


def _state(app, world) -> tuple:
    """What the writes could change: the plan's fields and rows, the areas and their cells,
    the KPI entries, the goals, the check-ins and their acknowledgements."""
    with app.app_context():
        rows = db.session.scalars(
            db.select(PlanItem.values).where(
                PlanItem.plan_id == world.plan_id, PlanItem.deleted_at.is_(None)
            )
        ).all()
        cells = db.session.execute(db.select(Assignment.membership_id, Assignment.role)).all()
        areas = db.session.execute(sa.select(Area.id, Area.name, Area.purpose)).all()
        plan = db.session.get(Plan, world.plan_id)
        checkins = db.session.execute(
            sa.select(CheckIn.id, CheckIn.acknowledged_at, CheckIn.feedback).order_by(CheckIn.id)
        ).all()
        entries = db.session.execute(
            sa.select(KpiEntry.period, KpiEntry.value, KpiEntry.note, KpiEntry.version)
        ).all()
        goals = db.session.execute(
            sa.select(Goal.id, Goal.title, Goal.version).order_by(Goal.id)
        ).all()
        fields = [f.value for f in plan.fields]
        changeable = (sorted(areas), sorted(cells), sorted(entries), goals, checkins)
        return (sorted(map(str, rows)), fields, *changeable)
