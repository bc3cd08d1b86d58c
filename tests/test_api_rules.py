"""The API's rules: one error shape for every status, the plan's version rule (409 with
both versions), exactly one Accountable per area, paging links, rate limits per token."""

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Assignment, Goal, KpiEntry, Raci
from tests.races import ROUNDS, statuses, together

SHAPE = {"status", "code", "message", "errors"}


def plan_url(world, rest: str = "") -> str:
    return f"/api/v1/teams/{world.team.slug}/plans/{world.plan_id}{rest}"


def cell_url(world, member: str) -> str:
    member_id = world.team.membership_ids[member]
    return f"/api/v1/teams/{world.team.slug}/areas/{world.area_id}/cells/{member_id}"


def assert_error(response, status: int, code: str) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert body.keys() >= SHAPE and body["status"] == status and body["code"] == code
    assert body["message"]
    return body


def test_every_error_has_one_shape(client, api_world):
    rw = api_world.headers("read_write")
    field = plan_url(api_world, "/fields/vision")
    assert_error(client.get("/api/v1/teams"), 401, "unauthorized")
    assert_error(
        client.put(
            field, json={"value": "x", "version": 1}, headers=api_world.headers("read_only")
        ),
        403,
        "forbidden",
    )
    assert_error(client.get("/api/v1/teams/nowhere", headers=rw), 404, "not_found")
    assert_error(client.get("/api/v1/no-such-thing", headers=rw), 404, "not_found")
    assert_error(client.delete("/api/v1/teams", headers=rw), 405, "method_not_allowed")
    broken = client.put(field, data="{not json", content_type="application/json", headers=rw)
    assert_error(broken, 400, "bad_request")
    huge = client.put(
        field, data="x" * (3 * 1024 * 1024), content_type="application/json", headers=rw
    )
    assert_error(huge, 413, "request_entity_too_large")


def test_field_errors_are_named(client, api_world):
    rw = api_world.headers("read_write")
    field = plan_url(api_world, "/fields/vision")
    body = assert_error(
        client.put(field, json={"value": 5, "version": "one", "extra": 1}, headers=rw),
        422,
        "unprocessable_entity",
    )
    assert set(body["errors"]) == {"value", "version", "extra"}
    too_long = client.put(field, json={"value": "x" * 5000, "version": 2}, headers=rw)
    assert set(assert_error(too_long, 422, "unprocessable_entity")["errors"]) == {"value"}
    row = client.post(
        plan_url(api_world, "/rows"), json={"kind": "need", "values": {"colour": "red"}}, headers=rw
    )
    assert set(assert_error(row, 422, "unprocessable_entity")["errors"]["values"]) == {"colour"}


def test_a_stale_version_gets_409_with_both_versions(client, api_world):
    rw = api_world.headers("read_write")
    field = plan_url(api_world, "/fields/vision")
    start = api_world.field_version
    first = client.put(field, json={"value": "Pay with a glance", "version": start}, headers=rw)
    assert first.status_code == 200 and first.get_json()["version"] == start + 1
    stale = client.put(field, json={"value": "Pay by voice", "version": start}, headers=rw)
    body = assert_error(stale, 409, "conflict")
    assert body["conflict"]["yours"] == {"version": start, "values": {"value": "Pay by voice"}}
    assert body["conflict"]["current"] == {
        "version": start + 1,
        "values": {"value": "Pay with a glance"},
    }
    plan = client.get(plan_url(api_world), headers=rw).get_json()
    assert {f["key"]: f["value"] for f in plan["fields"]}["vision"] == "Pay with a glance"


def test_a_stale_row_save_is_a_conflict_too(client, api_world):
    rw = api_world.headers("read_write")
    row = plan_url(api_world, f"/rows/{api_world.row_id}")
    v = api_world.row_version
    assert (
        client.put(row, json={"values": {"text": "Tap"}, "version": v}, headers=rw).status_code
        == 200
    )
    body = assert_error(
        client.put(row, json={"values": {"text": "Wave"}, "version": v}, headers=rw),
        409,
        "conflict",
    )
    assert body["conflict"]["current"]["values"] == {"text": "Tap"}
    assert body["conflict"]["current"]["version"] == v + 1


