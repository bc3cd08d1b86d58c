"""All models, imported here so Alembic's autogenerate sees every table."""

from plplan.models.activity import Activity
from plplan.models.base import Base, utcnow
from plplan.models.team import Invitation, Membership, Role, Team
from plplan.models.user import User
from plplan.models.vision import (
    Plan,
    PlanComment,
    PlanField,
    PlanItem,
    PlanPublication,
    PlanRevision,
)

__all__ = [
    "Activity",
    "Base",
    "Invitation",
    "Membership",
    "Plan",
    "PlanComment",
    "PlanField",
    "PlanItem",
    "PlanPublication",
    "PlanRevision",
    "Role",
    "Team",
    "User",
    "utcnow",
]
