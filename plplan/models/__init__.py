"""All models, imported here so Alembic's autogenerate sees every table."""

from plplan.models.activity import Activity
from plplan.models.base import Base, utcnow
from plplan.models.goals import (
    CheckIn,
    Goal,
    GoalComment,
    GoalStatus,
    Outcome,
    Skill,
    Visibility,
)
from plplan.models.team import Invitation, Membership, Role, Team
from plplan.models.user import User

__all__ = [
    "Activity",
    "Base",
    "CheckIn",
    "Goal",
    "GoalComment",
    "GoalStatus",
    "Invitation",
    "Membership",
    "Outcome",
    "Role",
    "Skill",
    "Team",
    "User",
    "Visibility",
    "utcnow",
]