def test_exactly_one_accountable_through_the_api(app, client, api_world):
    rw = api_world.headers("read_write")
    leader_id = api_world.team.membership_ids["leader"]
    taken = assert_error(
        client.put(cell_url(api_world, "member"), json={"role": "A"}, headers=rw), 409, "conflict"
    )
    assert taken["accountable"]["member_id"] == leader_id
    moved = client.put(
        cell_url(api_world, "member"), json={"role": "A", "move_accountability": True}, headers=rw
    )
    assert moved.status_code == 200 and moved.get_json()["role"] == "A"
    cells = client.get(
        f"/api/v1/teams/{api_world.team.slug}/areas/{api_world.area_id}/cells?role=A", headers=rw
    )
    assert [c["member_id"] for c in cells.get_json()] == [api_world.team.membership_ids["member"]]
    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count()).where(Assignment.role == Raci.ACCOUNTABLE)
        )
    assert count == 1


def test_viewers_hold_no_column(client, api_world):
    rw = api_world.headers("read_write")
    assert_error(
        client.put(cell_url(api_world, "viewer"), json={"role": "R"}, headers=rw), 404, "not_found"
    )


def test_lists_page_with_links(client, api_world):
    rw = api_world.headers("read_write")
    url = f"/api/v1/teams/{api_world.team.slug}/members?page_size=1"
    first = client.get(url, headers=rw)
    meta = json.loads(first.headers["X-Pagination"])
    assert meta["total"] == 3 and meta["total_pages"] == 3 and len(first.get_json()) == 1
    links = _links(first.headers["Link"])
    assert set(links) == {"first", "next", "last"}
    second = client.get(links["next"], headers=rw)
    assert set(_links(second.headers["Link"])) == {"first", "prev", "next", "last"}
    seen = [first.get_json()[0]["name"], second.get_json()[0]["name"]]
    third = client.get(_links(second.headers["Link"])["next"], headers=rw)
    seen.append(third.get_json()[0]["name"])
    assert sorted(seen) == ["Leader", "Member", "Viewer"]
    only = client.get(f"/api/v1/teams/{api_world.team.slug}/members?role=viewer", headers=rw)
    assert [m["name"] for m in only.get_json()] == ["Viewer"]


def _links(header: str) -> dict:
    links = {}
    for part in header.split(","):
        url, rel = part.split(";")
        links[rel.strip().removeprefix('rel="').removesuffix('"')] = url.strip()[1:-1].removeprefix(
            "http://localhost"
        )
    return links


def test_requests_are_rate_limited_per_token(app, client, api_world):
    app.config["API_TOKEN_LIMIT"] = "2 per minute"
    try:
        for _ in range(2):
            assert (
                client.get("/api/v1/teams", headers=api_world.headers("read_only")).status_code
                == 200
            )
        limited = client.get("/api/v1/teams", headers=api_world.headers("read_only"))
        assert_error(limited, 429, "too_many_requests")
        # another token of the same person has its own allowance
        assert (
            client.get("/api/v1/teams", headers=api_world.headers("read_write")).status_code == 200
        )
    finally:
        app.config["API_TOKEN_LIMIT"] = "10000 per minute"


@pytest.fixture
def crashing_app(another_app):
    instance = another_app(PROPAGATE_EXCEPTIONS=False)

    @instance.get("/api/v1/crash")
    def crash():
        raise RuntimeError("boom")

    return instance


def test_a_crash_is_a_json_500(crashing_app):
    body = assert_error(
        crashing_app.test_client().get("/api/v1/crash"), 500, "internal_server_error"
    )
    assert "boom" not in json.dumps(body)


def test_web_pages_keep_their_html_errors(client):
    response = client.get("/t/nowhere/")
    assert response.status_code in (302, 404) and not response.is_json


def test_a_check_in_through_the_api_moves_the_goal(client, api_world):
    rw = api_world.headers("read_write")
    goal = f"/api/v1/teams/{api_world.team.slug}/goals/{api_world.goal_id}"
    body = {"status": "at_risk", "confidence": 2, "happened": "Lost a lead", "progress": 30}
    created = client.post(goal + "/checkins", json=body, headers=rw)
    assert created.status_code == 201 and created.get_json()["acknowledged_at"] is None
    assert client.get(goal, headers=rw).get_json()["progress"] == 30
    assert [c["happened"] for c in client.get(goal + "/checkins", headers=rw).get_json()] == [
        "Lost a lead"
    ]
    missing = client.post(goal + "/checkins", json={**body, "progress": None}, headers=rw)
    assert "progress" in assert_error(missing, 422, "unprocessable_entity")["errors"]


