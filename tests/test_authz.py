"""The capability table and the object rules built on it (plplan/authz.py)."""

import enum
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from plplan.authz import (
    CAPABILITIES,
    Capability,
    holds_area,
    may_acknowledge,
    may_comment_on_goal,
    may_edit_goal,
    may_open_plan,
    members_who_can,
    plan_name_for,
    role_can,
    roles_with,
)
from plplan.extensions import db
from plplan.models import Area, Assignment, Goal, Membership, Plan, Raci, Role, Team, User
from plplan.vision import services as vision_services
from tests.goals_factory import make_goal

C = Capability
ROOT = Path(__file__).resolve().parent.parent

# What the product brief says each role may do, written out once more by hand.
EXPECTED = {
    Role.VIEWER: {C.READ, C.EXPORT},
    Role.MEMBER: {
        C.READ,
        C.EXPORT,
        C.READ_DRAFTS,
        C.SEE_EMAILS,
        C.COMMENT,
        C.OWN_GOALS,
        C.HOLD_AREAS,
        C.READ_AREA_DATA,
    },
    Role.LEADER: set(Capability),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
def test_each_role_has_the_capabilities_the_brief_gives_it(role):
    assert set(CAPABILITIES[role]) == EXPECTED[role]
    assert {c for c in Capability if role_can(role, c)} == EXPECTED[role]


def test_every_role_has_a_row_and_every_capability_a_role():
    assert set(CAPABILITIES) == set(Role)
    assert all(roles_with(capability) for capability in Capability)


def test_capabilities_are_asked_by_name_and_a_misspelt_one_fails_loudly():
    assert role_can(Role.LEADER, "publish") and not role_can(Role.MEMBER, "publish")
    with pytest.raises(ValueError):
        role_can(Role.LEADER, "pubilsh")


class Ladder(enum.IntEnum):
    """The Role ladder with a hypothetical EDITOR ranked between member and leader, and an
    AUDITOR between viewer and member."""

    VIEWER = 10
    AUDITOR = 15
    MEMBER = 20
    EDITOR = 25
    LEADER = 30


LADDER_TABLE = {
    Ladder.VIEWER: CAPABILITIES[Role.VIEWER],
    Ladder.AUDITOR: CAPABILITIES[Role.VIEWER] | {C.READ_DRAFTS},
    Ladder.MEMBER: CAPABILITIES[Role.MEMBER],
    Ladder.EDITOR: CAPABILITIES[Role.MEMBER] | {C.EDIT_PLAN, C.PUBLISH},
    Ladder.LEADER: CAPABILITIES[Role.LEADER],
}


def test_a_new_rank_between_two_others_gets_its_row_not_its_neighbours_answers():
    # Ranked above members, yet no people management; ranked above viewers, yet no comments.
    assert role_can(Ladder.EDITOR, C.PUBLISH, LADDER_TABLE)
    assert not role_can(Ladder.EDITOR, C.MANAGE_PEOPLE, LADDER_TABLE)
    assert not role_can(Ladder.EDITOR, C.EDIT_MAP, LADDER_TABLE)
    assert role_can(Ladder.AUDITOR, C.READ_DRAFTS, LADDER_TABLE)
    assert not role_can(Ladder.AUDITOR, C.COMMENT, LADDER_TABLE)
    assert roles_with(C.EDIT_PLAN, LADDER_TABLE) == [Ladder.EDITOR, Ladder.LEADER]
    assert roles_with(C.OWN_GOALS, LADDER_TABLE) == [Ladder.MEMBER, Ladder.EDITOR, Ladder.LEADER]
    assert roles_with(C.READ_DRAFTS, LADDER_TABLE) == [
        Ladder.AUDITOR,
        Ladder.MEMBER,
        Ladder.EDITOR,
        Ladder.LEADER,
    ]


# A rank compared with ==, !=, <, >, <=, >= or the old shortcuts that stood for them.
RANK_CHECK = re.compile(
    r"(==|!=|<|>)=?\s*Role\.[A-Z]+|Role\.[A-Z]+\s*(==|!=|<|>)"
    r"|\.(is_leader|is_viewer|at_least)\b|role\.name\s*(==|!=)"
)


def test_no_code_or_template_compares_role_ranks():
    """Only the table in plplan/authz.py knows what a role may do: a new rank would be
    misclassified by any comparison of ranks elsewhere."""
    files = [*ROOT.glob("plplan/**/*.py"), *ROOT.glob("templates/**/*.html")]
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if RANK_CHECK.search(line)
    ]
    assert found == []


