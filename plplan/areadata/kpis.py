"""The KPIs module: a go-to-market catalogue, KPIs with targets and one entry per period, the
area section, the grid's signal and the live values beside the plan's goals.

Saving an entry follows the project's version approach: the form carries the version it
was read at (0: there was no entry), the UPDATE is conditional on it and the INSERT relies
on the unique (kpi, period) key, so of two people saving the same period at once one wins
and the other gets a conflict with what they typed kept.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from plplan.areadata import alerts
from plplan.areadata import kpi_rules as rules
from plplan.areadata.history import note_activity, record_change
from plplan.extensions import db
from plplan.formatting import lazy_gettext, viewer_zone
from plplan.models import (
    Area,
    AreaModule,
    Assignment,
    Kpi,
    KpiEntry,
    KpiTarget,
    Membership,
    Plan,
    PlanItem,
    Raci,
    Team,
    User,
    utcnow,
)

KIND, LABEL = "kpis", lazy_gettext("KPIs")
RECENT = timedelta(days=400)  # what the section reads: every cadence's last few periods
PREVIOUS_SHOWN = 3  # previous values beside this period's field


@dataclass(frozen=True)
class Template:
    """A KPI of the catalogue, to pick from when adding one."""

    key: str
    name: str
    definition: str
    unit: str
    direction: str
    cadence: str


CATALOGUE = [
    Template(
        "pql",
        "Product-qualified leads",
        "Accounts that reached the activation milestone on the free plan in the period.",
        "count",
        "up",
        "monthly",
    ),
    Template(
        "pql_paid",
        "PQL → paid conversion",
        "Share of the period's product-qualified leads that became paying customers.",
        "percent",
        "up",
        "monthly",
    ),
    Template(
        "logo_churn",
        "Logo churn",
        "Share of paying customers at the start of the period who cancelled in it.",
        "percent",
        "down",
        "monthly",
    ),
    Template(
        "revenue_churn",
        "Revenue churn",
        "Recurring revenue lost to cancellations and downgrades, as a share of the start.",
        "percent",
        "down",
        "monthly",
    ),
    Template(
        "nrr",
        "Net revenue retention",
        "Recurring revenue from last year's customers today, as a share of theirs a year ago.",
        "percent",
        "up",
        "quarterly",
    ),
    Template(
        "activation",
        "Activation rate",
        "Share of new sign-ups who reach the activation milestone within 14 days.",
        "percent",
        "up",
        "weekly",
    ),
    Template(
        "dau_mau",
        "Engagement (DAU/MAU)",
        "Daily active users over monthly active users: how habitual the product is.",
        "percent",
        "band",
        "weekly",
    ),
]
CATALOGUE_BY_KEY = {t.key: t for t in CATALOGUE}


def today() -> date:
    """Today where the team is (the viewer's zone), which is what "this period" means."""
    return utcnow().astimezone(viewer_zone()).date()


# -- reading -------------------------------------------------------------------------------------


@dataclass
class KpiRow:
    """One KPI as the section and its page show it."""

    kpi: Kpi
    reading: rules.Reading
    entries: dict[date, KpiEntry]  # by period, the ones loaded
    targets: list[tuple[date, Decimal]]
    currency: str

    @property
    def current(self) -> KpiEntry | None:
        return self.entries.get(self.reading.period)

    @property
    def previous(self) -> list[KpiEntry]:
        """The last few entries before this period, newest first."""
        before = sorted((p for p in self.entries if p < self.reading.period), reverse=True)
        return [self.entries[p] for p in before[:PREVIOUS_SHOWN]]

    @staticmethod
    def plain(value: Decimal) -> str:
        """The value as typed back into its field: `120`, `12.5` (no exponent, no grouping)."""
        return f"{value.normalize():f}"

    def show(self, value: Decimal | None) -> str:
        return rules.format_value(value, self.kpi.unit, self.currency)

    def label(self, period: date) -> str:
        return rules.period_label(period, self.kpi.cadence)

    @property
    def target_text(self) -> str:
        if self.kpi.direction == "band":
            low, high = self.kpi.band_low, self.kpi.band_high
            if low is None or high is None:
                return "no band set"
            return f"{self.show(low)} to {self.show(high)}"
        target = self.reading.target
        word = "at most" if self.kpi.direction == "down" else "at least"
        return f"{word} {self.show(target)}" if target is not None else "no target set"


def _rows(team: Team, kpis: list[Kpi], since: date | None, day: date) -> list[KpiRow]:
    """Their readings, from two queries (entries since `since`, all targets)."""
    ids = [k.id for k in kpis]
    if not ids:
        return []
    query = sa.select(KpiEntry).where(KpiEntry.kpi_id.in_(ids))
    if since is not None:
        query = query.where(KpiEntry.period >= since)
    entries: dict[int, dict[date, KpiEntry]] = {i: {} for i in ids}
    for entry in db.session.scalars(query):
        entries[entry.kpi_id][entry.period] = entry
    targets: dict[int, list[tuple[date, Decimal]]] = {i: [] for i in ids}
    for kpi_id, starts, value in db.session.execute(
        sa.select(KpiTarget.kpi_id, KpiTarget.starts, KpiTarget.value)
        .where(KpiTarget.kpi_id.in_(ids))
        .order_by(KpiTarget.starts)
    ):
        targets[kpi_id].append((starts, value))
    return [
        KpiRow(
            kpi,
            _reading(
                team, kpi, {p: e.value for p, e in entries[kpi.id].items()}, targets[kpi.id], day
            ),
            entries[kpi.id],
            targets[kpi.id],
            team.currency,
        )
        for kpi in kpis
    ]


def _reading(team: Team, kpi: Kpi, values, targets, day: date) -> rules.Reading:
    return rules.read(
        kpi.direction,
        kpi.unit,
        kpi.cadence,
        values,
        targets,
        (kpi.band_low, kpi.band_high),
        day,
        kpi.created_at.astimezone(viewer_zone()).date(),
        team.fiscal_year_start,
    )


def _kpis(area_ids: list[int]) -> list[Kpi]:
    return list(
        db.session.scalars(
            sa.select(Kpi)
            .where(Kpi.area_id.in_(area_ids))
            .options(joinedload(Kpi.owner).joinedload(Membership.user))
            .order_by(Kpi.area_id, Kpi.id)
        )
    )


@dataclass
class KpiSection:
    rows: list[KpiRow]
    catalogue: list[Template] = field(default_factory=list)


def load(context) -> KpiSection:
    """The area's KPIs with this period's entry, the previous ones and their health
    (three queries, however many KPIs and entries)."""
    day = today()
    rows = _rows(context.team, _kpis([context.area.id]), day - RECENT, day)
    taken = {row.kpi.name for row in rows}
    return KpiSection(rows, [t for t in CATALOGUE if t.name not in taken])


def signals(team: Team, area_ids: list[int]) -> dict[int, str]:
    """ "KPI off track" where one is; else "KPI stale" where one misses last period's entry."""
    day = today()
    found: dict[int, str] = {}
    for row in _rows(team, _kpis(area_ids), day - RECENT, day):
        if row.reading.health == rules.OFF_TRACK and not row.reading.stale:
            found[row.kpi.area_id] = gettext("KPI off track")
        elif row.reading.stale:
            found.setdefault(row.kpi.area_id, gettext("KPI stale"))
    return found


def kpi_page(team: Team, kpi: Kpi) -> KpiRow:
    """One KPI with all its entries and targets, for its own page."""
    return _rows(team, [kpi], None, today())[0]


# -- the plan's pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveKpi:
    """A KPI beside a goal of the plan: `goal` is the business goal's text (or "")."""

    name: str
    goal: str
    text: str  # "1,240 (target at least 1,500)"
    reading: rules.Reading


def live_for_plan(plan: Plan, every_area: bool) -> dict[str, list[LiveKpi]]:
    """The KPIs linked to the plan's North Star (if it is current) or to its business goals,
    of every area or only of those shown to viewers, with their latest value:
    {"north_star": [...], "business_goals": [...]}. One query: each KPI with its two latest
    entries and the target of each."""
    rows = db.session.execute(
        _live_query(every_area),
        {
            "plan_id": plan.id,
            "team_id": plan.team_id,
            "is_current": plan.is_current,
            "today": today(),
        },
    ).all()
    grouped: dict[int, tuple[Kpi, dict, dict, list]] = {}
    for kpi, values, period, value, target_value in rows:
        _, _, entries, targets = grouped.setdefault(kpi.id, (kpi, values or {}, {}, []))
        if period is not None:
            entries[period] = value
            if target_value is not None:
                targets.append((period, target_value))
        elif target_value is not None:
            targets.append((date.min, target_value))
    found: dict[str, list[LiveKpi]] = {}
    for kpi, values, entries, targets in grouped.values():
        reading = _reading(plan.team, kpi, entries, targets, today())
        row = KpiRow(kpi, reading, {}, targets, plan.team.currency)
        target = row.target_text
        target = target if target.startswith("no ") else f"target {target}"
        text = f"{row.show(reading.latest)} ({target})"
        key = "business_goals" if values else "north_star"
        found.setdefault(key, []).append(LiveKpi(kpi.name, values.get("text", ""), text, reading))
    return found


@cache
def _live_query(every_area: bool) -> sa.Select:
    """live_for_plan's query, built once per process: building it (and keying it for
    SQLAlchemy's compiled cache) was a tenth of the plan page, and it is the same for
    every plan but for its bound values. It holds no data, so nothing here goes stale."""
    teams_kpis = (
        sa.select(Kpi.id)
        .join(Area, Area.id == Kpi.area_id)
        .where(Area.team_id == sa.bindparam("team_id"))
    )
    ranked = (  # only the team's entries are numbered, not every team's
        sa.select(
            KpiEntry.kpi_id,
            KpiEntry.period,
            KpiEntry.value,
            sa.func.row_number()
            .over(partition_by=KpiEntry.kpi_id, order_by=KpiEntry.period.desc())
            .label("rank"),
        ).where(KpiEntry.kpi_id.in_(teams_kpis))
    ).subquery()
    day = sa.bindparam("today", type_=sa.Date)
    target = (
        sa.select(KpiTarget.value)
        .where(
            KpiTarget.kpi_id == Kpi.id,
            KpiTarget.starts <= sa.func.coalesce(ranked.c.period, day),
        )
        .order_by(KpiTarget.starts.desc())
        .limit(1)
        .scalar_subquery()
    )
    item = aliased(PlanItem)
    linked = sa.or_(
        sa.and_(Kpi.links_north_star.is_(True), sa.bindparam("is_current", type_=sa.Boolean)),
        item.id.is_not(None),
    )
    visible = sa.true() if every_area else AreaModule.visible_to_viewers
    return (
        sa.select(Kpi, item.values, ranked.c.period, ranked.c.value, target)
        .join(Area, Area.id == Kpi.area_id)
        .join(AreaModule, sa.and_(AreaModule.area_id == Area.id, AreaModule.kind == KIND))
        .outerjoin(
            item,
            sa.and_(
                item.id == Kpi.plan_item_id,
                item.plan_id == sa.bindparam("plan_id"),
                item.kind == "business_goal",
                item.deleted_at.is_(None),
            ),
        )
        .outerjoin(ranked, sa.and_(ranked.c.kpi_id == Kpi.id, ranked.c.rank <= 2))
        .where(Area.team_id == sa.bindparam("team_id"), Area.archived_at.is_(None), visible, linked)
        .order_by(Kpi.id, ranked.c.period)
    )


def plan_goals(plan: Plan | None) -> list[tuple[str, str]]:
    """What a KPI may be linked to: ("", none), the North Star, the current plan's goals."""
    choices = [
        ("", gettext("Not linked")),
        ("north_star", gettext("The current plan's North Star")),
    ]
    if plan is None:
        return choices
    goals = business_goals(plan)
    goal = gettext("Goal: %(goal)s")
    return choices + [
        (f"item:{g.id}", goal % {"goal": g.values.get("text", "")[:80]}) for g in goals
    ]


def business_goals(plan: Plan) -> list[PlanItem]:
    """The plan's business goals, in their order: what a KPI can be linked to besides the
    North Star."""
    return list(
        db.session.scalars(
            sa.select(PlanItem)
            .where(
                PlanItem.plan_id == plan.id,
                PlanItem.kind == "business_goal",
                PlanItem.deleted_at.is_(None),
            )
            .order_by(PlanItem.position, PlanItem.id)
        )
    )


def link_text(kpi: Kpi) -> str:
    if kpi.links_north_star:
        return "north_star"
    return f"item:{kpi.plan_item_id}" if kpi.plan_item_id else ""


# -- changing ------------------------------------------------------------------------------------


def accountable_of(area: Area) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership)
        .join(Assignment, Assignment.membership_id == Membership.id)
        .where(Assignment.area_id == area.id, Assignment.role == Raci.ACCOUNTABLE)
    )