def test_a_private_goal_is_not_there_for_other_members(app, client, api_world):
    from tests.goals_factory import make_goal

    leader = api_world.team.person("leader").id
    private = make_goal(app, api_world.team.id, leader, "Quiet goal", private=True)
    url = f"/api/v1/teams/{api_world.team.slug}/goals/{private}"
    assert client.get(url, headers=api_world.headers("read_write")).status_code == 200
    assert_error(client.get(url, headers=api_world.headers("member")), 404, "not_found")
    listed = client.get(
        f"/api/v1/teams/{api_world.team.slug}/goals", headers=api_world.headers("member")
    )
    assert private not in [g["id"] for g in listed.get_json()]


def ack_url(world) -> str:
    goal = f"/api/v1/teams/{world.team.slug}/goals/{world.member_goal_id}"
    return f"{goal}/checkins/{world.checkin_id}/acknowledgement"


def test_the_mentor_or_a_reviewer_acknowledges_once_with_a_reply(client, api_world):
    rw = api_world.headers("read_write")
    done = client.post(ack_url(api_world), json={"feedback": " Nice work "}, headers=rw)
    body = done.get_json()
    assert done.status_code == 200 and body["acknowledged_at"] and body["feedback"] == "Nice work"
    assert body["acknowledged_by_id"] == api_world.team.person("leader").id
    again = client.post(ack_url(api_world), json={"feedback": "Second reply"}, headers=rw)
    assert_error(again, 409, "conflict")
    listed = client.get(ack_url(api_world).rsplit("/", 2)[0], headers=rw).get_json()
    assert [c["feedback"] for c in listed] == ["Nice work"]


def test_the_owner_may_not_acknowledge_their_own_check_in(client, api_world):
    own = client.post(ack_url(api_world), json={}, headers=api_world.headers("member"))
    assert_error(own, 403, "forbidden")
    long = client.post(
        ack_url(api_world), json={"feedback": "x" * 4001}, headers=api_world.headers("read_write")
    )
    assert set(assert_error(long, 422, "unprocessable_entity")["errors"]) == {"feedback"}


def test_a_check_in_of_another_goal_is_not_there(client, api_world):
    wrong = f"/api/v1/teams/{api_world.team.slug}/goals/{api_world.goal_id}"
    url = f"{wrong}/checkins/{api_world.checkin_id}/acknowledgement"
    assert_error(
        client.post(url, json={}, headers=api_world.headers("read_write")), 404, "not_found"
    )


def area_data_url(world, module: str) -> str:
    return f"/api/v1/teams/{world.team.slug}/areas/{world.area_id}/{module}"


def test_area_data_reads_with_its_rows_inside(client, api_world):
    rw = api_world.headers("read_write")
    (line,) = client.get(area_data_url(api_world, "budget-lines"), headers=rw).get_json()
    planned = [a["amount"] for a in line["amounts"] if a["kind"] == "planned"]
    assert line["name"] == "Ads" and len(line["amounts"]) == 24 and sum(planned) == 1200
    assert all(a["amount"] is None for a in line["amounts"] if a["kind"] == "actual")
    other_year = {"fiscal_year": line["fiscal_year"] - 1}
    assert (
        client.get(
            area_data_url(api_world, "budget-lines"), query_string=other_year, headers=rw
        ).get_json()
        == []
    )
    (kpi,) = client.get(area_data_url(api_world, "kpis"), headers=rw).get_json()
    assert kpi["name"] == "Conversion" and [e["value"] for e in kpi["entries"]] == [3.0]
    (talk,) = client.get(area_data_url(api_world, "communications"), headers=rw).get_json()
    assert talk["audience_name"] == "Board" and len(talk["done"]) == 1


def test_viewers_read_only_the_modules_shown_to_them(client, api_world):
    viewer = api_world.headers("viewer")
    shown = client.get(area_data_url(api_world, "budget-lines"), headers=viewer)
    assert shown.status_code == 200 and len(shown.get_json()) == 1
    assert_error(client.get(area_data_url(api_world, "kpis"), headers=viewer), 404, "not_found")


