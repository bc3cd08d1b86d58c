"""Getting started: the first steps a new team's leader takes, each done when the data says so."""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext

from plplan.authz import Capability
from plplan.extensions import db
from plplan.models import (
    Area,
    Assignment,
    Goal,
    Invitation,
    Membership,
    Plan,
    PlanField,
    Raci,
    utcnow,
)


@dataclass(frozen=True)
class Step:
    title: str
    hint: str
    action: str  # the link's text
    url: str
    done: bool


@cache
def _done_flags() -> sa.Select:
    """One statement answering, for the team, whether each step is done; built once per
    process (it holds only bound parameters), as building it cost more than running it.

    "Invite your team" is done while someone else is in the team or an invitation could still
    bring them in (not accepted, revoked or expired): a leader whose link lapsed unused, or who
    revoked it, has invited nobody, and the step comes back to say so. An accepted invitation
    counts through the member it brought; if they left, the step is open again.
    """
    team_id = sa.bindparam("team_id")
    vision = sa.exists().where(
        PlanField.plan_id == Plan.id,
        Plan.team_id == team_id,
        Plan.is_current.is_(True),
        Plan.archived_at.is_(None),
        PlanField.key == "vision",
        PlanField.value != "",
    )
    owner = sa.exists().where(
        Assignment.area_id == Area.id,
        Area.team_id == team_id,
        Area.archived_at.is_(None),
        Assignment.role == Raci.ACCOUNTABLE,
    )
    others = sa.exists().where(
        Membership.team_id == team_id, Membership.id != sa.bindparam("membership_id")
    )
    now = sa.bindparam("now", type_=Invitation.expires_at.type)
    invited = sa.exists().where(Invitation.team_id == team_id, Invitation.pending(now))
    goal = sa.exists().where(Goal.team_id == team_id)
    return sa.select(vision, owner, sa.or_(others, invited), goal)


def getting_started(membership: Membership) -> list[Step]:
    """The steps for a leader, or [] once every one is done (and for everyone else)."""
    if not membership.can(Capability.MANAGE_PEOPLE):
        return []
    values = {"team_id": membership.team_id, "membership_id": membership.id, "now": utcnow()}
    vision, owner, team, goal = db.session.execute(_done_flags(), values).one()
    slug = membership.team.slug
    steps = [
        Step(
            gettext("Draft your vision"),
            gettext("Who it is for, what it solves, why it wins: a sentence or two."),
            gettext("Draft the vision"),
            url_for("vision.index", slug=slug, _anchor="in-vision"),
            vision,
        ),
        Step(
            gettext("Map who owns what"),
            gettext("Give each leadership area one accountable person."),
            gettext("Open the responsibility map"),
            url_for("responsibilities.grid", slug=slug),
            owner,
        ),
        Step(
            gettext("Invite your team"),
            gettext("Send a link; each person joins with one click."),
            gettext("Create an invite link"),
            url_for("teams.invitations", slug=slug),
            team,
        ),
        Step(
            gettext("Set a growth goal"),
            gettext("One skill to grow, with what success looks like."),
            gettext("Set a goal"),
            url_for("goals.new", slug=slug),
            goal,
        ),
    ]
    return [] if all(step.done for step in steps) else steps