def test_members_who_can_selects_by_the_table(team, app):
    with app.app_context():

        def people(capability):
            return set(
                db.session.scalars(
                    sa.select(Membership.id).where(
                        Membership.team_id == team.id, members_who_can(capability)
                    )
                )
            )

        ids = team.membership_ids
        assert people(C.MANAGE_PEOPLE) == {ids["leader"]}
        assert people(C.HOLD_AREAS) == {ids["leader"], ids["member"]}
        assert people(C.READ) == set(ids.values())


# -- object rules ------------------------------------------------------------------------------


@pytest.fixture
def goal_world(make_team, app):
    """A goal owned by `owner`, mentored by `mentor`; `other` is a member with no part in it."""
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER, mentor=Role.MEMBER, other=Role.MEMBER)
    goal_id = make_goal(
        app, world.id, world.person("owner").id, mentor_id=world.person("mentor").id
    )
    return world, goal_id


@pytest.mark.parametrize(
    "who, edit, acknowledge, comment",
    [
        ("owner", True, False, True),
        ("mentor", False, True, True),
        ("leader", True, True, True),  # a reviewer
        ("other", False, False, False),
    ],
)
def test_goal_rules_follow_owner_mentor_and_review_capability(
    goal_world, app, who, edit, acknowledge, comment
):
    world, goal_id = goal_world
    with app.app_context():
        membership = db.session.get(Membership, world.membership_ids[who])
        goal = db.session.get(Goal, goal_id)
        assert may_edit_goal(membership, goal) is edit
        assert may_acknowledge(membership, goal) is acknowledge
        assert may_comment_on_goal(membership, goal) is comment


def test_a_reviewer_does_not_acknowledge_their_own_goal(make_team, app):
    world = make_team(leader=Role.LEADER)
    goal_id = make_goal(app, world.id, world.person("leader").id)
    with app.app_context():
        leader = db.session.get(Membership, world.membership_ids["leader"])
        goal = db.session.get(Goal, goal_id)
        assert may_edit_goal(leader, goal) and not may_acknowledge(leader, goal)


def test_holding_an_area_means_responsible_or_accountable_on_that_area(team, app, make_user):
    with app.app_context():
        budget = Area(team_id=team.id, name="Budget management")
        pricing = Area(team_id=team.id, name="Pricing")
        db.session.add_all([budget, pricing])
        db.session.flush()
        ids = team.membership_ids
        db.session.add_all(
            [
                Assignment(area_id=budget.id, membership_id=ids["member"], role=Raci.RESPONSIBLE),
                Assignment(area_id=budget.id, membership_id=ids["leader"], role=Raci.ACCOUNTABLE),
                Assignment(area_id=pricing.id, membership_id=ids["member"], role=Raci.CONSULTED),
            ]
        )
        db.session.commit()
        member, leader, viewer = (
            db.session.get(Membership, ids[key]) for key in ("member", "leader", "viewer")
        )
        assert holds_area(member, budget) and holds_area(leader, budget)
        assert not holds_area(member, pricing)  # consulted only
        assert not holds_area(leader, pricing)  # leading the team is not holding the area
        assert not holds_area(viewer, budget)


@pytest.fixture
def retired_plan(team, app):
    """A plan published, renamed in its draft, then archived."""
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = vision_services.create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        vision_services.publish(plan, leader)
        vision_services.rename_plan(plan, "Checkout 2028 (draft)", leader)
        vision_services.set_archived(plan, True, leader)
        db.session.commit()
        return plan.id


def test_who_reads_no_drafts_opens_a_plan_only_while_published_and_not_archived(
    team, app, retired_plan, client_as
):
    plan_path = f"/t/{team.slug}/plans/{retired_plan}"
    viewer, leader = client_as(team.person("viewer")), client_as(team.person("leader"))
    assert viewer.get(plan_path).status_code == 404
    assert viewer.get(f"{plan_path}/publications").status_code == 404
    assert "Checkout 20" not in viewer.get(f"/t/{team.slug}/plans").get_data(as_text=True)
    assert leader.get(plan_path).status_code == 200
    assert "Checkout 2028 (draft)" in leader.get(f"/t/{team.slug}/plans").get_data(as_text=True)
    with app.app_context():
        plan = db.session.get(Plan, retired_plan)
        viewer_row = db.session.get(Membership, team.membership_ids["viewer"])
        assert may_open_plan(viewer_row, plan, published=True) is False
        plan.archived_at = None
        assert may_open_plan(viewer_row, plan, published=True) is True
        assert may_open_plan(viewer_row, plan, published=False) is False
        assert plan_name_for(viewer_row, plan, "Checkout 2027") == "Checkout 2027"