def test_team_wide_area_data_lists_every_readable_area_and_filters_by_area(client, api_world):
    team = f"/api/v1/teams/{api_world.team.slug}"
    rw, viewer = api_world.headers("read_write"), api_world.headers("viewer")
    for module, name in [("budget-lines", "Ads"), ("kpis", "Conversion")]:
        (row,) = client.get(f"{team}/{module}", headers=rw).get_json()
        assert row["name"] == name and row["area_id"] == api_world.area_id
        elsewhere = {"area_id": api_world.area_id + 1000}
        assert client.get(f"{team}/{module}", query_string=elsewhere, headers=rw).get_json() == []
    (talk,) = client.get(f"{team}/communications", headers=rw).get_json()
    assert talk["audience_name"] == "Board"
    # a viewer's team-wide lists hold only what the areas show viewers, and say nothing more
    assert len(client.get(f"{team}/budget-lines", headers=viewer).get_json()) == 1
    assert client.get(f"{team}/kpis", headers=viewer).get_json() == []
    assert client.get(f"{team}/communications", headers=viewer).get_json() == []


def test_a_module_switched_off_is_not_there(app, client, api_world):
    from plplan.models import AreaModule

    with app.app_context():
        db.session.execute(sa.delete(AreaModule).where(AreaModule.kind == "kpis"))
        db.session.commit()
    rw = api_world.headers("read_write")
    assert_error(client.get(area_data_url(api_world, "kpis"), headers=rw), 404, "not_found")
    assert client.get(f"/api/v1/teams/{api_world.team.slug}/kpis", headers=rw).get_json() == []


def entry_url(world, period: str) -> str:
    return f"{area_data_url(world, 'kpis')}/{world.kpi_id}/entries/{period}"


def last_month() -> str:
    from plplan.areadata import kpis

    return (kpis.today().replace(day=1) - timedelta(days=1)).replace(day=1).isoformat()


def test_two_first_entries_of_a_period_at_once_give_one_entry_and_one_409(
    app, another_app, api_world
):
    rw = api_world.headers("read_write")
    clients = [another_app().test_client(), another_app().test_client()]
    url, period = entry_url(api_world, last_month()), date.fromisoformat(last_month())
    for round_ in range(ROUNDS):
        with app.app_context():
            db.session.execute(sa.delete(KpiEntry).where(KpiEntry.period == period))
            db.session.commit()
        responses = together(
            *(
                lambda c=c, v=round_ * 10 + n: c.put(url, json={"value": v}, headers=rw)
                for n, c in enumerate(clients)
            )
        )
        assert statuses(responses) == [200, 409], [r.get_json() for r in responses]
        with app.app_context():
            (entry,) = db.session.scalars(sa.select(KpiEntry).where(KpiEntry.period == period))
            assert entry.version == 1 and entry.value in (round_ * 10, round_ * 10 + 1)


def test_a_kpi_entry_is_recorded_then_changed_and_a_stale_version_is_409(client, api_world):
    rw = api_world.headers("read_write")
    new = client.put(entry_url(api_world, last_month()), json={"value": "2.5"}, headers=rw)
    assert new.status_code == 200, new.get_json()
    assert new.get_json() | {"updated_at": None} == {
        "period": last_month(),
        "value": 2.5,
        "note": "",
        "version": 1,
        "updated_at": None,
    }
    this_month = entry_url(api_world, api_world.entry_period)
    start = api_world.entry_version
    changed = client.put(
        this_month, json={"value": 4, "note": " Promo ", "version": start}, headers=rw
    )
    assert changed.get_json()["version"] == start + 1 and changed.get_json()["note"] == "Promo"
    stale = client.put(this_month, json={"value": 5, "version": start}, headers=rw)
    conflict = assert_error(stale, 409, "conflict")["conflict"]
    assert conflict["yours"] == {"version": start, "values": {"value": 5.0, "note": None}}
    assert conflict["current"] == {"version": start + 1, "values": {"value": 4.0, "note": "Promo"}}
    # an entry that exists needs its version: without one it is a conflict too
    assert_error(client.put(this_month, json={"value": 6}, headers=rw), 409, "conflict")
    (kpi,) = client.get(area_data_url(api_world, "kpis"), headers=rw).get_json()
    assert [(e["value"], e["note"]) for e in kpi["entries"]] == [(2.5, ""), (4.0, "Promo")]


