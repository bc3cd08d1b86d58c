"""Reminders that run the rhythm without nagging: a goal going stale or overdue (to its owner
and its mentor), a communication due or overdue and a KPI entry due (to their owner).

A reminder goes at most once per object per period of the recipient (`schedule`): a unique
index on (recipient, kind, object, period) holds that however many deliverers run at once.
After IGNORED_LIMIT reminders about the same object with nothing done since (a check-in on
the goal; the communication done or the entry made, which moves on what is due), they stop
until something changes. Each goes to the inbox, and by email or into the digest as the
person chose for its kind (`preferences`).
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext

from plplan.areadata.kpi_rules import period_label
from plplan.extensions import db
from plplan.formatting import format_date, plural
from plplan.goals.services import days_since_checkin
from plplan.models import Membership, Reminder
from plplan.notifications import needs
from plplan.notifications.events import Event
from plplan.notifications.outbox import tell
from plplan.notifications.preferences import deliveries
from plplan.notifications.schedule import local_day
from plplan.transactions import refused_as

IGNORED_LIMIT = 3


class _Sent(Exception):
    """Another deliverer sent this reminder for the period first."""


def remind(membership: Membership, period: str, now: datetime) -> int:
    """Raise the member's reminders due at `now` in their `period`; how many (the caller
    commits)."""
    day = local_day(membership.user, now)
    sent = 0
    for need in needs.goals_needing(membership, now):
        goal = need.goal
        subject = f"goal:{goal.id}"
        link = {"endpoint": "goals.show", "link_args": {"goal_id": goal.id}}
        if need.stale:
            days = plural(days_since_checkin(goal, now), "day", "days")
            summary = gettext(
                "“%(title)s” (%(owner)s) has had no check-in for %(days)s.",
                title=goal.title,
                owner=goal.owner.display_name,
                days=days,
            )
            event = Event("goal_stale", membership.team, None, goal, summary, **link)
            sent += _remind(membership, event, subject, period, now, goal.last_checkin_at)
        if need.overdue:
            summary = gettext(
                "“%(title)s” (%(owner)s) was due on %(day)s.",
                title=goal.title,
                owner=goal.owner.display_name,
                day=format_date(goal.target_date),
            )
            event = Event("goal_overdue", membership.team, None, goal, summary, **link)
            sent += _remind(membership, event, subject, period, now, goal.last_checkin_at)
    for entry in needs.comms_due(membership, now):
        if entry.due.next_due > day:
            continue
        summary = gettext(
            "“%(what)s” is due on %(day)s.",
            what=entry.item.what,
            day=format_date(entry.due.next_due),
        )
        event = Event(
            "comm_due",
            membership.team,
            None,
            entry.item,
            summary,
            "responsibilities.area",
            {"area_id": entry.area.id},
        )
        # A new due date is a new object: done once, the count starts again.
        subject = f"comm:{entry.item.id}:{entry.due.next_due.isoformat()}"
        sent += _remind(membership, event, subject, period, now, None)
    for need in needs.kpis_due(membership, now):
        summary = gettext(
            "Enter %(kpi)s for %(period)s.",
            kpi=need.kpi.name,
            period=period_label(need.period, need.kpi.cadence),
        )
        event = Event(
            "kpi_due",
            membership.team,
            None,
            need.kpi,
            summary,
            "areadata.kpi",
            {"area_id": need.kpi.area_id, "kpi_id": need.kpi.id},
        )
        subject = f"kpi:{need.kpi.id}:{need.period.isoformat()}"
        sent += _remind(membership, event, subject, period, now, None)
    return sent


def _remind(
    membership: Membership,
    event: Event,
    subject: str,
    period: str,
    now: datetime,
    since: datetime | None,
) -> int:
    """Send one reminder unless it was ignored IGNORED_LIMIT times since `since` (None: ever)
    or already went this period: 1 if sent, else 0."""
    if _ignored(membership.user_id, event.kind, subject, since) >= IGNORED_LIMIT:
        return 0
    try:
        with refused_as(_Sent()):
            db.session.add(
                Reminder(
                    recipient_id=membership.user_id,
                    kind=event.kind,
                    subject=subject,
                    period=period,
                    created_at=now,
                )
            )
            db.session.flush()
    except _Sent:
        return 0
    delivery = deliveries(event.kind, [membership.user_id])[membership.user_id]
    tell(event, membership, delivery)
    return 1


def _ignored(user_id: int, kind: str, subject: str, since: datetime | None) -> int:
    query = sa.select(sa.func.count(Reminder.id)).where(
        Reminder.recipient_id == user_id, Reminder.kind == kind, Reminder.subject == subject
    )
    if since is not None:
        query = query.where(Reminder.created_at > since)
    return db.session.scalar(query)
