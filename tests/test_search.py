"""Search across a team: each kind is found once written, follows its changes and goes when
it goes; ranking, phrases, prefixes, other scripts; who sees what; bad queries; escaping."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from plplan.areadata import budget, comms_services, kpis
from plplan.cli import plplan_cli
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Goal,
    Plan,
    PlanItem,
    Role,
    SearchDocument,
    Team,
    User,
)
from plplan.responsibilities import services as areas
from plplan.search.query import MAX_LENGTH
from plplan.vision import comments
from plplan.vision import services as vision
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.vision_world import field, save


@pytest.fixture
def world(make_team, make_user):
    world = make_team(
        "Checkout", leader=Role.LEADER, member=Role.MEMBER, other=Role.MEMBER, viewer=Role.VIEWER
    )
    world.people["outsider"] = make_user(name="Outsider")
    return world


@pytest.fixture
def plan_id(app, world) -> int:
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        db.session.commit()
        return plan.id


def found(client, world, q: str) -> str:
    """The results part of the search page (the text a person reads there)."""
    response = client.get(f"/t/{world.slug}/search", query_string={"q": q})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return main.split("</form>", 1)[1]


_HIT = re.compile(r'<li class="card search-hit">\s*<a href="([^"]*)">(.*?)</a>', re.S)


def hits(client, world, q: str) -> list[tuple[str, str]]:
    """(link, title as read) of each result, in the order shown."""
    return [
        (url, re.sub(r"<[^>]+>", "", title)) for url, title in _HIT.findall(found(client, world, q))
    ]


def titles(client, world, q: str) -> list[str]:
    return [title for _, title in hits(client, world, q)]


def with_app(app, work):
    """Run `work(team, leader)` in an app context and commit: a write as a service does it."""
    with app.app_context():
        result = work()
        db.session.commit()
        return result


def leader_of(world) -> User:
    return db.session.get(User, world.person("leader").id)


def team_of(world) -> Team:
    return db.session.get(Team, world.id)


# -- each kind: found once written, follows changes, gone when it goes ----------------------------


def test_a_plan_field_is_found_after_a_save_and_follows_it(app, world, plan_id, client_as):
    leader = client_as(world.person("leader"))
    row = field(app, plan_id, "vision")
    response = save(leader, world, plan_id, "vision", "Every shop sells abroad", row.version)
    assert response.status_code == 200
    assert hits(leader, world, "abroad") == [
        (f"/t/{world.slug}/plans/{plan_id}#s-vision", "Vision")
    ]
    save(leader, world, plan_id, "vision", "Every shop sells locally", row.version + 1)
    assert titles(leader, world, "locally") == ["Vision"]
    assert titles(leader, world, "abroad") == []


def test_plan_rows_and_the_name_follow_their_changes(app, world, plan_id, client_as):
    member = client_as(world.person("member"))

    def add():
        plan = db.session.get(Plan, plan_id)
        return vision.add_item(plan, "need", {"text": "Faster refunds"}, leader_of(world)).id

    item_id = with_app(app, add)
    assert len(titles(member, world, "refunds")) == 1

    def edit():
        plan, item = db.session.get(Plan, plan_id), db.session.get(PlanItem, item_id)
        vision.save_item(plan, item, {"text": "Cheaper shipping"}, item.version, leader_of(world))

    with_app(app, edit)
    assert titles(member, world, "refunds") == []
    assert len(titles(member, world, "shipping")) == 1

    def delete():
        plan, item = db.session.get(Plan, plan_id), db.session.get(PlanItem, item_id)
        vision.delete_item(plan, item, leader_of(world))

    with_app(app, delete)
    assert titles(member, world, "shipping") == []
    with_app(
        app,
        lambda: vision.rename_plan(db.session.get(Plan, plan_id), "Northwind", leader_of(world)),
    )
    assert titles(member, world, "northwind") == ["Northwind"]
    assert titles(member, world, "checkout") == []
    with_app(
        app, lambda: vision.set_archived(db.session.get(Plan, plan_id), True, leader_of(world))
    )
    assert titles(member, world, "northwind") == []


def test_comments_are_found_by_who_reads_drafts(app, world, plan_id, client_as):
    def comment():
        plan = db.session.get(Plan, plan_id)
        comments.add_comment(plan, "needs", "What about wholesale?", leader_of(world))

    with_app(app, comment)
    assert hits(client_as(world.person("member")), world, "wholesale") == [
        (f"/t/{world.slug}/plans/{plan_id}/comments/needs", "Comment")
    ]
    assert titles(client_as(world.person("viewer")), world, "wholesale") == []


def test_areas_follow_their_name_and_description_and_leave_when_archived(app, world, client_as):
    viewer = client_as(world.person("viewer"))
    area_id = with_app(app, lambda: areas.add_area(team_of(world), "Partnerships").id)
    assert hits(viewer, world, "partner") == [
        (f"/t/{world.slug}/responsibilities/areas/{area_id}", "Partnerships")
    ]

    def describe():
        area = db.session.get(Area, area_id)
        areas.describe_area(area, team_of(world), name="Alliances", purpose="Resellers abroad")

    with_app(app, describe)
    assert titles(viewer, world, "partnerships") == []
    assert titles(viewer, world, "resellers") == ["Alliances"]
    with_app(app, lambda: areas.archive_area(db.session.get(Area, area_id), team_of(world)))
    assert titles(viewer, world, "alliances") == []


def test_goals_and_check_ins_follow_their_changes(app, world, client_as):
    seed_team_skills(app, world.id)
    member = world.person("member")
    goal_id = make_goal(app, world.id, member.id, title="Learn negotiation")
    [checkin_id] = add_checkins(app, goal_id, 1)
    other = client_as(world.person("other"))
    assert titles(other, world, "negotiation") == ["Learn negotiation"]
    assert hits(other, world, "step") == [
        (f"/t/{world.slug}/goals/{goal_id}#checkin-{checkin_id}", "Check-in")
    ]

    def rename():
        db.session.get(Goal, goal_id).title = "Learn pricing"

    with_app(app, rename)
    assert titles(other, world, "negotiation") == []
    assert titles(other, world, "pricing") == ["Learn pricing"]
    with_app(app, lambda: db.session.delete(db.session.get(Goal, goal_id)))
    assert titles(other, world, "pricing") == []
    assert titles(other, world, "step") == []


@pytest.fixture
def data_area(app, world) -> int:
    """An area with budget, KPIs and communication switched on, hidden from viewers."""

    def make():
        area = areas.add_area(team_of(world), "Growth")
        db.session.flush()
        for kind in ("budget", "kpis", "comms"):
            db.session.add(AreaModule(area_id=area.id, kind=kind))
        return area.id

    return with_app(app, make)


def test_area_data_is_found_by_members_and_by_viewers_once_shown(app, world, data_area, client_as):
    def add():
        team, area, leader = team_of(world), db.session.get(Area, data_area), leader_of(world)
        template = kpis.Template(
            "", "Activation rate", "Share of trials that activate", "percent", "up", "monthly"
        )
        kpis.add_kpi(team, area, template)
        budget.add_line(
            team, area, "Conference booths", "Events", None, None, 1000, "month", leader
        )
        fields = comms_services.Fields(
            None,
            "Board",
            "Quarterly activation review",
            "email",
            "quarterly",
            None,
            date(2026, 12, 1),
        )
        comms_services.add(team, area, fields, leader)

    with_app(app, add)
    member, viewer = client_as(world.person("member")), client_as(world.person("viewer"))
    assert sorted(titles(member, world, "activation")) == [
        "Activation rate",
        "Quarterly activation review",
    ]
    assert titles(member, world, "booths") == ["Conference booths"]
    assert titles(viewer, world, "activation") == []

    def show_kpis():
        module = db.session.scalar(
            sa.select(AreaModule).where(AreaModule.area_id == data_area, AreaModule.kind == "kpis")
        )
        module.visible_to_viewers = True

    with_app(app, show_kpis)
    assert titles(viewer, world, "activation") == ["Activation rate"]

    def switch_budget_off():
        db.session.execute(
            sa.delete(AreaModule).where(
                AreaModule.area_id == data_area, AreaModule.kind == "budget"
            )
        )

    with_app(app, switch_budget_off)
    assert titles(member, world, "booths") == []
