"""A person's digest: one mail that gathers what needs them, team by team.

Check-ins to acknowledge, goals going stale or overdue, communications due, KPI entries due
(`needs`, which only reads goals the person may see), and the inbox items of the kinds they
chose to get "in the digest" since their last one. Reminders are not listed twice: the
digest's sections already say what they say. Nothing that needs them: no digest.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import gettext, ngettext
from sqlalchemy.orm import joinedload

from plplan.areadata.kpi_rules import period_label
from plplan.extensions import db
from plplan.formatting import format_date, plural
from plplan.mail import external_url
from plplan.models import Delivery, Digest, Notification, NotificationPreference, User
from plplan.notifications import needs
from plplan.notifications.deliver import item_link
from plplan.notifications.events import REMINDER_KINDS
from plplan.notifications.schedule import WEEKLY

FIRST_LOOK_BACK = {WEEKLY: timedelta(days=7)}  # items for a first digest; else one day


@dataclass
class Line:
    text: str
    link: str


@dataclass
class Section:
    title: str
    lines: list[Line]


@dataclass
class TeamPart:
    name: str
    sections: list[Section] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.lines) for s in self.sections)


@dataclass
class Composed:
    subject: str
    text: str
    html: str


def gather(user: User, found: list[needs.Needs], now: datetime) -> list[TeamPart]:
    """What needs `user` at `now` (`found` in each of their teams), a part per team with
    anything in it."""
    items = _digest_items(user, now)
    parts = []
    for team_needs in found:
        team = team_needs.membership.team
        part = TeamPart(team.name)
        _add(part, gettext("Check-ins to acknowledge"), _acknowledge(team_needs, team.slug))
        _add(part, gettext("Goals going stale or overdue"), _goals(team_needs, team.slug, now))
        _add(part, gettext("Communications due"), _comms(team_needs, team.slug))
        _add(part, gettext("KPI entries due"), _kpis(team_needs, team.slug))
        _add(part, gettext("In your inbox"), _items(items.get(team.id, [])))
        if part.sections:
            parts.append(part)
    return parts


def compose(user: User, parts: list[TeamPart], unsubscribe: str) -> Composed:
    """The digest mail's subject and both parts."""
    count = sum(part.count for part in parts)
    subject = ngettext(
        "Your plplan digest: %(num)d thing needs you",
        "Your plplan digest: %(num)d things need you",
        count,
    )
    context = {
        "user": user,
        "parts": parts,
        "unsubscribe": unsubscribe,
        "preferences": external_url("auth.profile") + "#digest",
    }
    return Composed(
        subject,
        render_template("email/digest.txt", **context),
        render_template("email/digest.html", **context),
    )


def _add(part: TeamPart, title: str, lines: list[Line]) -> None:
    if lines:
        part.sections.append(Section(title, lines))


def _acknowledge(found: needs.Needs, slug: str) -> list[Line]:
    return [
        Line(
            gettext(
                "%(owner)s: “%(title)s” (%(waiting)s)",
                owner=goal.owner.display_name,
                title=goal.title,
                waiting=plural(goal.waiting, "check-in", "check-ins"),
            ),
            external_url("goals.show", slug=slug, goal_id=goal.id),
        )
        for goal in found.to_acknowledge
    ]


def _goals(found: needs.Needs, slug: str, now: datetime) -> list[Line]:
    lines = []
    for need in found.goals:
        goal = need.goal
        if need.overdue:
            state = gettext("overdue since %(day)s", day=format_date(goal.target_date))
        else:
            state = gettext("no check-in for %(days)s", days=_days(goal, now))
        lines.append(
            Line(
                gettext(
                    "%(owner)s: “%(title)s” — %(state)s",
                    owner=goal.owner.display_name,
                    title=goal.title,
                    state=state,
                ),
                external_url("goals.show", slug=slug, goal_id=goal.id),
            )
        )
    return lines


def _days(goal, now: datetime) -> str:
    return plural((now - goal.last_checkin_at).days, "day", "days")


def _comms(found: needs.Needs, slug: str) -> list[Line]:
    return [
        Line(
            gettext(
                "“%(what)s” (%(area)s): %(when)s",
                what=entry.item.what,
                area=entry.area.name,
                when=gettext("overdue since %(day)s", day=format_date(entry.due.next_due))
                if entry.due.overdue
                else gettext("due %(day)s", day=format_date(entry.due.next_due)),
            ),
            external_url("responsibilities.area", slug=slug, area_id=entry.area.id),
        )
        for entry in found.comms
    ]


def _kpis(found: needs.Needs, slug: str) -> list[Line]:
    return [
        Line(
            gettext(
                "%(kpi)s for %(period)s",
                kpi=need.kpi.name,
                period=period_label(need.period, need.kpi.cadence),
            ),
            external_url("areadata.kpi", slug=slug, area_id=need.kpi.area_id, kpi_id=need.kpi.id),
        )
        for need in found.kpis
    ]


def _items(items: list[Notification]) -> list[Line]:
    return [Line(item.summary, item_link(item)) for item in items]


def _digest_items(user: User, now: datetime) -> dict[int, list[Notification]]:
    """Unread items, by team, of the kinds the person gets in the digest, since their last
    digest (one query)."""
    last = db.session.scalar(
        sa.select(sa.func.max(Digest.created_at)).where(
            Digest.user_id == user.id, Digest.created_at < now
        )
    )
    since = last or now - FIRST_LOOK_BACK.get(user.digest_frequency, timedelta(days=1))
    in_digest = sa.select(NotificationPreference.kind).where(
        NotificationPreference.user_id == user.id,
        NotificationPreference.delivery == Delivery.DIGEST,
        NotificationPreference.kind.not_in(REMINDER_KINDS),
    )
    found: dict[int, list[Notification]] = {}
    for item in db.session.scalars(
        sa.select(Notification)
        .where(
            Notification.recipient_id == user.id,
            Notification.read_at.is_(None),
            Notification.kind.in_(in_digest),
            Notification.created_at > since,
            Notification.created_at <= now,
        )
        .options(joinedload(Notification.team))
        .order_by(Notification.created_at, Notification.id)
    ):
        found.setdefault(item.team_id, []).append(item)
    return found