def add_kpi(team: Team, area: Area, template: Template, owner: Membership | None = None) -> Kpi:
    """A KPI from the catalogue (or a blank one), owned by the area's Accountable by default;
    the caller commits."""
    owner = owner or accountable_of(area)
    kpi = Kpi(
        area_id=area.id,
        name=template.name,
        definition=template.definition,
        unit=template.unit,
        direction=template.direction,
        cadence=template.cadence,
        owner_id=owner.id if owner else None,
    )
    db.session.add(kpi)
    db.session.flush()
    record_change(area, KIND, "kpi", kpi.id, "KPI", None, kpi.name)
    note_activity(team, area, LABEL, f"added {kpi.name}")
    return kpi


BLANK = Template("", "New KPI", "", "count", "up", "monthly")

SETTINGS = ("name", "definition", "unit", "direction", "cadence", "band_low", "band_high")


def update_kpi(team: Team, area: Area, kpi: Kpi, changes: dict, link: str, owner_id) -> None:
    """Set the KPI's settings (and its goal link), one history line per changed field."""
    for name in SETTINGS:
        old, new = getattr(kpi, name), changes[name]
        if old != new:
            record_change(area, KIND, "kpi", kpi.id, f"{kpi.name}: {name}", old, new)
            setattr(kpi, name, new)
    if owner_id != kpi.owner_id:
        record_change(area, KIND, "kpi", kpi.id, f"{kpi.name}: owner", kpi.owner_id, owner_id)
        kpi.owner_id = owner_id
    if link != link_text(kpi):
        record_change(area, KIND, "kpi", kpi.id, f"{kpi.name}: linked to", link_text(kpi), link)
        kpi.links_north_star = link == "north_star"
        kpi.plan_item_id = int(link[5:]) if link.startswith("item:") else None
    kpi.version += 1
    note_activity(team, area, LABEL, f"changed {kpi.name}")


