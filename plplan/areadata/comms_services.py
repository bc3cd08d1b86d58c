"""Changing an area's communication plan; every change goes to the history and the feed."""

from dataclasses import dataclass
from datetime import date

from plplan.areadata.comms import KIND
from plplan.areadata.history import note_activity, record_change
from plplan.extensions import db
from plplan.formatting import format_date
from plplan.models import Area, Communication, CommunicationDone, Membership, Team, User

LABEL = "Communication plan"


@dataclass
class Fields:
    """A row as the form gives it: the audience is a member or a name, not both."""

    audience_member: Membership | None
    audience_name: str | None
    what: str
    channel: str
    cadence: str
    owner: Membership | None
    first_due: date


def _described(item: Communication) -> dict[str, str]:
    """The row's fields as people read them (the history keeps these words)."""
    return {
        "audience": item.audience,
        "what": item.what,
        "channel": item.channel_label,
        "cadence": item.cadence_label,
        "owner": item.owner.user.display_name if item.owner else "nobody",
        "first due": format_date(item.first_due),
    }


def _apply(item: Communication, fields: Fields) -> None:
    item.audience_member = fields.audience_member
    item.audience_name = None if fields.audience_member else fields.audience_name
    item.what = fields.what
    item.channel = fields.channel
    item.cadence = fields.cadence
    item.owner = fields.owner
    item.first_due = fields.first_due


def _summary(item: Communication) -> str:
    return f"{item.what} for {item.audience}"


def add(team: Team, area: Area, fields: Fields, user: User | None = None) -> Communication:
    item = Communication(area_id=area.id)
    _apply(item, fields)
    db.session.add(item)
    db.session.flush()
    summary = _summary(item)
    record_change(area, KIND, "communication", item.id, "communication", None, summary, user)
    note_activity(team, area, LABEL, f"added {item.what}", user)
    return item


def update(team: Team, area: Area, item: Communication, fields: Fields) -> list[str]:
    """Save the row; returns the names of the fields that changed."""
    before = _described(item)
    _apply(item, fields)
    after = _described(item)
    changed = [name for name in before if before[name] != after[name]]
    for name in changed:
        record_change(area, KIND, "communication", item.id, name, before[name], after[name])
    if changed:
        note_activity(team, area, LABEL, f"changed {item.what}")
    return changed


def delete(team: Team, area: Area, item: Communication) -> None:
    record_change(area, KIND, "communication", item.id, "communication", _summary(item), None)
    note_activity(team, area, LABEL, f"removed {item.what}")
    db.session.delete(item)


def mark_done(
    team: Team,
    area: Area,
    item: Communication,
    done_on: date,
    note: str,
    user: User,
) -> CommunicationDone:
    """Record one time the communication was done (with a note or a link)."""
    done = CommunicationDone(communication_id=item.id, done_on=done_on, note=note, user_id=user.id)
    db.session.add(done)
    new = format_date(done_on) + (f": {note}" if note else "")
    record_change(area, KIND, "communication", item.id, "done", None, new, user)
    note_activity(team, area, LABEL, f"{item.what} done", user)
    return done
