"""Who may do what in a team, in one place: named capabilities, one table from roles to them,
the object rules built on them, and the decorator that guards team-scoped URLs.

Code asks `membership.can(Capability.EDIT_PLAN)` (templates: `current_membership.can("edit_plan")`),
never for a role: a new rank in the Role ladder gets exactly the capabilities its row lists.
A non-member gets 404 (we never confirm that a team exists), a member without the capability
gets 403, and an anonymous visitor is sent to log in and brought back.
"""

import enum
from collections.abc import Mapping
from functools import wraps

import sqlalchemy as sa
from flask import abort, g
from flask_login import login_required

from plplan import signed_in
from plplan.extensions import db
from plplan.models import Area, AreaModule, Assignment, Goal, Membership, Plan, Raci, Role


class Capability(enum.StrEnum):
    """Something a role lets a member do in their team."""

    READ = "read"  # the team, its people, the published plan, the map
    EXPORT = "export"  # the one-pager, its PDF and Markdown
    READ_DRAFTS = "read_drafts"  # unpublished plans, their history, the whole activity feed
    SEE_EMAILS = "see_emails"  # the team's email addresses
    COMMENT = "comment"  # on the plan's sections
    OWN_GOALS = "own_goals"  # have mentoring goals and check in on them
    HOLD_AREAS = "hold_areas"  # a column in the responsibility map
    READ_AREA_DATA = "read_area_data"  # every area's budget, KPIs, communication plan
    EDIT_PLAN = "edit_plan"  # create, draft, rename, archive, restore; resolve comments
    PUBLISH = "publish"
    EDIT_MAP = "edit_map"  # areas, cells, the load threshold, which areas carry which data
    EDIT_AREA_DATA = "edit_area_data"  # any area's data (its A and R edit their own area's)
    REVIEW_GOALS = "review_goals"  # anyone's goals, private ones too; the team growth view
    MANAGE_SKILLS = "manage_skills"  # the team's skills and goal settings
    MANAGE_PEOPLE = "manage_people"  # invitations, roles, removing people
    SHARE = "share"  # share links for people without an account
    MANAGE_CHAT = "manage_chat"  # the team's chat webhook and what posts there
    SEE_DELIVERIES = "see_deliveries"  # the team's mails and chat posts that failed; retry them
    MOVE_TEAM = "move_team"  # the whole team as one file (a bundle), and new teams made of one


_VIEWER = frozenset({Capability.READ, Capability.EXPORT})
_MEMBER = _VIEWER | {
    Capability.READ_DRAFTS,
    Capability.SEE_EMAILS,
    Capability.COMMENT,
    Capability.OWN_GOALS,
    Capability.HOLD_AREAS,
    Capability.READ_AREA_DATA,
}

# The one table from roles to capabilities. A new role is one row here.
CAPABILITIES: Mapping[Role, frozenset[Capability]] = {
    Role.VIEWER: _VIEWER,
    Role.MEMBER: _MEMBER,
    Role.LEADER: frozenset(Capability),
}


def role_can(role: Role, capability: Capability | str, table=CAPABILITIES) -> bool:
    """Whether `role` has `capability`; an unknown capability name raises ValueError."""
    return Capability(capability) in table[role]


def roles_with(capability: Capability | str, table=CAPABILITIES) -> list[Role]:
    """The roles that have `capability`."""
    return [role for role, capabilities in table.items() if Capability(capability) in capabilities]


def members_who_can(capability: Capability):
    """SQL condition on Membership: its role has `capability`."""
    return sa.or_(*(Membership.role == role for role in roles_with(capability)))


# -- object rules: a capability, or the member's relation to the object ------------------------


def may_edit_goal(membership: Membership, goal: Goal) -> bool:
    """Owners edit (and check in on) their own goals, reviewers all; mentors only reply."""
    return membership.can(Capability.REVIEW_GOALS) or goal.owner_id == membership.user_id


def may_acknowledge(membership: Membership, goal: Goal) -> bool:
    """The mentor, or a reviewer who does not own the goal, acknowledges its check-ins."""
    return goal.mentor_id == membership.user_id or (
        membership.can(Capability.REVIEW_GOALS) and goal.owner_id != membership.user_id
    )


def may_comment_on_goal(membership: Membership, goal: Goal) -> bool:
    return may_edit_goal(membership, goal) or goal.mentor_id == membership.user_id


def holds_area(membership: Membership, area: Area) -> bool:
    """Responsible or Accountable on `area`: who will keep the area's own data (one query)."""
    return membership.can(Capability.HOLD_AREAS) and (
        db.session.scalar(
            sa.select(Assignment.id).where(
                Assignment.area_id == area.id,
                Assignment.membership_id == membership.id,
                Assignment.role.in_([Raci.ACCOUNTABLE, Raci.RESPONSIBLE]),
            )
        )
        is not None
    )


def may_edit_area_data(membership: Membership, area: Area) -> bool:
    """Leaders edit any area's working data; its Accountable and Responsible edit their own."""
    if area.is_archived:
        return False
    return membership.can(Capability.EDIT_AREA_DATA) or holds_area(membership, area)


def may_read_area_module(membership: Membership, visible_to_viewers: bool) -> bool:
    """Members read every area's data; viewers only what a leader made visible to them."""
    return membership.can(Capability.READ_AREA_DATA) or visible_to_viewers


def area_modules_readable_by(membership: Membership):
    """SQL condition on AreaModule: `may_read_area_module` for many modules at once."""
    return sa.true() if membership.can(Capability.READ_AREA_DATA) else AreaModule.visible_to_viewers


def may_open_plan(membership: Membership, plan: Plan, published: bool) -> bool:
    """Who reads drafts opens every plan; the others a plan once it is published, and not
    after it is archived (the list of plans, the plan page, its publications, the export)."""
    return membership.can(Capability.READ_DRAFTS) or (published and not plan.is_archived)


def plan_name_for(membership: Membership, plan: Plan, published_name: str | None) -> str:
    """The plan's name as the member may read it: a draft's new name stays private to who
    reads drafts; the others read the name it was published under."""
    return plan.name if membership.can(Capability.READ_DRAFTS) else published_name or ""


OBJECT_RULES = {
    "may_open_plan": may_open_plan,
    "plan_name_for": plan_name_for,
    "may_edit_goal": may_edit_goal,
    "may_acknowledge": may_acknowledge,
    "may_comment_on_goal": may_comment_on_goal,
    "may_edit_area_data": may_edit_area_data,
}


# -- team-scoped URLs --------------------------------------------------------------------------


def load_membership(slug: str, capability: Capability = Capability.READ) -> Membership:
    """The current user's membership of the team `slug`, with the team loaded.

    :raise 404: the team does not exist or the user is not in it.
    :raise 403: the user's role lacks `capability`.
    """
    membership = signed_in.membership_of(slug)
    if membership is None:
        abort(404)
    if not membership.can(capability):
        abort(403)
    return membership


def team_view(capability: Capability = Capability.READ):
    """Decorate a view under /t/<slug>/: it receives the membership instead of the slug."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(slug: str, **kwargs):
            g.membership = load_membership(slug, capability)
            return view(g.membership, **kwargs)

        return wrapped

    return decorator
