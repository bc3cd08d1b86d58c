"""What needs a member's attention at a moment: what digests list and reminders are about.

Every goal read here passes the goals pages' own rule (`goals.services.visible_to`), so a
private goal reaches only those who may see it. Dates are the member's own day (`day`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from plplan.areadata import comms
from plplan.areadata import kpis as kpi_data
from plplan.areadata.kpi_rules import missed
from plplan.authz import Capability
from plplan.extensions import db
from plplan.goals.services import OPEN_STATUSES, is_overdue, stale_cutoff, visible_to
from plplan.models import Area, AreaModule, Goal, Kpi, KpiEntry, Membership
from plplan.notifications.schedule import local_day, local_time

LOOK_BACK = timedelta(days=200)  # the last closed quarter starts less than this ago


@dataclass
class GoalNeed:
    goal: Goal
    stale: bool
    overdue: bool


@dataclass
class KpiNeed:
    kpi: Kpi
    period: date  # the period without an entry


@dataclass
class Needs:
    """What needs one member at a moment, read once for their reminders and their digest."""

    membership: Membership
    goals: list[GoalNeed]
    to_acknowledge: list[Goal]
    comms: list[comms.DueItem]
    kpis: list[KpiNeed]


def of(membership: Membership, now: datetime) -> Needs:
    """Everything below for `membership` at `now` (five queries)."""
    return Needs(
        membership,
        goals_needing(membership, now),
        to_acknowledge(membership),
        comms_due(membership, now),
        kpis_due(membership, now),
    )


def goals_needing(membership: Membership, now: datetime) -> list[GoalNeed]:
    """Open goals the member owns or mentors that are stale or overdue (one query)."""
    team = membership.team
    day = local_day(membership.user, now)
    cutoff = stale_cutoff(team, now)
    goals = db.session.scalars(
        sa.select(Goal)
        .where(
            visible_to(membership),
            sa.or_(Goal.owner_id == membership.user_id, Goal.mentor_id == membership.user_id),
            Goal.status.in_(OPEN_STATUSES),
            sa.or_(Goal.last_checkin_at < cutoff, Goal.target_date < day),
        )
        .options(joinedload(Goal.owner))
        .order_by(Goal.id)
    )
    return [GoalNeed(g, g.last_checkin_at < cutoff, is_overdue(g, day)) for g in goals]


def to_acknowledge(membership: Membership) -> list[Goal]:
    """Goals with check-ins waiting for this member: ones they mentor, and for reviewers the
    unmentored goals of others (one query)."""
    mine = Goal.mentor_id == membership.user_id
    if membership.can(Capability.REVIEW_GOALS):
        mine = sa.or_(mine, sa.and_(Goal.mentor_id.is_(None), Goal.owner_id != membership.user_id))
    return list(
        db.session.scalars(
            sa.select(Goal)
            .where(visible_to(membership), mine, Goal.waiting > 0)
            .options(joinedload(Goal.owner))
            .order_by(Goal.id)
        )
    )


def comms_due(membership: Membership, now: datetime) -> list[comms.DueItem]:
    """The member's communications late or due within the week (one query)."""
    return comms.due_for(membership, local_day(membership.user, now))


def kpis_due(membership: Membership, now: datetime) -> list[KpiNeed]:
    """The member's KPIs whose last closed period has no entry (two queries)."""
    local = local_time(membership.user, now)
    owned = list(
        db.session.scalars(
            sa.select(Kpi)
            .join(Area, Area.id == Kpi.area_id)
            .join(
                AreaModule, sa.and_(AreaModule.area_id == Area.id, AreaModule.kind == kpi_data.KIND)
            )
            .where(
                Kpi.owner_id == membership.id,
                Area.team_id == membership.team_id,
                Area.archived_at.is_(None),
            )
            .order_by(Kpi.id)
        )
    )
    if not owned:
        return []
    fiscal = membership.team.fiscal_year_start
    entered: dict[int, set[date]] = {kpi.id: set() for kpi in owned}
    since = local.date() - LOOK_BACK
    for kpi_id, period in db.session.execute(
        sa.select(KpiEntry.kpi_id, KpiEntry.period).where(
            KpiEntry.kpi_id.in_(entered), KpiEntry.period >= since
        )
    ):
        entered[kpi_id].add(period)
    found = []
    for kpi in owned:
        started = kpi.created_at.astimezone(local.tzinfo).date()
        period = missed(kpi.cadence, entered[kpi.id], local.date(), started, fiscal)
        if period is not None:
            found.append(KpiNeed(kpi, period))
    return found
