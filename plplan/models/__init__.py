"""All models, imported here so Alembic's autogenerate sees every table."""

from plplan.models.activity import Activity
from plplan.models.api_token import ApiToken
from plplan.models.areadata import AreaDataChange, AreaModule
from plplan.models.base import Base, utcnow
from plplan.models.budget import AmountKind, BudgetAmount, BudgetLine
from plplan.models.bundle import BundleUpload
from plplan.models.comms import Communication, CommunicationDone
from plplan.models.export import OnePagerFit, ShareLink
from plplan.models.goals import (
    CheckIn,
    Goal,
    GoalComment,
    GoalStatus,
    Outcome,
    Skill,
    Visibility,
)
from plplan.models.idempotency import IdempotencyKey
from plplan.models.kpis import Kpi, KpiEntry, KpiTarget
from plplan.models.notifications import (
    Channel,
    Delivery,
    Digest,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    Reminder,
)
from plplan.models.responsibilities import Area, Assignment, AssignmentChange, Raci
from plplan.models.search import SearchDocument
from plplan.models.team import Invitation, Membership, Role, Team
from plplan.models.team_webhook import TeamWebhook
from plplan.models.user import User
from plplan.models.vision import (
    Plan,
    PlanComment,
    PlanField,
    PlanItem,
    PlanPresence,
    PlanPublication,
    PlanRevision,
)

__all__ = [
    "Activity",
    "ApiToken",
    "Area",
    "AreaDataChange",
    "AreaModule",
    "Assignment",
    "AssignmentChange",
    "AmountKind",
    "Base",
    "BudgetAmount",
    "BudgetLine",
    "BundleUpload",
    "Channel",
    "CheckIn",
    "Communication",
    "CommunicationDone",
    "Delivery",
    "Digest",
    "Goal",
    "GoalComment",
    "GoalStatus",
    "IdempotencyKey",
    "Invitation",
    "Kpi",
    "KpiEntry",
    "KpiTarget",
    "Membership",
    "Notification",
    "NotificationPreference",
    "OnePagerFit",
    "Outcome",
    "OutboxMessage",
    "OutboxStatus",
    "Plan",
    "PlanComment",
    "PlanField",
    "PlanItem",
    "PlanPresence",
    "PlanPublication",
    "PlanRevision",
    "Raci",
    "Reminder",
    "Role",
    "SearchDocument",
    "ShareLink",
    "Skill",
    "Team",
    "TeamWebhook",
    "User",
    "Visibility",
    "utcnow",
]
