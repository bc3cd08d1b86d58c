"""The communication plan module: its section on the area page, its grid signal and the
communications due for their owner (My responsibilities, the team home)."""

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from plplan.areadata.comms_rules import Due, due
from plplan.authz import may_edit_area_data
from plplan.extensions import db
from plplan.formatting import today
from plplan.models import Area, AreaModule, Communication, CommunicationDone, Membership, Team

KIND = "comms"
RECENT = 3  # the times done shown under each row


@dataclass
class Row:
    item: Communication
    due: Due
    recent: list[CommunicationDone]  # newest first
    can_mark_done: bool
    can_edit: bool


@dataclass
class Plan:
    rows: list[Row]

    @property
    def overdue(self) -> int:
        return sum(row.due.overdue for row in self.rows)


def _with_people():
    return [
        joinedload(Communication.owner).joinedload(Membership.user),
        joinedload(Communication.audience_member).joinedload(Membership.user),
    ]


def may_mark_done(
    membership: Membership, area: Area, item: Communication, can_edit: bool | None = None
) -> bool:
    """Who may edit the area's data (`can_edit` if known), and the row's owner, who need not
    hold the area; nobody on an archived area."""
    if area.is_archived:
        return False
    if item.owner_membership_id == membership.id:
        return True
    return may_edit_area_data(membership, area) if can_edit is None else can_edit


def load(context) -> Plan:
    """The area's rows with where each stands today and the last times done (two queries)."""
    items = list(
        db.session.scalars(
            sa.select(Communication)
            .where(Communication.area_id == context.area.id)
            .options(*_with_people())
            .order_by(Communication.id)
        )
    )
    recent = _recent_done([item.id for item in items]) if items else {}
    day = today()
    return Plan(
        [
            Row(
                item,
                due(item.cadence, item.first_due, _last(recent.get(item.id)), day),
                recent.get(item.id, []),
                may_mark_done(context.membership, context.area, item, context.can_edit),
                context.can_edit,
            )
            for item in items
        ]
    )


def _last(done: list[CommunicationDone] | None) -> date | None:
    return done[0].done_on if done else None


def _recent_done(item_ids: list[int]) -> dict[int, list[CommunicationDone]]:
    """The RECENT latest times each communication was done, newest first (one query)."""
    ranked = (
        sa.select(
            CommunicationDone.id,
            sa.func.row_number()
            .over(
                partition_by=CommunicationDone.communication_id,
                order_by=(CommunicationDone.done_on.desc(), CommunicationDone.id.desc()),
            )
            .label("rank"),
        )
        .where(CommunicationDone.communication_id.in_(item_ids))
        .subquery()
    )
    found: dict[int, list[CommunicationDone]] = {}
    for done in db.session.scalars(
        sa.select(CommunicationDone)
        .join(ranked, ranked.c.id == CommunicationDone.id)
        .where(ranked.c.rank <= RECENT)
        .order_by(CommunicationDone.done_on.desc(), CommunicationDone.id.desc())
    ):
        found.setdefault(done.communication_id, []).append(done)
    return found


def _last_done():
    """Subquery: each communication's last day done."""
    return (
        sa.select(
            CommunicationDone.communication_id,
            sa.func.max(CommunicationDone.done_on).label("last_done"),
        )
        .group_by(CommunicationDone.communication_id)
        .subquery()
    )


def standing(item: Communication) -> Due:
    """Where one communication stands today (one query)."""
    last = db.session.scalar(
        sa.select(sa.func.max(CommunicationDone.done_on)).where(
            CommunicationDone.communication_id == item.id
        )
    )
    return due(item.cadence, item.first_due, last, today())


def signals(team: Team, area_ids: list[int]) -> dict[int, str]:
    """ "communication overdue" for the areas with a row past its due date (one query)."""
    last = _last_done()
    rows = db.session.execute(
        sa.select(
            Communication.area_id, Communication.cadence, Communication.first_due, last.c.last_done
        )
        .outerjoin(last, last.c.communication_id == Communication.id)
        .where(Communication.area_id.in_(area_ids), Communication.cadence != "event")
    )
    day, overdue = today(), gettext("communication overdue")
    return {
        area_id: overdue
        for area_id, cadence, first_due, last_done in rows
        if due(cadence, first_due, last_done, day).overdue
    }


@dataclass
class DueItem:
    item: Communication
    area: Area
    due: Due


@cache
def _owned_with_last_done() -> sa.Select:
    """due_for's statement, built once per process (the team home runs it): only bound
    parameters."""
    last = _last_done()
    return (
        sa.select(Communication, Area, last.c.last_done)
        .join(Area, Area.id == Communication.area_id)
        .join(AreaModule, sa.and_(AreaModule.area_id == Area.id, AreaModule.kind == KIND))
        .outerjoin(last, last.c.communication_id == Communication.id)
        .where(
            Communication.owner_membership_id == sa.bindparam("membership_id"),
            Communication.cadence != "event",
            Area.team_id == sa.bindparam("team_id"),
            Area.archived_at.is_(None),
        )
        .options(joinedload(Communication.audience_member).joinedload(Membership.user))
    )


def due_for(membership: Membership, day: date | None = None) -> list[DueItem]:
    """The communications this member owns that are late or due within the week of `day`
    (default: today), soonest first, in areas that still carry a communication plan (one
    query)."""
    mine = {"membership_id": membership.id, "team_id": membership.team_id}
    rows = db.session.execute(_owned_with_last_done(), mine)
    day = day or today()
    found = [
        DueItem(item, area, due(item.cadence, item.first_due, last_done, day))
        for item, area, last_done in rows
    ]
    found = [entry for entry in found if entry.due.due_soon]
    return sorted(found, key=lambda entry: (entry.due.next_due, entry.item.id))