@pytest.mark.parametrize(
    "period, body, field",
    [
        ("2020-01-15", {"value": 1}, "period"),  # not a period's first day
        ("2999-01-01", {"value": 1}, "period"),  # a period to come
        ("soon", {"value": 1}, "period"),
        ("this", {"value": 1.23456789}, "value"),  # more decimals than a KPI keeps
        ("this", {"value": 1e300}, "value"),
        ("this", {"value": "NaN"}, "value"),
        ("this", {"value": True}, "value"),
        ("this", {"value": 1, "note": "x" * 501}, "note"),
        ("this", {"value": 1, "colour": "red"}, "colour"),
    ],
)
def test_a_bad_kpi_entry_is_422_by_field_and_changes_nothing(
    client, api_world, period, body, field
):
    rw = api_world.headers("read_write")
    period = api_world.entry_period if period == "this" else period
    refused = client.put(entry_url(api_world, period), json=body, headers=rw)
    assert set(assert_error(refused, 422, "unprocessable_entity")["errors"]) == {field}
    (kpi,) = client.get(area_data_url(api_world, "kpis"), headers=rw).get_json()
    assert [e["value"] for e in kpi["entries"]] == [3.0]


def test_the_areas_responsible_records_and_an_entry_off_track_alerts_the_leader(
    app, client, api_world
):
    from plplan.models import KpiTarget, Notification

    member = api_world.headers("member")
    url = entry_url(api_world, last_month())
    assert_error(client.put(url, json={"value": 2}, headers=member), 403, "forbidden")
    with app.app_context():
        db.session.add(
            Assignment(
                area_id=api_world.area_id,
                membership_id=api_world.team.membership_ids["member"],
                role=Raci.RESPONSIBLE,
            )
        )
        db.session.add(KpiTarget(kpi_id=api_world.kpi_id, starts=date(2000, 1, 1), value=10))
        db.session.commit()
    assert client.put(url, json={"value": 2}, headers=member).status_code == 200
    with app.app_context():
        heard = db.session.scalars(
            sa.select(Notification.recipient_id).where(Notification.kind == "kpi_off_track")
        ).all()
    assert heard == [api_world.team.person("leader").id]


def goals_url(world, rest: str = "") -> str:
    return f"/api/v1/teams/{world.team.slug}/goals{rest}"


def test_a_member_creates_a_goal_of_their_own_then_changes_part_of_it(client, api_world):
    member = api_world.headers("member")
    body = {
        "title": " Run a demo ",
        "success": "Three customers said yes",
        "skill_id": api_world.skill_id,
        "unit": "demos",
        "start_value": 0,
        "target_value": 3,
        "target_date": (date.today() + timedelta(days=30)).isoformat(),
    }
    created = client.post(goals_url(api_world), json=body, headers=member)
    goal = created.get_json()
    assert created.status_code == 201, goal
    assert goal["owner_id"] == api_world.team.person("member").id
    assert (goal["title"], goal["status"], goal["visibility"]) == (
        "Run a demo",
        "not_started",
        "team",
    )
    assert (goal["current_value"], goal["unit"]) == (0, "demos")
    url = goals_url(api_world, f"/{goal['id']}")
    changed = client.patch(
        url,
        json={"target_value": 5, "visibility": "private", "version": goal["version"]},
        headers=member,
    )
    after = changed.get_json()
    assert changed.status_code == 200, after
    assert (after["target_value"], after["visibility"]) == (5, "private")
    assert (after["title"], after["target_date"]) == ("Run a demo", body["target_date"])
    assert after["version"] == goal["version"] + 1
    assert client.get(url, headers=member).get_json() == after


