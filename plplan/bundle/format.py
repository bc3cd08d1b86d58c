"""The team bundle's format: its version and its kinds, in the order they are written.

A bundle is one JSON object: `manifest` first (format, app version, export time, counts per
kind), then `team` (its name and settings), `people` (email, name, role), then one array per kind.
Each row carries a bundle-local `id` (1, 2, 3... in the order of the source ids), and its
references name a person by email or another row by that local id. Local ids follow the
rows' order, so export → import → export writes the same ids again.

What is never written: secrets (share-link tokens, invitations, the chat webhook's URL,
password hashes), each person's own inbox and mail, caches and derived indexes (search,
one-pager fits), and columns derived from others (`name_key`).
"""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from plplan.formatting import lazy_gettext
from plplan.models import (
    Activity,
    Area,
    AreaDataChange,
    AreaModule,
    Assignment,
    AssignmentChange,
    BudgetAmount,
    BudgetLine,
    CheckIn,
    Communication,
    CommunicationDone,
    Goal,
    GoalComment,
    Kpi,
    KpiEntry,
    KpiTarget,
    Plan,
    PlanComment,
    PlanField,
    PlanItem,
    PlanPublication,
    PlanRevision,
    Raci,
    Role,
    ShareLink,
    Skill,
)
from plplan.models.base import UTCDateTime
from plplan.models.responsibilities import RaciType

FORMAT = "plplan-team-bundle"
FORMAT_VERSION = 1

PERSON = "person"  # a user id, written as their email
MEMBER = "member"  # a membership id of this team, written as its person's email

# Team settings a bundle carries, beside its name (which the importer may change).
TEAM_SETTINGS = (
    "load_threshold",
    "goal_stale_days",
    "currency",
    "fiscal_year_start",
    "budget_threshold_pct",
)

# Fields that must never appear in a bundle, whoever wrote it.
SECRET_FIELDS = frozenset(
    {"token", "token_hash", "password", "password_hash", "session_token", "url", "secret"}
)


@dataclass(frozen=True)
class Kind:
    """One array of the bundle: rows of `model` belonging to the team through `parent`
    (a column naming a row of an earlier kind; None: the model's own `team_id`)."""

    name: str
    model: type
    parent: str | None = None
    # column -> PERSON, MEMBER or the name of an earlier kind (or this one)
    refs: dict[str, str] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()

    @property
    def table(self) -> sa.Table:
        return self.model.__table__

    @property
    def columns(self) -> list[sa.Column]:
        """The columns written, in table order (no team_id, no derived or secret ones)."""
        left_out = self.skip | {"team_id", "name_key"}
        return [column for column in self.table.columns if column.name not in left_out]

    @property
    def self_referencing(self) -> bool:
        return self.name in self.refs.values()


KINDS = [
    Kind("plans", Plan, refs={"created_by_id": PERSON}),
    Kind("plan_fields", PlanField, "plan_id", {"plan_id": "plans", "updated_by_id": PERSON}),
    Kind("plan_items", PlanItem, "plan_id", {"plan_id": "plans", "updated_by_id": PERSON}),
    # `part` names an item as "item:<id>": rewritten with the items' ids (see PART_REFS)
    Kind("plan_revisions", PlanRevision, "plan_id", {"plan_id": "plans", "author_id": PERSON}),
    Kind(
        "plan_publications",
        PlanPublication,
        "plan_id",
        {"plan_id": "plans", "published_by_id": PERSON},
    ),
    Kind(
        "plan_comments",
        PlanComment,
        "plan_id",
        {
            "plan_id": "plans",
            "parent_id": "plan_comments",
            "author_id": PERSON,
            "resolved_by_id": PERSON,
        },
    ),
    Kind(
        "share_links",
        ShareLink,
        refs={"plan_id": "plans", "created_by_id": PERSON},
        skip=frozenset({"token_hash"}),
    ),
    Kind("areas", Area),
    Kind("area_modules", AreaModule, "area_id", {"area_id": "areas"}),
    Kind("assignments", Assignment, "area_id", {"area_id": "areas", "membership_id": MEMBER}),
    Kind(
        "assignment_changes",
        AssignmentChange,
        "area_id",
        {"area_id": "areas", "person_id": PERSON, "actor_id": PERSON},
    ),
    Kind("skills", Skill),
    Kind(
        "goals",
        Goal,
        refs={"owner_id": PERSON, "mentor_id": PERSON, "skill_id": "skills", "area_id": "areas"},
    ),
    Kind(
        "checkins",
        CheckIn,
        "goal_id",
        {"goal_id": "goals", "author_id": PERSON, "acknowledged_by_id": PERSON},
    ),
    Kind("goal_comments", GoalComment, "goal_id", {"goal_id": "goals", "author_id": PERSON}),
    Kind(
        "budget_lines",
        BudgetLine,
        "area_id",
        {"area_id": "areas", "owner_id": PERSON, "pillar_id": "plan_items"},
    ),
    Kind(
        "budget_amounts",
        BudgetAmount,
        "line_id",
        {"line_id": "budget_lines", "updated_by_id": PERSON},
    ),
    Kind(
        "kpis",
        Kpi,
        "area_id",
        {"area_id": "areas", "owner_id": MEMBER, "plan_item_id": "plan_items"},
    ),
    Kind("kpi_entries", KpiEntry, "kpi_id", {"kpi_id": "kpis", "updated_by_id": PERSON}),
    Kind("kpi_targets", KpiTarget, "kpi_id", {"kpi_id": "kpis"}),
    Kind(
        "communications",
        Communication,
        "area_id",
        {"area_id": "areas", "audience_membership_id": MEMBER, "owner_membership_id": MEMBER},
    ),
    Kind(
        "communication_dones",
        CommunicationDone,
        "communication_id",
        {"communication_id": "communications", "user_id": PERSON},
    ),
    # Last: their (object_type, object_id) may name a row of any kind above (see OBJECT_KINDS).
    Kind("area_data_changes", AreaDataChange, "area_id", {"area_id": "areas", "user_id": PERSON}),
    Kind("activity", Activity, refs={"actor_id": PERSON}),
]
BY_NAME = {kind.name: kind for kind in KINDS}