def set_target(team: Team, area: Area, kpi: Kpi, starts: date, value: Decimal | None) -> None:
    """The target from period `starts` on (None removes the one starting there)."""
    row = db.session.scalar(
        sa.select(KpiTarget).where(KpiTarget.kpi_id == kpi.id, KpiTarget.starts == starts)
    )
    old = row.value if row else None
    if value is None and row is not None:
        db.session.delete(row)
    elif row is None and value is not None:
        db.session.add(KpiTarget(kpi_id=kpi.id, starts=starts, value=value))
    elif row is not None:
        row.value = value
    label = rules.period_label(starts, kpi.cadence)
    record_change(
        area,
        KIND,
        "kpi_target",
        kpi.id,
        f"{kpi.name}: target from {label}",
        _shown(team, kpi, old),
        _shown(team, kpi, value),
    )
    note_activity(team, area, LABEL, f"set a target of {kpi.name}")


def _shown(team: Team, kpi: Kpi, value: Decimal | None) -> str | None:
    """A value as the history shows it (None: there was none)."""
    return None if value is None else rules.format_value(value, kpi.unit, team.currency)


class EntryConflict(Exception):
    """Someone saved this period since the form was read; `entry` is what they saved."""

    def __init__(self, entry: KpiEntry | None):
        super().__init__("entry changed")
        self.entry = entry