@pytest.mark.parametrize(
    "change, fields",
    [
        ({"title": ""}, {"title"}),
        ({"success": "   "}, {"success"}),
        ({"skill_id": 10**6}, {"skill_id"}),
        ({"mentor_id": "me"}, {"mentor_id"}),  # the owner is not their own mentor
        ({"target_date": "2001-01-01"}, {"target_date"}),
        ({"start_value": 1}, {"target_value"}),  # both values or neither
        ({"start_value": 2, "target_value": 2}, {"target_value"}),
        ({"unit": "calls"}, {"target_value"}),
        ({"visibility": "everyone"}, {"visibility"}),
        ({"level": 99}, {"level"}),
        ({"title": "x" * 161}, {"title"}),
        ({"colour": "red"}, {"colour"}),
    ],
)
def test_a_goal_is_checked_as_the_goal_form_checks_it(client, api_world, change, fields):
    rw = api_world.headers("read_write")
    if change.get("mentor_id") == "me":
        change = {"mentor_id": api_world.team.person("leader").id}
    body = {"title": "Lead", "success": "A retro a month", "skill_id": api_world.skill_id}
    created = client.post(goals_url(api_world), json={**body, **change}, headers=rw)
    assert set(assert_error(created, 422, "unprocessable_entity")["errors"]) == fields
    url = goals_url(api_world, f"/{api_world.goal_id}")
    patched = client.patch(url, json={**change, "version": api_world.goal_version}, headers=rw)
    assert set(assert_error(patched, 422, "unprocessable_entity")["errors"]) == fields
    titles = [g["title"] for g in client.get(goals_url(api_world), headers=rw).get_json()]
    assert sorted(titles) == ["Coach two leads", "Ship the refunds"]


def test_two_changes_of_one_goal_version_at_once_save_one_and_refuse_the_other(
    app, another_app, api_world
):
    rw = api_world.headers("read_write")
    clients = [another_app().test_client(), another_app().test_client()]
    url = goals_url(api_world, f"/{api_world.goal_id}")
    for round_ in range(ROUNDS):
        with app.app_context():
            version = db.session.get(Goal, api_world.goal_id).version
        responses = together(
            *(
                lambda c=c, body={"title": f"Coach {round_}.{n}", "version": version}: c.patch(
                    url, json=body, headers=rw
                )
                for n, c in enumerate(clients)
            )
        )
        assert statuses(responses) == [200, 409], [r.get_json() for r in responses]
        with app.app_context():
            goal = db.session.get(Goal, api_world.goal_id)
            saved = next(r.get_json() for r in responses if r.status_code == 200)
            assert goal.version == version + 1 and goal.title == saved["title"]


def test_a_stale_goal_version_gets_409_with_both_versions(client, api_world):
    rw = api_world.headers("read_write")
    url = goals_url(api_world, f"/{api_world.goal_id}")
    start = api_world.goal_version
    first = client.patch(url, json={"title": "Coach three leads", "version": start}, headers=rw)
    assert first.status_code == 200 and first.get_json()["version"] == start + 1
    stale = client.patch(url, json={"title": "Coach one lead", "version": start}, headers=rw)
    conflict = assert_error(stale, 409, "conflict")["conflict"]
    assert conflict["yours"] == {"version": start, "values": {"title": "Coach one lead"}}
    assert conflict["current"]["version"] == start + 1
    assert conflict["current"]["values"]["title"] == "Coach three leads"
    assert client.get(url, headers=rw).get_json()["title"] == "Coach three leads"


def test_the_largest_version_a_column_holds_sent_stale_is_a_conflict_not_a_crash(client, api_world):
    """The saved version moves on from the stored one: one past the version sent would not
    fit PostgreSQL's integer (the bug schemathesis found)."""
    rw, largest = api_world.headers("read_write"), 2**31 - 1
    sent = [
        client.patch(
            goals_url(api_world, f"/{api_world.goal_id}"),
            json={"title": "Coach", "version": largest},
            headers=rw,
        ),
        client.put(
            plan_url(api_world, "/fields/vision"),
            json={"value": "Pay", "version": largest},
            headers=rw,
        ),
        client.put(
            plan_url(api_world, f"/rows/{api_world.row_id}"),
            json={"values": {"text": "Tap"}, "version": largest},
            headers=rw,
        ),
    ]
    for answer in sent:
        assert_error(answer, 409, "conflict")


def areas_url(world, rest: str = "") -> str:
    return f"/api/v1/teams/{world.team.slug}/areas{rest}"