# Per kind, the kind an entry's object_id names for each object_type (history names KPI
# entries and targets by their KPI). Objects of other types (the team itself, a membership)
# are written without their id.
OBJECT_KINDS = {
    "activity": {"plan": "plans", "area": "areas", "skill": "skills", "goal": "goals"},
    "area_data_changes": {
        "line": "budget_lines",
        "amount": "budget_amounts",
        "kpi": "kpis",
        "kpi_entry": "kpis",
        "kpi_target": "kpis",
        "communication": "communications",
    },
}

# A plan revision's `part` "item:<id>" names a plan item.
ITEM_PART = "item:"


# -- values: how a column's value is written, and read back --------------------------------


def encode(column: sa.Column, value):
    """A column's value as JSON: times and dates in ISO 8601, exact numbers as strings."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def decode(column: sa.Column, value):
    """The value of `column` a bundle wrote, checked; ValueError says what is wrong."""
    if value is None:
        if not column.nullable:
            raise ValueError("may not be empty")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        moment = datetime.fromisoformat(_text(value))
        if moment.tzinfo is None:
            raise ValueError("needs a time zone")
        return moment
    if isinstance(kind, sa.Date):
        return date.fromisoformat(_text(value))
    if isinstance(kind, sa.JSON):
        return value
    if isinstance(kind, sa.Boolean):
        return _typed(value, bool)
    if isinstance(kind, sa.Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        return value
    if isinstance(kind, sa.Numeric):
        try:
            return Decimal(_text(value))
        except InvalidOperation as error:
            raise ValueError("must be a decimal number in a string") from error
    if isinstance(kind, sa.Integer) or isinstance(getattr(kind, "impl", None), sa.Integer):
        if isinstance(value, bool):
            raise ValueError("must be a whole number")
        number = _typed(value, int)
        if hasattr(kind, "impl"):  # a role: one of Role's numbers
            Role(number)
        return number
    text = _text(value)
    length = getattr(kind, "length", None) or getattr(getattr(kind, "impl", None), "length", None)
    if length and len(text) > length:
        raise ValueError(f"is longer than {length} characters")
    if isinstance(kind, RaciType):
        Raci(text)
    return text


def _typed(value, kind: type):
    if not isinstance(value, kind):
        raise ValueError(f"must be {'true or false' if kind is bool else 'a whole number'}")
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


LABELS = {
    "plans": lazy_gettext("Plans"),
    "plan_fields": lazy_gettext("Plan fields"),
    "plan_items": lazy_gettext("Plan rows"),
    "plan_revisions": lazy_gettext("Plan revisions"),
    "plan_publications": lazy_gettext("Publications"),
    "plan_comments": lazy_gettext("Comments"),
    "share_links": lazy_gettext("Share links (without their secret links)"),
    "areas": lazy_gettext("Areas"),
    "area_modules": lazy_gettext("Area data modules"),
    "assignments": lazy_gettext("Responsibility cells"),
    "assignment_changes": lazy_gettext("Responsibility history"),
    "skills": lazy_gettext("Skills"),
    "goals": lazy_gettext("Goals"),
    "checkins": lazy_gettext("Check-ins"),
    "goal_comments": lazy_gettext("Goal comments"),
    "budget_lines": lazy_gettext("Budget lines"),
    "budget_amounts": lazy_gettext("Budget amounts"),
    "kpis": lazy_gettext("KPIs"),
    "kpi_entries": lazy_gettext("KPI entries"),
    "kpi_targets": lazy_gettext("KPI targets"),
    "communications": lazy_gettext("Communications"),
    "communication_dones": lazy_gettext("Communications sent"),
    "area_data_changes": lazy_gettext("Area data history"),
    "activity": lazy_gettext("Activity entries"),
}
