"""Every team-scoped route × every kind of visitor, in one table.

A new route under /t/<slug>/ must join ROUTES: test_every_team_route_is_in_the_table fails
until it does. Expectations follow from the route's minimum role: anonymous visitors are sent
to log in, non-members get 404, members below the role 403, the rest `ok`.
"""

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Invitation, Role, utcnow


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # placeholders: {slug}, {member_id}, {invitation_id}, {plan_id}, {item_id}, ...
    endpoint: str
    min_role: Role
    ok: int = 200
    data: dict = field(default_factory=dict)


ROUTES = [
    Route("GET", "/t/{slug}/", "teams.home", Role.VIEWER),
    Route("GET", "/t/{slug}/members", "teams.members", Role.VIEWER),
    Route(
        "POST",
        "/t/{slug}/members/{member_id}/role",
        "teams.change_role",
        Role.LEADER,
        303,
        {"role": "viewer"},
    ),
    Route("POST", "/t/{slug}/members/{member_id}/remove", "teams.remove_member", Role.LEADER, 303),
    Route("POST", "/t/{slug}/leave", "teams.leave", Role.VIEWER, 303),
    Route("GET", "/t/{slug}/invitations", "teams.invitations", Role.LEADER),
    Route(
        "POST",
        "/t/{slug}/invitations",
        "teams.invitations",
        Role.LEADER,
        200,
        {"days": "7", "role": "member"},
    ),
    Route(
        "POST",
        "/t/{slug}/invitations/{invitation_id}/revoke",
        "teams.revoke_invitation",
        Role.LEADER,
        303,
    ),
    # vision
    Route("GET", "/t/{slug}/vision", "vision.index", Role.VIEWER, 302),
    Route("GET", "/t/{slug}/plans", "vision.plans", Role.VIEWER),
    Route("POST", "/t/{slug}/plans", "vision.plans", Role.LEADER, 303, {"name": "Next year"}),
    Route("GET", "/t/{slug}/plans/{plan_id}", "vision.plan", Role.VIEWER),
    Route(
        "POST", "/t/{slug}/plans/{plan_id}/rename", "vision.rename", Role.LEADER, 303, {"name": "X"}
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/archive", "vision.archive", Role.LEADER, 303),
    Route("POST", "/t/{slug}/plans/{plan_id}/duplicate", "vision.duplicate", Role.LEADER, 303),
    Route("POST", "/t/{slug}/plans/{plan_id}/current", "vision.make_current", Role.LEADER, 303),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/fields/vision",
        "vision.save_field",
        Role.LEADER,
        303,
        {"value": "A vision", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows",
        "vision.add_row",
        Role.LEADER,
        303,
        {"kind": "need"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}",
        "vision.save_row",
        Role.LEADER,
        303,
        {"text": "Shoppers wait", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/delete",
        "vision.delete_row",
        Role.LEADER,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/move",
        "vision.move_row",
        Role.LEADER,
        303,
        {"direction": "up"},
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/publish", "vision.publish", Role.LEADER, 303),
    Route("GET", "/t/{slug}/plans/{plan_id}/history", "vision.revisions", Role.MEMBER),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/compare?from={revision_id}&to={revision_id}",
        "vision.compare",
        Role.MEMBER,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/revisions/{revision_id}/restore",
        "vision.restore",
        Role.LEADER,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments",
        "vision.comment",
        Role.MEMBER,
        303,
        {"section": "vision", "body": "Why now?"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments/{comment_id}/resolve",
        "vision.resolve",
        Role.LEADER,
        303,
    ),
]

VISITORS = ["anonymous", "outsider", "viewer", "member", "leader"]
VISITOR_ROLE = {"viewer": Role.VIEWER, "member": Role.MEMBER, "leader": Role.LEADER}


@pytest.fixture
def world(team, app, make_user):
    """The team plus one extra member (the target of member actions) and a pending invite."""
    target = make_user(name="Target")
    with app.app_context():
        from plplan.models import Membership

        membership = Membership(team_id=team.id, user_id=target.id, role=Role.MEMBER)
        invitation = Invitation(
            team_id=team.id,
            token_hash="x" * 64,
            role=Role.MEMBER,
            expires_at=utcnow().replace(year=utcnow().year + 1),
        )
        db.session.add_all([membership, invitation])
        db.session.commit()
        ids = {"member_id": membership.id, "invitation_id": invitation.id, **_vision_ids(team)}
    return team, ids


def _vision_ids(team) -> dict:
    """A plan with a row, a revision and a comment (the rows' ids are the paths' ids)."""
    from plplan.models import PlanRevision, Team, User
    from plplan.vision import comments, services

    leader = db.session.get(User, team.person("leader").id)
    plan = services.create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
    item = services.add_item(plan, "need", {"text": "Shoppers wait"}, leader)
    comment = comments.add_comment(plan, "vision", "Why now?", leader)
    db.session.commit()
    revision_id = db.session.scalar(sa.select(sa.func.max(PlanRevision.id)))
    return {
        "plan_id": plan.id,
        "item_id": item.id,
        "revision_id": revision_id,
        "comment_id": comment.id,
    }


def expected_status(route: Route, visitor: str) -> int:
    if visitor == "anonymous":
        return 302
    if visitor == "outsider":
        return 404
    return route.ok if VISITOR_ROLE[visitor] >= route.min_role else 403


def call(client, route: Route, path: str, **kwargs):
    if route.method == "GET":
        return client.get(path)
    return client.post(path, data=route.data, **kwargs)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_access(route, visitor, world, client_as):
    team, ids = world
    client = client_as(None if visitor == "anonymous" else team.person(visitor))
    response = call(client, route, route.path.format(slug=team.slug, **ids))
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
    response = call(client, route, route.path.format(slug=team.slug, **ids), csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM activity")).scalar() == before


def test_every_team_route_is_in_the_table(app):
    covered = {(r.method, r.endpoint) for r in ROUTES}
    missing = [
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if "<slug>" in rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (method, rule.endpoint) not in covered
    ]
    assert missing == []
