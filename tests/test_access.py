"""Every team-scoped route × every kind of visitor, in one table.

A new route under /t/<slug>/ must join ROUTES (tests/access_routes.py): the last test fails
until it does. Each route names the capability it needs; the answers follow from the one table
of roles to capabilities (plplan.authz.CAPABILITIES), so this tests the table itself: anonymous
visitors are sent to log in, non-members get 404, members whose role lacks the capability 403,
the rest `ok`.
"""

from datetime import date

import pytest
import sqlalchemy as sa

from plplan.areadata import budget
from plplan.authz import role_can
from plplan.export import services as export_services
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Communication,
    Invitation,
    Membership,
    Notification,
    Plan,
    PlanRevision,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.vision import comments
from plplan.vision import services as vision_services
from tests.access_routes import PERSONAL_ROUTES, ROUTES, Route
from tests.chat_world import failed_delivery
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.kpis_world import kpi_world

VISITORS = ["anonymous", "outsider", "viewer", "member", "leader"]
VISITOR_ROLE = {"viewer": Role.VIEWER, "member": Role.MEMBER, "leader": Role.LEADER}


@pytest.fixture
def world(team, app, make_user):
    """The team plus one extra member (the target of member actions) and a pending invite."""
    target = make_user(name="Target")
    with app.app_context():
        membership = Membership(team_id=team.id, user_id=target.id, role=Role.MEMBER)
        invitation = Invitation(
            team_id=team.id,
            token_hash="x" * 64,
            role=Role.MEMBER,
            expires_at=utcnow().replace(year=utcnow().year + 1),
        )
        area = Area(team_id=team.id, name="Budget management")
        db.session.add_all([membership, invitation, area])
        db.session.commit()
        ids = {
            "member_id": membership.id,
            "invitation_id": invitation.id,
            "area_id": area.id,
            **_vision_ids(team),
        }
        ids["share_link_id"] = _share_link_id(team, ids["plan_id"])
        ids.update(_budget_ids(team, area))
        ids.update(kpi_world(team.id))
        ids["comm_id"] = _communication_id(area, membership)
    skills = seed_team_skills(app, team.id)
    owner_id = team.person("member").id
    goal_id = make_goal(app, team.id, owner_id, mentor_id=target.id)
    ids.update(
        owner_id=owner_id,
        skill_id=skills["Communication"],
        goal_id=goal_id,
        checkin_id=add_checkins(app, goal_id, 1)[0],
    )
    with app.app_context():
        ids["notification_id"] = db.session.scalar(
            sa.select(Notification.id).where(Notification.recipient_id == owner_id).limit(1)
        )
        ids["outbox_id"] = failed_delivery(team)
    return team, ids


def _budget_ids(team, area: Area) -> dict:
    """The area's budget switched on (hidden from viewers) with one line."""
    db.session.add(AreaModule(area_id=area.id, kind="budget"))
    leader = db.session.get(User, team.person("leader").id)
    line = budget.add_line(
        db.session.get(Team, team.id), area, "Hosting", "Tools", None, None, 1000, "month", leader
    )
    db.session.commit()
    month = budget.Year.of(db.session.get(Team, team.id)).months[0]
    return {"line_id": line.id, "month": f"{month:%Y-%m}"}


def _communication_id(area: Area, owner: Membership) -> int:
    """The area's communication plan, shown to viewers, with one row owned by `owner`."""
    db.session.add(AreaModule(area_id=area.id, kind="comms", visible_to_viewers=True))
    row = Communication(
        area_id=area.id,
        audience_name="Board",
        what="Board update",
        channel="meeting",
        cadence="monthly",
        owner_membership_id=owner.id,
        first_due=date(2026, 1, 1),
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def _share_link_id(team, plan_id: int) -> int:
    """The plan published twice, and a share link to it."""
    leader = db.session.get(User, team.person("leader").id)
    plan = db.session.get(Plan, plan_id)
    vision_services.publish(plan, leader)
    # a second publication needs a change: publishing an unchanged draft is refused
    vision_services.add_item(plan, "need", {"text": "Fewer steps to pay"}, leader)
    vision_services.publish(plan, leader, "Second look")
    link, _ = export_services.create_share_link(
        plan.team,
        plan,
        source="published",
        sections=["vision"],
        paper="a4",
        days=None,
        label="",
        creator=leader,
    )
    db.session.commit()
    return link.id


def _vision_ids(team) -> dict:
    """A plan with rows, two revisions and a comment (the rows' ids are the paths' ids)."""
    leader = db.session.get(User, team.person("leader").id)
    plan = vision_services.create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
    item = vision_services.add_item(plan, "need", {"text": "Shoppers wait"}, leader)
    db.session.flush()
    first_revision_id = db.session.scalar(sa.select(sa.func.max(PlanRevision.id)))
    vision_services.add_item(plan, "need", {"text": "Shoppers retry"}, leader)
    comment = comments.add_comment(plan, "vision", "Why now?", leader)
    db.session.commit()
    revision_id = db.session.scalar(sa.select(sa.func.max(PlanRevision.id)))
    return {
        "plan_id": plan.id,
        "item_id": item.id,
        "first_revision_id": first_revision_id,
        "revision_id": revision_id,
        "comment_id": comment.id,
    }


def expected_status(route: Route, visitor: str) -> int:
    if visitor == "anonymous":
        return 302
    if visitor == "outsider":
        return 404
    if visitor in route.exceptions:
        return route.exceptions[visitor]
    return route.ok if role_can(VISITOR_ROLE[visitor], route.capability) else 403


def call(client, route: Route, path: str, ids: dict, **kwargs):
    if route.method == "GET":
        return client.get(path)
    data = {key.format(**ids): value.format(**ids) for key, value in route.data.items()}
    return client.post(path, data=data, **kwargs)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_access(route, visitor, world, client_as):
    team, ids = world
    client = client_as(None if visitor == "anonymous" else team.person(visitor))
    response = call(client, route, route.path.format(slug=team.slug, **ids), ids)
    assert response.status_code == expected_status(route, visitor)
    if visitor == "anonymous":
        assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.method == "POST"], ids=lambda r: f"{r.method} {r.path}"
)
def test_state_changes_need_csrf_token(route, world, client_as, app):
    team, ids = world
    client = client_as(team.person("leader"))
    with app.app_context():
        before = db.session.execute(sa.text("SELECT count(*) FROM activity")).scalar()
    response = call(client, route, route.path.format(slug=team.slug, **ids), ids, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM activity")).scalar() == before


def test_every_team_route_is_in_the_table(app):
    covered = {(r.method, r.endpoint) for r in ROUTES}
    missing = [
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if "<slug>" in rule.rule and not rule.rule.startswith("/api/")  # test_api_access's
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (method, rule.endpoint) not in covered
    ]
    assert missing == []


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", PERSONAL_ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_personal_routes_answer_only_their_owner(route, visitor, world, client_as):
    team, ids = world
    client = client_as(None if visitor == "anonymous" else team.person(visitor))
    response = call(client, route, route.path.format(**ids), ids)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login")
    else:
        assert response.status_code == route.exceptions[visitor]


def test_every_inbox_route_is_in_the_personal_table(app):
    covered = {(r.method, r.endpoint) for r in PERSONAL_ROUTES}
    missing = [
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("inbox.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (method, rule.endpoint) not in covered
    ]
    assert missing == []
