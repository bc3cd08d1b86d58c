"""Input hardening over real HTTP and the real database: ids beyond the database's integer range,
non-finite and absurd numbers, bad rows already stored, fields left out, rows deleted meanwhile,
markup in the Markdown export, cross-site downloads, and the check-in form's carry-over and range.
"""

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from plplan.extensions import db
from plplan.inputs import MAX_ID
from plplan.models import (
    Activity,
    Area,
    CheckIn,
    Goal,
    Plan,
    PlanComment,
    PlanItem,
    Role,
    Team,
    User,
)
from plplan.vision import services as vision
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.responsibilities_world import set_cells, with_default_areas

TOO_BIG = [2**31, 2**63 + 1]


@pytest.fixture
def world(make_team, app):
    team = make_team(leader=Role.LEADER, coleader=Role.LEADER, member=Role.MEMBER)
    team.skills = seed_team_skills(app, team.id)
    return with_default_areas(app, team)


@pytest.fixture
def plan_id(app, world) -> int:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        db.session.commit()
        return plan.id


def error_of(page: str, field_id: str) -> str:
    """The error message shown next to a field ('' for none)."""
    found = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def input_value(page: str, field_id: str) -> str:
    tag = re.search(rf'<input[^>]*\bid="{re.escape(field_id)}"[^>]*>', page).group(0)
    return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# -- item 10: ids beyond the database's integer range ------------------------------------------


