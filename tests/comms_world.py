"""Helpers shared by the communication plan's test modules."""

from datetime import date, timedelta

from plplan.areadata.services import seed_default_modules
from plplan.extensions import db
from plplan.formatting import today
from plplan.models import Communication, CommunicationDone, Team
from tests.responsibilities_world import set_cells, with_default_areas

COMMS = "Senior leadership and stakeholder communications"


def with_comms(app, team):
    """The six default areas with their data switched on; the leader is A on the comms area,
    the member is C, so `team.area(COMMS)` carries a communication plan."""
    with_default_areas(app, team)
    with app.app_context():
        seed_default_modules(db.session.get(Team, team.id))
        db.session.commit()
    set_cells(
        app,
        (team.area(COMMS), team.membership_ids["leader"], "A"),
        (team.area(COMMS), team.membership_ids["member"], "C"),
    )
    return team


def add_comm(app, area_id: int, owner_id: int | None, **fields) -> int:
    """A row straight into the database; monthly for the Board, first due today, unless told."""
    values = {
        "audience_name": "Board",
        "what": "Board update",
        "channel": "meeting",
        "cadence": "monthly",
        "first_due": today(),
        **fields,
    }
    with app.app_context():
        row = Communication(area_id=area_id, owner_membership_id=owner_id, **values)
        db.session.add(row)
        db.session.commit()
        return row.id


def add_done(app, comm_id: int, *days: date, note: str = "") -> None:
    with app.app_context():
        for day in days:
            db.session.add(CommunicationDone(communication_id=comm_id, done_on=day, note=note))
        db.session.commit()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)
