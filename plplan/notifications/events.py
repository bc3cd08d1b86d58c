"""The kinds of events people hear about, each with its label and default, and the event a
service raises."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext

from plplan.models import Area, Delivery, Team, User


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default: Delivery


KINDS = {
    kind.key: kind
    for kind in (
        Kind("checkin", lazy_gettext("A check-in on a goal you mentor"), Delivery.EMAIL),
        Kind(
            "checkin_reply",
            lazy_gettext("Your check-in acknowledged or replied to"),
            Delivery.EMAIL,
        ),
        Kind(
            "plan_comment",
            lazy_gettext("A comment or reply in a plan thread you are in"),
            Delivery.EMAIL,
        ),
        Kind(
            "goal_comment",
            lazy_gettext("A comment on a goal of yours, one you mentor or one you commented on"),
            Delivery.EMAIL,
        ),
        Kind(
            "area_role",
            lazy_gettext("A role on an area given to you or taken away"),
            Delivery.EMAIL,
        ),
        Kind("plan_published", lazy_gettext("A plan published"), Delivery.EMAIL),
        Kind("mention", lazy_gettext("An @mention of you in a comment or note"), Delivery.EMAIL),
        Kind("kpi_off_track", lazy_gettext("A KPI of your area off track"), Delivery.EMAIL),
        Kind(
            "budget_over_threshold",
            lazy_gettext("A budget line of your area over its threshold"),
            Delivery.EMAIL,
        ),
        Kind(
            "area_without_accountable",
            lazy_gettext("An area left without an Accountable"),
            Delivery.EMAIL,
        ),
        # Reminders (notifications.reminders): by default the digest carries them.
        Kind(
            "goal_stale",
            lazy_gettext("A goal of yours or one you mentor going stale"),
            Delivery.DIGEST,
        ),
        Kind(
            "goal_overdue",
            lazy_gettext("A goal of yours or one you mentor overdue"),
            Delivery.DIGEST,
        ),
        Kind("comm_due", lazy_gettext("A communication of yours due or overdue"), Delivery.DIGEST),
        Kind("kpi_due", lazy_gettext("A KPI entry of yours due"), Delivery.DIGEST),
    )
}
REMINDER_KINDS = ("goal_stale", "goal_overdue", "comm_due", "kpi_due")


@dataclass(frozen=True)
class Event:
    """Something happened in `team`: `subject` is what `audience` reads to decide who hears of
    it; the link is a page of the team (its endpoint, called with the team's slug)."""

    kind: str
    team: Team
    actor: User | None  # None: the clock (a reminder)
    subject: object
    summary: str  # one line, naming the actor: "Maya checked in on …"
    endpoint: str
    link_args: dict = field(default_factory=dict)
    anchor: str = ""
    detail: str = ""
    skip: frozenset[int] = frozenset()  # user ids told already (by a mention in it)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of event: {self.kind}")


@dataclass(frozen=True)
class AreaData:
    """The subject of an area's event: the area, and the module of its data the event is
    about ("kpis", "budget"; "" for the area itself), which decides who may read of it."""

    area: Area
    module: str = ""