def id_routes(app) -> list[tuple[str, str]]:
    """(method, URL rule) for every route with an integer id, from the app's own URL map."""
    return [
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def test_the_url_map_has_the_id_routes_the_fuzzer_found(app):
    assert len(id_routes(app)) >= 36


@pytest.mark.parametrize("big", TOO_BIG)
def test_every_route_answers_404_for_an_id_the_database_cannot_hold(app, world, client_as, big):
    leader = client_as(world.person("leader"))
    token = leader.csrf_token()
    answers = {}
    for method, rule in id_routes(app):
        url = re.sub(r"<int:\w+>", str(big), rule)
        url = url.replace("<slug>", world.slug).replace("<key>", "vision")
        headers = {"X-CSRF-Token": token}
        response = leader.open(url, method=method, headers=headers, data={"version": "1"})
        answers[f"{method} {rule}"] = response.status_code
    assert {route: code for route, code in answers.items() if code != 404} == {}


def test_ids_in_range_still_reach_their_pages(app, world, client_as):
    area_id = world.area("Product processes")
    page = client_as(world.person("leader")).get(
        f"/t/{world.slug}/responsibilities/areas/{area_id}"
    )
    assert page.status_code == 200 and "Product processes" in page.get_data(as_text=True)
    assert (
        client_as(world.person("leader"))
        .get(f"/t/{world.slug}/responsibilities/areas/{MAX_ID}")
        .status_code
        == 404
    )


@pytest.mark.parametrize("big", TOO_BIG)
def test_a_hidden_member_id_beyond_the_range_is_refused(app, world, client_as, big):
    leader = client_as(world.person("leader"))
    response = leader.post(
        f"/t/{world.slug}/responsibilities/areas/{world.area('Product processes')}/cells",
        data={"member_id": str(big), "role": "A"},
        htmx=True,
    )
    assert response.status_code == 400


@pytest.mark.parametrize("big", TOO_BIG)
def test_a_reply_to_a_parent_beyond_the_range_is_not_there(app, world, plan_id, client_as, big):
    leader = client_as(world.person("leader"))
    response = leader.post(
        f"/t/{world.slug}/plans/{plan_id}/comments",
        data={"section": "vision", "body": "Agreed", "parent_id": str(big)},
        htmx=True,
    )
    assert response.status_code == 404
    assert count(app, PlanComment) == 0


@pytest.mark.parametrize("big", TOO_BIG)
def test_versions_and_revision_ids_beyond_the_range(app, world, plan_id, client_as, big):
    leader = client_as(world.person("leader"))
    saved = leader.post(
        f"/t/{world.slug}/plans/{plan_id}/fields/vision",
        data={"value": "Faster checkout", "version": str(big)},
        htmx=True,
    )
    assert saved.status_code == 400
    history = leader.get(f"/t/{world.slug}/plans/{plan_id}/history?before={big}")
    assert history.status_code == 200
    compare = leader.get(f"/t/{world.slug}/plans/{plan_id}/compare?from={big}&to={big}")
    assert compare.status_code == 302
    goal_id = make_goal(app, world.id, world.person("member").id)
    edit = leader.post(
        f"/t/{world.slug}/goals/{goal_id}/edit",
        data={"title": "T", "success": "S", "visibility": "team", "version": str(big)},
    )
    assert edit.status_code == 422


# -- item 9: non-finite and absurd numbers, and bad rows already stored ------------------------

BAD_NUMBERS = ["nan", "inf", "-Infinity", "1e309", "-1e13"]


def goal_data(world, **overrides) -> dict:
    data = {
        "title": "Run interviews",
        "success": "Ten interviews",
        "skill": str(world.skills["Communication"]),
        "visibility": "team",
        "unit": "interviews",
        "start_value": "0",
        "target_value": "10",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("typed", BAD_NUMBERS)
@pytest.mark.parametrize("name", ["start_value", "target_value"])
def test_a_goal_refuses_non_finite_and_absurd_numbers(app, world, client_as, typed, name):
    member = client_as(world.person("member"))
    response = member.post(f"/t/{world.slug}/goals/new", data=goal_data(world, **{name: typed}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a number between" in error_of(page, name)
    assert input_value(page, name) == typed
    assert count(app, Goal) == 0


@pytest.mark.parametrize("typed", BAD_NUMBERS)
def test_a_check_in_refuses_non_finite_and_absurd_values(app, world, client_as, typed):
    goal_id = make_goal(app, world.id, world.person("member").id, numbers=(0, 10, "interviews"))
    member = client_as(world.person("member"))
    data = {f"goal{goal_id}-{k}": v for k, v in checkin(value=typed).items()}
    response = member.post(f"/t/{world.slug}/goals/{goal_id}/checkins", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a number between" in error_of(page, f"goal{goal_id}-value")
    assert input_value(page, f"goal{goal_id}-value") == typed
    assert count(app, CheckIn) == 0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_pages_render_with_a_bad_number_stored_by_sql(app, world, client_as, bad):
    """On SQLite a NaN is stored as NULL, itself a bad row for a numeric goal."""
    owner = world.person("member")
    goal_id = make_goal(app, world.id, owner.id, numbers=(0, 10, "interviews"))
    add_checkins(app, goal_id, 2)
    with app.app_context():
        for column in ("start_value", "target_value", "current_value"):
            db.session.execute(sa.update(Goal).values({column: bad}))
        db.session.execute(sa.update(CheckIn).values(value=bad))
        db.session.commit()
    member, leader = client_as(owner), client_as(world.person("leader"))
    for client, url, shows in [
        (member, f"/t/{world.slug}/goals/", "Run interviews"),
        (member, f"/t/{world.slug}/goals/{goal_id}", "Run interviews"),
        (member, f"/t/{world.slug}/goals/{goal_id}/edit", "Run interviews"),
        (leader, f"/t/{world.slug}/goals/team", "Member"),
        (member, f"/t/{world.slug}/", "Run interviews"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert shows in response.get_data(as_text=True), url
    after = member.post(
        f"/t/{world.slug}/goals/{goal_id}/checkins",
        data={f"goal{goal_id}-{k}": v for k, v in checkin(value="5").items()},
    )
    assert after.status_code in (303, 422)


# -- item 11: a field left out, a row deleted meanwhile -----------------------------------------


def test_an_area_edit_without_one_of_its_fields_keeps_that_field(app, world, client_as):
    area_id = world.area("Product processes")
    with app.app_context():
        db.session.get(Area, area_id).duties = "Set prices"
        db.session.commit()
    response = client_as(world.person("leader")).post(
        f"/t/{world.slug}/responsibilities/areas/{area_id}/edit",
        data={"name": "Processes and tools", "purpose": "Revenue", "decisions": "Discounts"},
    )
    assert response.status_code == 303
    with app.app_context():
        area = db.session.get(Area, area_id)
        assert (area.name, area.purpose, area.duties) == (
            "Processes and tools",
            "Revenue",
            "Set prices",
        )


def test_nul_characters_are_dropped_from_text_before_any_database_sees_them(app, world, client_as):
    area_id = world.area("Product processes")
    client = client_as(world.person("leader"))
    response = client.post(
        f"/t/{world.slug}/responsibilities/areas/{area_id}/edit",
        data={"name": "Process\x00es", "purpose": "\x00", "duties": "Tools\x00", "decisions": ""},
    )
    assert response.status_code == 303  # PostgreSQL would refuse the text with a 500
    with app.app_context():
        area = db.session.get(Area, area_id)
        assert (area.name, area.purpose, area.duties) == ("Processes", "", "Tools")
    assert client.get(f"/t/{world.slug}/activity?q=\x00").status_code == 200  # query strings too


def add_rows(app, world, plan_id, *titles) -> list[int]:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = db.session.get(Plan, plan_id)
        ids = [vision.add_item(plan, "pillar", {"title": t}, leader).id for t in titles]
        db.session.commit()
        return ids


def positions(app, ids) -> list[int]:
    with app.app_context():
        return [db.session.get(PlanItem, i).position for i in ids]


@pytest.mark.parametrize("htmx", [True, False])
def test_moving_a_row_another_leader_just_deleted(app, world, plan_id, client_as, htmx):
    ids = add_rows(app, world, plan_id, "Mobile first", "Trust", "Speed")
    coleader, leader = client_as(world.person("coleader")), client_as(world.person("leader"))
    url = f"/t/{world.slug}/plans/{plan_id}/rows/{ids[1]}"
    assert coleader.post(f"{url}/delete", htmx=True).status_code == 200
    before = positions(app, ids)
    response = leader.post(f"{url}/move", data={"direction": "up"}, htmx=htmx)
    if htmx:
        assert response.status_code == 409
        assert "Someone deleted this row meanwhile" in response.headers["HX-Trigger"]
    else:
        assert response.status_code == 303
        page = leader.get(response.headers["Location"]).get_data(as_text=True)
        assert "Someone deleted this row meanwhile: nothing was moved." in page
    assert positions(app, ids) == before


# -- item 14: the Markdown export and cross-site downloads --------------------------------------

HOSTILE = "</script><script>alert(1)</script> [click](javascript:alert(2)) & <img src=x>"


def test_the_markdown_export_shows_user_text_but_never_as_markup(app, world, plan_id, client_as):
    member = world.person("member")
    with app.app_context():
        db.session.get(User, member.id).display_name = HOSTILE
        db.session.commit()
    set_cells(app, (world.area("Product processes"), world.membership_ids["member"], "A"))
    add_rows(app, world, plan_id, HOSTILE)
    response = client_as(world.person("leader")).get(
        f"/t/{world.slug}/one-pager.md?source=draft&chosen=1&plan={plan_id}"
        "&sections=strategy&sections=responsibilities&paper=a4"
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<" not in text and not re.search(r"(?<!\\)\]\(", text)
    escaped = r"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \[click\](javascript:alert(2))"
    assert text.count(escaped + r" &amp; &lt;img src=x&gt;") == 2  # the pillar, the Accountable


def exports_logged(app) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Activity).where(Activity.verb == "exported")
        )


@pytest.mark.parametrize(
    "headers, logged",
    [
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({"Referer": "https://evil.example/page"}, False),
        ({"Sec-Fetch-Site": "cross-site", "Referer": "http://localhost/t/x/one-pager"}, False),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Sec-Fetch-Site": "none"}, True),
        ({"Referer": "http://localhost/t/x/one-pager"}, True),
    ],
)
def test_a_download_is_logged_only_when_it_came_from_our_own_pages(
    app, world, plan_id, client_as, headers, logged
):
    response = client_as(world.person("leader")).get(
        f"/t/{world.slug}/one-pager.md?source=draft&chosen=1&sections=strategy&paper=a4",
        headers=headers,
    )
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert exports_logged(app) == (1 if logged else 0)


# -- from issue 11: the check-in form -----------------------------------------------------------


def checkin(**fields) -> dict:
    return {"status": "on_track", "confidence": "4", "happened": "Talked to users", **fields}


def selected_confidence(page: str, goal_id: int) -> str:
    select = re.search(rf'<select[^>]*id="goal{goal_id}-confidence".*?</select>', page, re.S)
    return re.search(r'<option selected value="(\d)"|<option value="(\d)" selected', select[0])[
        0
    ].split('"')[1]


def test_confidence_carries_over_from_the_previous_check_in(app, world, client_as):
    goal_id = make_goal(app, world.id, world.person("member").id)
    member = client_as(world.person("member"))
    page = member.get(f"/t/{world.slug}/goals/{goal_id}").get_data(as_text=True)
    assert selected_confidence(page, goal_id) == "4"  # no check-in yet: the default
    data = {f"goal{goal_id}-{k}": v for k, v in checkin(progress="30", confidence="2").items()}
    assert member.post(f"/t/{world.slug}/goals/{goal_id}/checkins", data=data).status_code == 303
    # the goal page, and a card of My goals with its check-in opened
    for url in (f"/t/{world.slug}/goals/{goal_id}", f"/t/{world.slug}/goals/{goal_id}/card"):
        page = member.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert selected_confidence(page, goal_id) == "2", url


@pytest.mark.parametrize("numbers, typed", [((0, 100, "%"), "-5"), ((80, 70, "kg"), "81")])
def test_a_value_behind_the_start_is_refused_next_to_the_field(
    app, world, client_as, numbers, typed
):
    goal_id = make_goal(app, world.id, world.person("member").id, numbers=numbers)
    member = client_as(world.person("member"))
    data = {f"goal{goal_id}-{k}": v for k, v in checkin(value=typed).items()}
    response = member.post(f"/t/{world.slug}/goals/{goal_id}/checkins", data=data, htmx=True)
    page = response.get_data(as_text=True)
    start, target = numbers[0], numbers[1]
    assert response.status_code == 422
    assert error_of(page, f"goal{goal_id}-value") == (
        f"Enter a value from the start ({start}) towards the target ({target})."
    )
    assert input_value(page, f"goal{goal_id}-value") == typed
    assert count(app, CheckIn) == 0


def test_a_value_past_the_target_is_still_allowed(app, world, client_as):
    goal_id = make_goal(app, world.id, world.person("member").id, numbers=(0, 10, "interviews"))
    data = {f"goal{goal_id}-{k}": v for k, v in checkin(value="12").items()}
    response = client_as(world.person("member")).post(
        f"/t/{world.slug}/goals/{goal_id}/checkins", data=data
    )
    assert response.status_code == 303 and count(app, CheckIn) == 1


def test_a_target_date_in_the_past_is_refused_next_to_the_field(app, world, client_as):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    member = client_as(world.person("member"))
    response = member.post(
        f"/t/{world.slug}/goals/new", data=goal_data(world, target_date=yesterday)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_of(page, "target_date") == (
        "The target date has passed: choose today or a later day."
    )
    assert input_value(page, "target_date") == yesterday
    assert count(app, Goal) == 0
    today = date.today().isoformat()
    created = member.post(f"/t/{world.slug}/goals/new", data=goal_data(world, target_date=today))
    assert created.status_code == 303


def test_a_goal_whose_date_has_passed_can_still_be_edited(app, world, client_as):
    passed = date.today() - timedelta(days=30)
    goal_id = make_goal(app, world.id, world.person("member").id, target_date=passed)
    member = client_as(world.person("member"))
    with app.app_context():
        version = db.session.get(Goal, goal_id).version
    data = goal_data(world, target_date=passed.isoformat(), version=str(version))
    data.update(unit="", start_value="", target_value="", title="Run ten interviews")
    response = member.post(f"/t/{world.slug}/goals/{goal_id}/edit", data=data)
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Goal, goal_id).title == "Run ten interviews"
    moved = dict(data, target_date=(passed - timedelta(days=1)).isoformat())
    moved["version"] = str(version + 1)
    refused = member.post(f"/t/{world.slug}/goals/{goal_id}/edit", data=moved)
    assert refused.status_code == 422
