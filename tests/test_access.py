"""Every team-scoped route × every kind of visitor, in one table.

A new route under /t/<slug>/ must join ROUTES: test_every_team_route_is_in_the_table fails
until it does. Each route names the capability it needs; the answers follow from the one table
of roles to capabilities (plplan.authz.CAPABILITIES), so this tests the table itself: anonymous
visitors are sent to log in, non-members get 404, members whose role lacks the capability 403,
the rest `ok`.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa

from plplan.areadata import budget
from plplan.authz import Capability, role_can
from plplan.export import services as export_services
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Communication,
    Invitation,
    Membership,
    Plan,
    PlanRevision,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.vision import comments
from plplan.vision import services as vision_services
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.kpis_world import kpi_world


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # placeholders: {slug} and the keys of the `world` fixture's ids
    # `data` keys and values may use the same placeholders
    endpoint: str
    capability: Capability
    ok: int = 200
    data: dict = field(default_factory=dict)
    # answers that follow from an object rule rather than the role, e.g. {"viewer": 404}
    exceptions: dict = field(default_factory=dict)


# The world's area has its budget on, hidden from viewers: they get 404 as for hidden data.
HIDDEN_FROM_VIEWERS = {"viewer": 404}
BUDGET = "/t/{slug}/responsibilities/areas/{area_id}/budget"


KPI_SETTINGS = {
    "name": "PQLs",
    "unit": "count",
    "direction": "up",
    "cadence": "monthly",
    "owner_id": "",
    "link": "",
}

COMM_DATA = {
    "audience": "n:Board",
    "what": "Quarterly update",
    "channel": "email",
    "cadence": "quarterly",
    "owner": "",
    "first_due": "2026-12-01",
}

ROUTES = [
    Route("GET", "/t/{slug}/", "teams.home", Capability.READ),
    Route("GET", "/t/{slug}/members", "teams.members", Capability.READ),
    Route("GET", "/t/{slug}/activity", "teams.activity", Capability.READ),
    Route("GET", "/t/{slug}/activity.csv", "teams.activity_csv", Capability.READ),
    Route(
        "POST",
        "/t/{slug}/members/{member_id}/role",
        "teams.change_role",
        Capability.MANAGE_PEOPLE,
        303,
        {"role": "viewer"},
    ),
    Route(
        "POST",
        "/t/{slug}/members/{member_id}/remove",
        "teams.remove_member",
        Capability.MANAGE_PEOPLE,
        303,
    ),
    Route("POST", "/t/{slug}/leave", "teams.leave", Capability.READ, 303),
    Route("GET", "/t/{slug}/invitations", "teams.invitations", Capability.MANAGE_PEOPLE),
    Route(
        "POST",
        "/t/{slug}/invitations",
        "teams.invitations",
        Capability.MANAGE_PEOPLE,
        200,
        {"days": "7", "role": "member"},
    ),
    Route(
        "POST",
        "/t/{slug}/invitations/{invitation_id}/revoke",
        "teams.revoke_invitation",
        Capability.MANAGE_PEOPLE,
        303,
    ),
    # responsibilities
    Route("GET", "/t/{slug}/responsibilities/", "responsibilities.grid", Capability.READ),
    Route("GET", "/t/{slug}/responsibilities/cards", "responsibilities.cards", Capability.READ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/cells",
        "responsibilities.set_cell",
        Capability.EDIT_MAP,
        303,
        {"role": "R", "member_id": "{member_id}"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/export.csv",
        "responsibilities.export_csv",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/settings",
        "responsibilities.settings",
        Capability.EDIT_MAP,
        303,
        {"load_threshold": "4"},
    ),
    Route("GET", "/t/{slug}/responsibilities/mine", "responsibilities.mine", Capability.READ),
    Route("GET", "/t/{slug}/responsibilities/areas", "responsibilities.areas", Capability.EDIT_MAP),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas",
        "responsibilities.areas",
        Capability.EDIT_MAP,
        303,
        {"name": "Pricing"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}",
        "responsibilities.area",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/edit",
        "responsibilities.edit_area",
        Capability.EDIT_MAP,
        303,
        {"name": "Budget", "purpose": "", "duties": "", "decisions": ""},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/move",
        "responsibilities.move_area",
        Capability.EDIT_MAP,
        303,
        {"direction": "down"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/archive",
        "responsibilities.archive_area",
        Capability.EDIT_MAP,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/restore",
        "responsibilities.restore_area",
        Capability.EDIT_MAP,
        303,
    ),
    # area data: which kinds of data an area carries, the team's currency and fiscal year
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/modules",
        "areadata.set_modules",
        Capability.EDIT_MAP,
        303,
        {"modules-budget": "members"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/area-data/settings",
        "areadata.settings",
        Capability.EDIT_MAP,
        303,
        {
            "currency": "USD",
            "fiscal_year_start": "4",
            "budget_threshold_pct": "15",
            "area_id": "{area_id}",
        },
    ),
    # budget: the world's member is not the area's A or R, so only the leader edits it
    Route(
        "GET",
        BUDGET + "/lines/new",
        "areadata.new_budget_line",
        Capability.EDIT_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines",
        "areadata.add_budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {"name": "Ads", "category": "Marketing", "amount": "100", "per": "month"},
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "GET",
        BUDGET + "/lines/{line_id}",
        "areadata.budget_line",
        Capability.READ_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines/{line_id}",
        "areadata.budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {
            "planned-{month}": "12.50",
            "was-planned-{month}": "10.00",
            "version-planned-{month}": "1",
        },
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines/{line_id}/explanation",
        "areadata.explain_budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {"driver": "Usage grew", "action": "Renegotiate"},
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "GET",
        BUDGET + ".csv",
        "areadata.budget_csv",
        Capability.READ_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/upload",
        "areadata.upload_budget",
        Capability.EDIT_AREA_DATA,
        422,  # no file sent: the form asks for one
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/carry-forward",
        "areadata.carry_budget_forward",
        Capability.EDIT_AREA_DATA,
        303,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/upload/confirm",
        "areadata.confirm_budget_upload",
        Capability.EDIT_AREA_DATA,
        303,
        {"csv_text": "Line,Category,Kind\nHosting,Tools,Planned\n"},
        HIDDEN_FROM_VIEWERS,
    ),
    # KPIs: the world's Go-to-market area carries them, visible to viewers; nobody holds it
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis",
        "areadata.add_kpi",
        Capability.EDIT_AREA_DATA,
        303,
        {"template": "pql"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}",
        "areadata.kpi",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/settings",
        "areadata.kpi_settings",
        Capability.EDIT_AREA_DATA,
        303,
        KPI_SETTINGS,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/targets",
        "areadata.kpi_target",
        Capability.EDIT_AREA_DATA,
        303,
        {"starts": "{kpi_period}", "value": "100"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/entries",
        "areadata.record_entry",
        Capability.EDIT_AREA_DATA,
        303,
        {"period": "{kpi_period}", "value": "42", "version": "0"},
    ),
    # the communication plan: leaders and the area's A and R edit it (the world's area has no
    # A or R, so members may not), viewers see it where a leader showed it to them (here)
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/new",
        "areadata.new_communication",
        Capability.EDIT_AREA_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/new",
        "areadata.new_communication",
        Capability.EDIT_AREA_DATA,
        303,
        COMM_DATA,
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/edit",
        "areadata.edit_communication",
        Capability.EDIT_AREA_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/edit",
        "areadata.edit_communication",
        Capability.EDIT_AREA_DATA,
        303,
        COMM_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/delete",
        "areadata.delete_communication",
        Capability.EDIT_AREA_DATA,
        303,
    ),
    # the row's owner may mark it done too; the world's row is owned by the target member
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/done",
        "areadata.mark_done",
        Capability.EDIT_AREA_DATA,
        303,
        {"done{comm_id}-done_on": "2026-01-05", "done{comm_id}-note": "Sent"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/history",
        "areadata.communication_history",
        Capability.READ,
    ),
    # goals: the world's goal is owned by the member and mentored by the target member
    Route("GET", "/t/{slug}/goals/", "goals.mine", Capability.OWN_GOALS),
    Route("GET", "/t/{slug}/goals/team", "goals.team", Capability.REVIEW_GOALS),
    Route("GET", "/t/{slug}/goals/closed", "goals.closed", Capability.OWN_GOALS),
    Route("GET", "/t/{slug}/goals/team/closed", "goals.team_closed", Capability.REVIEW_GOALS),
    Route("GET", "/t/{slug}/goals/new", "goals.new", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/new",
        "goals.new",
        Capability.OWN_GOALS,
        303,
        {
            "owner": "{owner_id}",
            "title": "Speak at the all-hands",
            "success": "One talk",
            "skill": "{skill_id}",
            "visibility": "team",
        },
    ),
    Route("GET", "/t/{slug}/goals/{goal_id}", "goals.show", Capability.OWN_GOALS),
    # a card of My goals opened for htmx; a plain request goes to the goal page's check-in
    Route("GET", "/t/{slug}/goals/{goal_id}/card", "goals.card", Capability.OWN_GOALS, 302),
    Route("GET", "/t/{slug}/goals/{goal_id}/edit", "goals.edit", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/edit",
        "goals.edit",
        Capability.OWN_GOALS,
        303,
        {
            "title": "Run interviews alone",
            "success": "Ten",
            "skill": "{skill_id}",
            "visibility": "team",
            "version": "2",  # created, then one check-in
        },
    ),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/checkins",
        "goals.check_in",
        Capability.OWN_GOALS,
        303,
        {
            "goal{goal_id}-progress": "40",
            "goal{goal_id}-status": "on_track",
            "goal{goal_id}-confidence": "4",
            "goal{goal_id}-happened": "Two calls",
        },
    ),
    # Only the mentor or a reviewer acknowledges; the member here is the goal's owner.
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/checkins/{checkin_id}/acknowledge",
        "goals.acknowledge",
        Capability.REVIEW_GOALS,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/comments",
        "goals.comment",
        Capability.OWN_GOALS,
        303,
        {"body": "Go!"},
    ),
    Route("GET", "/t/{slug}/goals/{goal_id}/close", "goals.close", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/close",
        "goals.close",
        Capability.OWN_GOALS,
        303,
        {"status": "done", "outcome": "achieved", "learned": "Ask fewer questions"},
    ),
    Route("GET", "/t/{slug}/goals/skills", "goals.skills", Capability.MANAGE_SKILLS),
    Route(
        "POST",
        "/t/{slug}/goals/skills",
        "goals.skills",
        Capability.MANAGE_SKILLS,
        303,
        {"name": "Negotiation"},
    ),
    Route(
        "POST",
        "/t/{slug}/goals/skills/{skill_id}",
        "goals.update_skill",
        Capability.MANAGE_SKILLS,
        303,
        {"skill{skill_id}-name": "Storytelling", "skill{skill_id}-levels": "Learning"},
    ),
    Route(
        "POST",
        "/t/{slug}/goals/skills/{skill_id}/archive",
        "goals.archive_skill",
        Capability.MANAGE_SKILLS,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/goals/settings",
        "goals.settings",
        Capability.MANAGE_SKILLS,
        303,
        {"goal_stale_days": "10"},
    ),
    # vision
    Route("GET", "/t/{slug}/vision", "vision.index", Capability.READ, 302),
    Route("GET", "/t/{slug}/plans", "vision.plans", Capability.READ),
    Route(
        "POST", "/t/{slug}/plans", "vision.plans", Capability.EDIT_PLAN, 303, {"name": "Next year"}
    ),
    # viewers get 200 because the world's plan is published; an unpublished one is a 404 to them
    Route("GET", "/t/{slug}/plans/{plan_id}", "vision.plan", Capability.READ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rename",
        "vision.rename",
        Capability.EDIT_PLAN,
        303,
        {"name": "X"},
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/archive", "vision.archive", Capability.EDIT_PLAN, 303),
    Route(
        "POST", "/t/{slug}/plans/{plan_id}/duplicate", "vision.duplicate", Capability.EDIT_PLAN, 303
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/current",
        "vision.make_current",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/fields/vision",
        "vision.save_field",
        Capability.EDIT_PLAN,
        303,
        {"value": "A vision", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows",
        "vision.add_row",
        Capability.EDIT_PLAN,
        303,
        {"kind": "need"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}",
        "vision.save_row",
        Capability.EDIT_PLAN,
        303,
        {"text": "Shoppers wait", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/delete",
        "vision.delete_row",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/move",
        "vision.move_row",
        Capability.EDIT_PLAN,
        303,
        {"direction": "up"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/presence",
        "vision.presence",
        Capability.READ_DRAFTS,
        200,
        {"section": "pillars"},
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/publish", "vision.publish", Capability.PUBLISH, 303),
    # published content only, so viewers too (the world's plan is published twice)
    Route("GET", "/t/{slug}/plans/{plan_id}/publications", "vision.publications", Capability.READ),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/publications/compare?from=1&to=2",
        "vision.compare_publications",
        Capability.READ,
    ),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/publications/draft",
        "vision.compare_draft",
        Capability.READ_DRAFTS,
    ),
    Route("GET", "/t/{slug}/plans/{plan_id}/history", "vision.revisions", Capability.READ_DRAFTS),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/compare?from={first_revision_id}&to={revision_id}",
        "vision.compare",
        Capability.READ_DRAFTS,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/revisions/{revision_id}/restore",
        "vision.restore",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "GET", "/t/{slug}/plans/{plan_id}/comments/vision", "vision.thread", Capability.READ_DRAFTS
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments",
        "vision.comment",
        Capability.COMMENT,
        303,
        {"section": "vision", "body": "Why now?"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments/{comment_id}/resolve",
        "vision.resolve",
        Capability.EDIT_PLAN,
        303,
    ),
    # export
    Route("GET", "/t/{slug}/one-pager", "export.one_pager", Capability.EXPORT),
    Route("GET", "/t/{slug}/one-pager.pdf", "export.one_pager_pdf", Capability.EXPORT),
    Route("GET", "/t/{slug}/one-pager.md", "export.one_pager_markdown", Capability.EXPORT),
    Route("GET", "/t/{slug}/share-links", "export.share_links", Capability.SHARE),
    Route(
        "POST",
        "/t/{slug}/share-links",
        "export.share_links",
        Capability.SHARE,
        200,
        {"plan": "{plan_id}", "source": "published", "paper": "a4", "sections": "vision"},
    ),
    Route(
        "POST",
        "/t/{slug}/share-links/{share_link_id}/revoke",
        "export.revoke_share_link",
        Capability.SHARE,
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
        if "<slug>" in rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (method, rule.endpoint) not in covered
    ]
    assert missing == []
