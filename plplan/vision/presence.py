"""Who else has a plan open, and which section they are in: a heartbeat through the database.

Each open plan page upserts its row every `BEAT` and when the leader moves to another section;
whoever was seen within `FRESH` is here. One row per person and plan, so the table stays small.
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from plplan.extensions import db
from plplan.models import Plan, PlanPresence, User, utcnow
from plplan.vision.parts import SECTIONS_BY_KEY

BEAT = timedelta(seconds=15)
FRESH = timedelta(seconds=40)

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class Here:
    name: str
    section: str  # a section key, or "" while they only read


def beat(plan: Plan, user: User, section: str) -> None:
    """Note that `user` has the plan open (in `section`, when it is one), now."""
    section = section if section in SECTIONS_BY_KEY else ""
    insert = _INSERTS[db.session.get_bind().dialect.name](PlanPresence)
    values = {"section": section, "seen_at": utcnow()}
    db.session.execute(
        insert.values(plan_id=plan.id, user_id=user.id, **values).on_conflict_do_update(
            index_elements=["plan_id", "user_id"], set_=values
        )
    )


def others(plan: Plan, user: User) -> list[Here]:
    """Everyone but `user` seen on the plan lately, by name (one query)."""
    rows = db.session.execute(
        sa.select(User.display_name, PlanPresence.section)
        .join(User, User.id == PlanPresence.user_id)
        .where(
            PlanPresence.plan_id == plan.id,
            PlanPresence.user_id != user.id,
            PlanPresence.seen_at >= utcnow() - FRESH,
        )
        .order_by(User.display_name)
    )
    return [Here(name, section) for name, section in rows]
