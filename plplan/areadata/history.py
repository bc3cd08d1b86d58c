"""The one audit trail of area data, shared by every module, and its feed entries."""

from datetime import timedelta

import sqlalchemy as sa
from flask_login import current_user
from sqlalchemy.orm import joinedload

from plplan.activity import record_activity
from plplan.extensions import db
from plplan.models import Area, AreaDataChange, Team, User

FEED_FOLD = timedelta(minutes=15)  # a run of edits to one area's data is one feed entry


def _text(value) -> str | None:
    return None if value is None or value == "" else str(value)[:200]


def record_change(
    area: Area,
    module: str,
    object_type: str,
    object_id: int | None,
    field: str,
    old,
    new,
    user: User | None = None,
) -> AreaDataChange | None:
    """Write one line of history (the caller commits); nothing when old and new read the same.

    Pass display-ready values (money through plplan.formatting.format_money), so the line
    says what the person saw.
    """
    old, new = _text(old), _text(new)
    if old == new:
        return None
    if user is None and current_user and current_user.is_authenticated:
        user = current_user
    change = AreaDataChange(
        area_id=area.id,
        module=module,
        object_type=object_type,
        object_id=object_id,
        field=field[:80],
        old=old,
        new=new,
        user_id=user.id if user else None,
    )
    db.session.add(change)
    return change


def note_activity(team: Team, area: Area, module_label: str, what: str, user: User | None = None):
    """One feed entry per person and area for a stretch of edits (folded, like plan drafting)."""
    record_activity(
        team,
        "updated",
        "area_data",
        f"updated the {module_label.lower()} of {area.name} ({what})",
        area.id,
        actor=user,
        fold_within=FEED_FOLD,
    )


def area_changes(area: Area, module: str | None = None, limit: int = 50) -> list[AreaDataChange]:
    """The area's data changes, newest first, with who made them (one query)."""
    query = sa.select(AreaDataChange).where(AreaDataChange.area_id == area.id)
    if module:
        query = query.where(AreaDataChange.module == module)
    return list(
        db.session.scalars(
            query.options(joinedload(AreaDataChange.user))
            .order_by(AreaDataChange.at.desc(), AreaDataChange.id.desc())
            .limit(limit)
        )
    )
