"""Who hears of an event: the one place that decides it.

Each kind names its candidates from the event's subject; then only people still in the team
hear of it, never the one who acted, and a goal's events reach only people who may see the
goal (the goals pages' own rule, `goals.services.visible_to`).
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from plplan.authz import Capability, may_read_area_module, members_who_can
from plplan.extensions import db
from plplan.models import (
    AreaModule,
    Assignment,
    CheckIn,
    Goal,
    GoalComment,
    Membership,
    PlanComment,
    Raci,
)
from plplan.notifications import mentions
from plplan.notifications.events import AreaData, Event


def _mentor(checkin: CheckIn) -> sa.ColumnElement:
    return Membership.user_id == checkin.goal.mentor_id


def _checkin_author(checkin: CheckIn) -> sa.ColumnElement:
    return Membership.user_id == checkin.author_id


def _thread_participants(comment: PlanComment) -> sa.ColumnElement:
    """Everyone who wrote in the comment's thread (its first comment and every reply), if
    they may still read the plan's comments."""
    thread_id = comment.parent_id or comment.id
    authors = sa.select(PlanComment.author_id).where(
        sa.or_(PlanComment.id == thread_id, PlanComment.parent_id == thread_id)
    )
    return sa.and_(Membership.user_id.in_(authors), members_who_can(Capability.READ_DRAFTS))


def _goal_conversation(comment: GoalComment) -> sa.ColumnElement:
    """The goal's owner and mentor, and everyone who commented on it before."""
    goal = comment.goal
    authors = sa.select(GoalComment.author_id).where(GoalComment.goal_id == goal.id)
    return sa.or_(
        Membership.user_id.in_([goal.owner_id, goal.mentor_id]), Membership.user_id.in_(authors)
    )


def _the_member(membership: Membership) -> sa.ColumnElement:
    return Membership.id == membership.id


def _whole_team(_plan) -> sa.ColumnElement:
    return sa.true()


def _mentioned(mention: "mentions.Mentioned") -> sa.ColumnElement:
    return sa.and_(Membership.user_id.in_(mention.user_ids), members_who_can(mention.capability))


def _holding(subject: AreaData, *roles: Raci) -> sa.ColumnElement:
    return Membership.id.in_(
        sa.select(Assignment.membership_id).where(
            Assignment.area_id == subject.area.id, Assignment.role.in_(roles)
        )
    )


def _area_leaders(_subject: AreaData) -> sa.ColumnElement:
    return members_who_can(Capability.EDIT_MAP)


def _holders_and_leaders(subject: AreaData) -> sa.ColumnElement:
    """The area's Accountable and Responsible, and the leaders."""
    return sa.or_(_holding(subject, Raci.ACCOUNTABLE, Raci.RESPONSIBLE), _area_leaders(subject))


def _accountable_and_leaders(subject: AreaData) -> sa.ColumnElement:
    return sa.or_(_holding(subject, Raci.ACCOUNTABLE), _area_leaders(subject))


CANDIDATES = {
    "checkin": _mentor,
    "checkin_reply": _checkin_author,
    "plan_comment": _thread_participants,
    "goal_comment": _goal_conversation,
    "area_role": _the_member,
    "plan_published": _whole_team,
    "mention": _mentioned,
    "kpi_off_track": _holders_and_leaders,
    "budget_over_threshold": _accountable_and_leaders,
    "area_without_accountable": _area_leaders,
}


def hearers(event: Event) -> list[Membership]:
    """The memberships (people loaded) who hear of `event`."""
    found = db.session.scalars(
        sa.select(Membership)
        .where(
            Membership.team_id == event.team.id,
            Membership.user_id != event.actor.id,
            Membership.user_id.not_in(event.skip),
            CANDIDATES[event.kind](event.subject),
        )
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    ).all()
    goal = _goal_of(event.subject)
    found = [m for m in found if goal is None or _may_see(m, goal)]
    if isinstance(event.subject, AreaData) and event.subject.module:
        shown = _visible_to_viewers(event.subject)
        found = [m for m in found if may_read_area_module(m, shown)]
    return found


def _goal_of(subject) -> Goal | None:
    return subject.goal if isinstance(subject, CheckIn | GoalComment | mentions.Mentioned) else None


def _may_see(membership: Membership, goal: Goal) -> bool:
    from plplan.goals.services import visible_to  # goals' services raise events: import late

    return (
        db.session.scalar(sa.select(Goal.id).where(Goal.id == goal.id, visible_to(membership)))
        is not None
    )


def _visible_to_viewers(subject: AreaData) -> bool:
    """Whether the area's module is shown to viewers (who read only what a leader showed)."""
    return bool(
        db.session.scalar(
            sa.select(AreaModule.visible_to_viewers).where(
                AreaModule.area_id == subject.area.id, AreaModule.kind == subject.module
            )
        )
    )