def test_a_leader_adds_an_area_then_renames_and_describes_it(client, api_world):
    rw = api_world.headers("read_write")
    added = client.post(
        areas_url(api_world),
        json={"name": " Partnerships ", "duties": "Sign resellers"},
        headers=rw,
    )
    area = added.get_json()
    assert added.status_code == 201, area
    assert (area["name"], area["duties"], area["purpose"]) == ("Partnerships", "Sign resellers", "")
    url = areas_url(api_world, f"/{area['id']}")
    changed = client.patch(
        url, json={"name": "Alliances", "purpose": "Grow with others"}, headers=rw
    )
    after = changed.get_json()
    assert changed.status_code == 200, after
    assert (after["name"], after["purpose"], after["duties"]) == (
        "Alliances",
        "Grow with others",
        "Sign resellers",
    )
    listed = client.get(areas_url(api_world), headers=rw).get_json()
    assert [a["name"] for a in listed] == ["Pricing", "Alliances"]


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"name": ""}, {"name"}),
        ({"name": "pricing"}, {"name"}),  # another active area's name, as people read it
        ({"name": "x" * 81}, {"name"}),
        ({"name": "Ops", "purpose": "x" * 2001}, {"purpose"}),
        ({"name": "Ops", "owner": "me"}, {"owner"}),
    ],
)
def test_a_bad_area_is_422_by_field_and_changes_nothing(client, api_world, body, fields):
    rw = api_world.headers("read_write")
    added = client.post(areas_url(api_world), json=body, headers=rw)
    assert set(assert_error(added, 422, "unprocessable_entity")["errors"]) == fields
    before = client.get(areas_url(api_world), headers=rw).get_json()
    assert [a["name"] for a in before] == ["Pricing"]
    client.post(areas_url(api_world), json={"name": "Ops"}, headers=rw)
    ops = client.get(areas_url(api_world), headers=rw).get_json()[1]
    if body.get("name") == "pricing":
        body = {"name": "PRICING"}
    changed = client.patch(areas_url(api_world, f"/{ops['id']}"), json=body, headers=rw)
    assert set(assert_error(changed, 422, "unprocessable_entity")["errors"]) == fields
    assert client.get(areas_url(api_world, f"/{ops['id']}"), headers=rw).get_json() == ops


def test_only_leaders_change_the_map(client, api_world):
    member = api_world.headers("member")
    assert_error(
        client.post(areas_url(api_world), json={"name": "Ops"}, headers=member), 403, "forbidden"
    )
    url = areas_url(api_world, f"/{api_world.area_id}")
    assert_error(client.patch(url, json={"name": "Prices"}, headers=member), 403, "forbidden")


def test_nul_characters_are_dropped_from_written_text_as_on_the_web(client, api_world):
    rw = api_world.headers("read_write")
    area = client.patch(
        areas_url(api_world, f"/{api_world.area_id}"),
        json={"purpose": "Set\x00 prices"},
        headers=rw,
    )
    assert area.get_json()["purpose"] == "Set prices"
    goal = client.patch(
        goals_url(api_world, f"/{api_world.goal_id}"),
        json={"title": "Coach\x00 three", "version": api_world.goal_version},
        headers=rw,
    )
    assert goal.get_json()["title"] == "Coach three"
    entry = client.put(
        entry_url(api_world, last_month()), json={"value": 1, "note": "Late\x00"}, headers=rw
    )
    assert entry.get_json()["note"] == "Late"
    field = client.put(
        f"{plan_url(api_world)}/fields/vision",
        json={"value": "Pay\x00 anywhere", "version": api_world.field_version},
        headers=rw,
    )
    assert field.status_code == 200 and field.get_json()["value"] == "Pay anywhere"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"status": "on_track", "outcome": "achieved", "learned": "x"}, {"status"}),
        ({"status": "done", "outcome": "great", "learned": "x"}, {"outcome"}),
        ({"status": "done", "outcome": "missed", "learned": "  "}, {"learned"}),
    ],
)
def test_closing_a_goal_is_checked_as_the_close_form_checks_it(client, api_world, body, fields):
    url = goals_url(api_world, f"/{api_world.goal_id}")
    refused = client.post(f"{url}/close", json=body, headers=api_world.headers("read_write"))
    assert set(assert_error(refused, 422, "unprocessable_entity")["errors"]) == fields


def test_a_goal_closes_once_with_its_retrospective(client, api_world):
    rw = api_world.headers("read_write")
    url = goals_url(api_world, f"/{api_world.goal_id}")
    body = {"status": "dropped", "outcome": "partly", "learned": " Pair early "}
    closed = client.post(f"{url}/close", json=body, headers=rw)
    goal = closed.get_json()
    assert closed.status_code == 200, goal
    assert (goal["status"], goal["outcome"], goal["learned"]) == ("dropped", "partly", "Pair early")
    assert goal["closed_at"] and goal["version"] == api_world.goal_version + 1
    assert_error(client.post(f"{url}/close", json=body, headers=rw), 403, "forbidden")