NOTE_LIMIT = 500


def recordable(team: Team, kpi: Kpi, period: date) -> bool:
    """An entry is of a period's first day, and of a period that has begun."""
    current = rules.period_of(today(), kpi.cadence, team.fiscal_year_start)
    return period == rules.period_of(period, kpi.cadence, team.fiscal_year_start) and (
        period <= current
    )


def note_problem(note: str | None) -> str | None:
    """What is wrong with an entry's note (None: nothing; no note keeps the one saved)."""
    if note is not None and len(note) > NOTE_LIMIT:
        return gettext("Keep the note under %(limit)s characters.", limit=NOTE_LIMIT)
    return None


def entry_of(kpi: Kpi, period: date) -> KpiEntry | None:
    return db.session.scalar(
        sa.select(KpiEntry).where(KpiEntry.kpi_id == kpi.id, KpiEntry.period == period)
    )


def record_entry(
    team: Team,
    area: Area,
    kpi: Kpi,
    period: date,
    value: Decimal,
    note: str | None,
    version: int,
    user: User,
) -> KpiEntry:
    """Save the value (and the note, unless None) of `period`, read at `version` (0: no entry);
    the period is `recordable` and the note has no `note_problem`.

    :raise EntryConflict: the entry was created or changed since; nothing is written.
    """
    note = note.strip() if note is not None else None
    existing = entry_of(kpi, period)
    if existing is None and version == 0:
        entry = KpiEntry(
            kpi_id=kpi.id, period=period, value=value, note=note or "", updated_by_id=user.id
        )
        try:
            with db.session.begin_nested():
                db.session.add(entry)
        except IntegrityError:  # someone inserted the same period a moment ago
            raise EntryConflict(entry_of(kpi, period)) from None
        old_value, old_note = None, ""
    else:
        if existing is None or existing.version != version:
            raise EntryConflict(existing)
        old_value, old_note = existing.value, existing.note
        done = db.session.execute(
            sa.update(KpiEntry)
            .where(KpiEntry.id == existing.id, KpiEntry.version == version)
            .values(
                value=value,
                note=existing.note if note is None else note,
                version=KpiEntry.version + 1,
                updated_at=utcnow(),
                updated_by_id=user.id,
            )
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # changed between our read and our write
            db.session.expire(existing)
            raise EntryConflict(existing)
        db.session.expire(existing)
        entry = existing
    label = f"{kpi.name}, {rules.period_label(period, kpi.cadence)}"
    old_text, new_text = _shown(team, kpi, old_value), _shown(team, kpi, value)
    record_change(area, KIND, "kpi_entry", kpi.id, label, old_text, new_text, user)
    if note is not None:
        record_change(area, KIND, "kpi_entry", kpi.id, f"{label}: note", old_note, note, user)
    note_activity(team, area, LABEL, f"recorded {kpi.name}", user)
    _tell_if_off_track(team, area, kpi, period, old_value, value, user)
    return entry


def _tell_if_off_track(
    team: Team, area: Area, kpi: Kpi, period: date, old: Decimal | None, new: Decimal, user: User
) -> None:
    """An entry that puts its period off track, when it was not before, is told at once."""
    targets = list(
        db.session.execute(
            sa.select(KpiTarget.starts, KpiTarget.value)
            .where(KpiTarget.kpi_id == kpi.id)
            .order_by(KpiTarget.starts)
        ).tuples()
    )
    target = rules.target_for(targets, period)
    done = rules.elapsed(today(), period, kpi.cadence)

    def state(value: Decimal | None) -> str | None:
        band = (kpi.band_low, kpi.band_high)
        return (
            None
            if value is None
            else rules.health(kpi.direction, kpi.unit, value, target, band, done)
        )

    if state(new) == rules.OFF_TRACK and state(old) != rules.OFF_TRACK:
        label = rules.period_label(period, kpi.cadence)
        alerts.kpi_off_track(team, area, kpi, _shown(team, kpi, new), label, user)
