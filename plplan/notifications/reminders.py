"""Reminders that run the rhythm without nagging: a goal going stale or overdue (to its owner
and its mentor), a communication due or overdue and a KPI entry due (to their owner).

A reminder goes at most once per object per period of the recipient (`schedule`): a unique
index on (recipient, kind, object, period) holds that however many deliverers run at once.
After IGNORED_LIMIT reminders about the same object with nothing done since (a check-in on
the goal; the communication done or the entry made, which moves on what is due), they stop
until something changes. Each goes to the inbox, and by email or into the digest as the
person chose for its kind (`preferences`).
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext

from plplan.areadata.kpi_rules import period_label
from plplan.extensions import db
from plplan.formatting import format_date, plural
from plplan.goals.services import days_since_checkin
from plplan.models import Delivery, Membership, Reminder
from plplan.notifications import needs
from plplan.notifications.events import Event
from plplan.notifications.outbox import tell
from plplan.notifications.preferences import choices
from plplan.notifications.schedule import local_day
from plplan.transactions import refused_as

IGNORED_LIMIT = 3


class _Sent(Exception):
    """Another deliverer sent this reminder for the period first."""


@dataclass
class _Due:
    event: Event
    subject: str  # the object: "goal:12"; with its due date or period where that moves on
    since: datetime | None  # the last thing done about it (None: a new subject says so)


def remind(found: needs.Needs, period: str, now: datetime) -> int:
    """Raise the reminders of what needs the member (`found` at `now`) in their `period`; how
    many (the caller commits). Two reads however many; each one sent writes its rows."""
    membership = found.membership
    due = _due(found, now)
    if not due:
        return 0
    earlier = _earlier(membership.user_id, [d.subject for d in due])
    chosen = choices(membership.user_id)
    sent = 0
    for d in due:
        times = earlier.get((d.event.kind, d.subject), [])
        if sum(1 for t in times if d.since is None or t > d.since) >= IGNORED_LIMIT:
            continue
        sent += _send(membership, d, period, now, chosen[d.event.kind])
    return sent


def _due(found: needs.Needs, now: datetime) -> list[_Due]:
    """The reminders of what needs the member."""
    membership = found.membership
    day = local_day(membership.user, now)
    due = []
    for need in found.goals:
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
            due.append(_Due(event, subject, goal.last_checkin_at))
        if need.overdue:
            summary = gettext(
                "“%(title)s” (%(owner)s) was due on %(day)s.",
                title=goal.title,
                owner=goal.owner.display_name,
                day=format_date(goal.target_date),
            )
            event = Event("goal_overdue", membership.team, None, goal, summary, **link)
            due.append(_Due(event, subject, goal.last_checkin_at))
    for entry in found.comms:
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
        due.append(_Due(event, subject, None))
    for need in found.kpis:
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
        due.append(_Due(event, subject, None))
    return due


def _send(membership: Membership, due: _Due, period: str, now: datetime, delivery: Delivery) -> int:
    """Send one reminder unless it went this period already: 1 if sent, else 0."""
    try:
        with refused_as(_Sent()):
            db.session.add(
                Reminder(
                    recipient_id=membership.user_id,
                    kind=due.event.kind,
                    subject=due.subject,
                    period=period,
                    created_at=now,
                )
            )
            db.session.flush()
    except _Sent:
        return 0
    tell(due.event, membership, delivery)
    return 1


def _earlier(user_id: int, subjects: list[str]) -> dict[tuple[str, str], list[datetime]]:
    """When the person was reminded before of these objects, by (kind, subject): one query."""
    found: dict[tuple[str, str], list[datetime]] = {}
    for kind, subject, created_at in db.session.execute(
        sa.select(Reminder.kind, Reminder.subject, Reminder.created_at).where(
            Reminder.recipient_id == user_id, Reminder.subject.in_(subjects)
        )
    ):
        found.setdefault((kind, subject), []).append(created_at)
    return found
