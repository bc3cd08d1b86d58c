"""A team the API tests read and write: leader, member, viewer and an outsider who leads
another team; a published plan with a field and a row; an area with an Accountable; and
the area's budget (shown to viewers), KPIs and communication plan (not), one row each;
a goal of the leader's and a member's goal with one check-in the leader may acknowledge;
personal tokens of every kind (`api_world.token(kind)` gives the secret)."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from plplan.api import RESOURCES
from plplan.api.auth import create_token
from plplan.areadata import budget, kpis
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Assignment,
    Communication,
    CommunicationDone,
    Goal,
    Kpi,
    KpiEntry,
    Membership,
    Plan,
    Raci,
    Role,
    Team,
    User,
    utcnow,
)
from plplan.vision import services
from tests.goals_factory import add_checkins, make_goal, seed_team_skills


@dataclass
class ApiWorld:
    team: object
    other_slug: str
    plan_id: int
    field_version: int
    row_id: int
    row_version: int
    area_id: int
    kpi_id: int = 0
    entry_period: str = ""  # this month: the KPI's entry, at entry_version
    entry_version: int = 0
    skill_id: int = 0
    goal_id: int = 0  # the leader's, at goal_version
    goal_version: int = 0
    member_goal_id: int = 0
    checkin_id: int = 0
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, kind: str) -> str:
        return self.tokens[kind]

    def headers(self, kind: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[kind]}"} if kind in self.tokens else {}


def api_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every API route, the path as OpenAPI writes it (`{plan_id}`)."""
    return {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in {blueprint.name for blueprint in RESOURCES}
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def make_token(user_id: int, team_id=None, read_only=False, expires_at=None, revoked=False):
    """A token's secret, made through the same service as the profile page."""
    user = db.session.get(User, user_id)
    team = db.session.get(Team, team_id) if team_id else None
    token, secret = create_token(user, "test", team, read_only, expires_at)
    if revoked:
        token.revoked_at = utcnow()
    return secret


def _area_data(team: Team, area: Area, leader: User) -> KpiEntry:
    """Budget shown to viewers, KPIs and the communication plan hidden: one row in each."""
    for kind, visible in (("budget", True), ("kpis", False), ("comms", False)):
        db.session.add(AreaModule(area_id=area.id, kind=kind, visible_to_viewers=visible))
    budget.add_line(team, area, "Ads", "Marketing", None, None, 1200, "year", leader)
    kpi = Kpi(area_id=area.id, name="Conversion", unit="percent")
    talk = Communication(
        area_id=area.id,
        audience_name="Board",
        what="Pricing update",
        channel="meeting",
        cadence="monthly",
        first_due=utcnow().date(),
    )
    db.session.add_all([kpi, talk])
    db.session.flush()
    entry = KpiEntry(kpi_id=kpi.id, period=kpis.today().replace(day=1), value=3)
    db.session.add(entry)
    db.session.add(CommunicationDone(communication_id=talk.id, done_on=utcnow().date()))
    db.session.flush()
    return entry


@pytest.fixture
def api_world(app, team, make_team) -> ApiWorld:
    other = make_team("Elsewhere", boss=Role.LEADER)
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        home = db.session.get(Team, team.id)
        # the outsider leads a team of their own; the leader is also in that team
        db.session.add(
            Membership(team_id=other.id, user_id=team.person("outsider").id, role=Role.LEADER)
        )
        db.session.add(Membership(team_id=other.id, user_id=leader.id, role=Role.MEMBER))
        plan = services.create_plan(home, "Checkout plan", leader)
        db.session.flush()
        row = services.add_item(plan, "need", {"text": "Pay in one tap"}, leader)
        vision = services.get_field(plan, "vision")
        services.save_field(plan, vision, "Everyone pays", vision.version, leader)
        services.publish(plan, leader)
        area = Area(team_id=team.id, name="Pricing", position=1)
        db.session.add(area)
        db.session.flush()
        db.session.add(
            Assignment(
                area_id=area.id, membership_id=team.membership_ids["leader"], role=Raci.ACCOUNTABLE
            )
        )
        entry = _area_data(home, area, leader)
        world = ApiWorld(team, other.slug, plan.id, vision.version, row.id, row.version, area.id)
        world.kpi_id, world.entry_version = entry.kpi_id, entry.version
        world.entry_period = entry.period.isoformat()
        lead = leader.id
        past = utcnow() - timedelta(days=1)
        world.tokens = {
            "read_write": make_token(lead),
            "read_only": make_token(lead, read_only=True),
            "revoked": make_token(lead, revoked=True),
            "expired": make_token(lead, expires_at=past),
            "scoped_elsewhere": make_token(lead, team_id=other.id),
            "scoped_here": make_token(lead, team_id=team.id),
            "outsider": make_token(team.person("outsider").id),
            "viewer": make_token(team.person("viewer").id),
            "member": make_token(team.person("member").id),
        }
        db.session.commit()
        assert db.session.get(Plan, plan.id).team_id == team.id
    world.skill_id = seed_team_skills(app, team.id)["Communication"]
    world.goal_id = make_goal(app, team.id, team.person("leader").id, "Coach two leads")
    with app.app_context():
        world.goal_version = db.session.get(Goal, world.goal_id).version
    world.member_goal_id = make_goal(app, team.id, team.person("member").id, "Ship the refunds")
    (world.checkin_id,) = add_checkins(app, world.member_goal_id, 1)
    return world
