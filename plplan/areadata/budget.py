"""The budget module: lines, monthly amounts, figures, saves with conflicts, CSV, signal."""

import csv
import io
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from plplan.areadata import alerts
from plplan.areadata import budget_rules as rules
from plplan.areadata.history import note_activity, record_change
from plplan.areadata.money import AmountError, parse_amount
from plplan.authz import Capability
from plplan.chart_variants import CHART_WIDTH, NARROW_WIDTH, Variants, both
from plplan.extensions import db
from plplan.formatting import format_money, format_month, lazy_gettext, plain_amount
from plplan.models import (
    AmountKind,
    Area,
    AreaModule,
    Assignment,
    BudgetAmount,
    BudgetLine,
    Membership,
    Plan,
    PlanItem,
    Raci,
    Team,
    User,
    utcnow,
)
from plplan.transactions import for_update

KIND, LABEL = "budget", lazy_gettext("Budget")
KINDS = (AmountKind.PLANNED, AmountKind.ACTUAL)


def today() -> date:
    return utcnow().date()


@dataclass
class Year:
    """The team's current fiscal year as the budget sees it today."""

    fiscal_year: int
    months: list[date]
    closed: int

    @classmethod
    def of(cls, team: Team, day: date | None = None) -> "Year":
        day = day or today()
        fiscal_year = rules.fiscal_year_of(day, team.fiscal_year_start)
        months = rules.fiscal_months(fiscal_year, team.fiscal_year_start)
        return cls(fiscal_year, months, rules.closed_months(months, day))


@dataclass
class Line:
    line: BudgetLine
    cells: dict[tuple[date, str], BudgetAmount]
    figures: rules.Figures
    needs_explanation: bool
    pillar: str | None = None

    def amount(self, month: date, kind: str) -> int | None:
        cell = self.cells.get((month, kind))
        return cell.amount if cell else None


@dataclass
class Budget:
    team: Team
    area: Area
    year: Year
    lines: list[Line]
    total: rules.Figures
    chart: Variants | None = None  # drawn once the figures are in
    last_year: int = 0  # lines last fiscal year, counted only while this year has none


def _lines_query(area_ids, fiscal_year: int):
    return sa.select(BudgetLine).where(
        BudgetLine.area_id.in_(area_ids), BudgetLine.fiscal_year == fiscal_year
    )


def load_budget(team: Team, area: Area, with_pillars: bool = True) -> Budget:
    """The area's budget for the current fiscal year: three queries however many lines (two
    and last year's count while it has none)."""
    year = Year.of(team)
    lines = list(
        db.session.scalars(
            _lines_query([area.id], year.fiscal_year)
            .options(joinedload(BudgetLine.owner))
            .order_by(BudgetLine.id)
        )
    )
    cells: dict[int, dict] = {line.id: {} for line in lines}
    if lines:
        for cell in db.session.scalars(
            sa.select(BudgetAmount).where(BudgetAmount.line_id.in_(list(cells)))
        ):
            cells[cell.line_id][(cell.month, cell.kind)] = cell
    pillars = pillar_choices(team) if with_pillars and lines else {}
    built = []
    for line in lines:
        planned = [_amount(cells[line.id], m, AmountKind.PLANNED) or 0 for m in year.months]
        actual = [_amount(cells[line.id], m, AmountKind.ACTUAL) for m in year.months]
        figs = rules.figures(planned, actual, year.closed)
        built.append(
            Line(
                line,
                cells[line.id],
                figs,
                figs.needs_explanation(team.budget_threshold_pct),
                pillars.get(line.pillar_id),
            )
        )
    total = rules.add([b.figures for b in built], year.closed)
    budget = Budget(team, area, year, built, total)
    budget.chart = both(chart, budget)
    if not lines:
        budget.last_year = lines_last_year(area, year)
    return budget


def _amount(cells: dict, month: date, kind: str) -> int | None:
    cell = cells.get((month, kind))
    return cell.amount if cell else None


def load(context):
    """The section on the area page."""
    return load_budget(context.team, context.area, context.membership.can(Capability.READ_DRAFTS))


def _year_sums(year: Year) -> tuple:
    """SUM expressions over a fiscal year's amounts: the projection (the closed months'
    actuals plus the open months' plan) and the plan."""
    current = year.months[year.closed] if year.closed < 12 else date.max
    closed = BudgetAmount.month < current
    projected = sa.case(
        (sa.and_(BudgetAmount.kind == AmountKind.ACTUAL, closed), BudgetAmount.amount),
        (sa.and_(BudgetAmount.kind == AmountKind.PLANNED, sa.not_(closed)), BudgetAmount.amount),
        else_=0,
    )
    planned = sa.case((BudgetAmount.kind == AmountKind.PLANNED, BudgetAmount.amount), else_=0)
    # PostgreSQL sums a BIGINT as NUMERIC; money stays integer minor units.
    return tuple(
        sa.cast(sa.func.sum(sa.func.coalesce(amount, 0)), sa.BigInteger)
        for amount in (projected, planned)
    )


def signals(team: Team, area_ids: list[int]) -> dict[int, str]:
    """ "over budget" where the current year's projection passes its plan (one query)."""
    year = Year.of(team)
    rows = db.session.execute(
        sa.select(BudgetLine.area_id, *_year_sums(year))
        .join(BudgetAmount, BudgetAmount.line_id == BudgetLine.id)
        .where(BudgetLine.area_id.in_(area_ids), BudgetLine.fiscal_year == year.fiscal_year)
        .group_by(BudgetLine.area_id)
    )
    over = gettext("over budget")
    return {area_id: over for area_id, proj, plan in rows if proj > plan}


@dataclass(frozen=True)
class TeamTotal:
    """The whole team's budget for the year, as the one-pager's Numbers section shows it."""

    plan: str  # "€240,000.00"
    projection: str
    variance: str  # "+€12,000.00 (+5.0%)"
    over: bool


def team_total(team: Team, every_area: bool) -> TeamTotal | None:
    """The year's plan and projection over every budget of the team (only those shown to
    viewers unless `every_area`), or None without any planned amount. One query."""
    year = Year.of(team)
    visible = sa.true() if every_area else AreaModule.visible_to_viewers
    projection, plan = db.session.execute(
        sa.select(*_year_sums(year))
        .select_from(BudgetLine)
        .join(BudgetAmount, BudgetAmount.line_id == BudgetLine.id)
        .join(Area, Area.id == BudgetLine.area_id)
        .join(AreaModule, sa.and_(AreaModule.area_id == Area.id, AreaModule.kind == KIND))
        .where(
            Area.team_id == team.id,
            Area.archived_at.is_(None),
            visible,
            BudgetLine.fiscal_year == year.fiscal_year,
        )
    ).one()
    if not plan:
        return None
    variance = projection - plan
    sign = "+" if variance > 0 else ""
    text = f"{sign}{format_money(variance, team.currency)} ({variance * 100 / plan:+.1f}%)"
    money = format_money(plan, team.currency), format_money(projection, team.currency)
    return TeamTotal(*money, text, variance > 0)


def pillar_choices(team: Team) -> dict[int, str]:
    """Pillar id → title, for the strategy pillars of the team's current plan (one query)."""
    rows = db.session.execute(
        sa.select(PlanItem.id, PlanItem.values)
        .join(Plan, Plan.id == PlanItem.plan_id)
        .where(
            Plan.team_id == team.id,
            Plan.is_current.is_(True),
            Plan.archived_at.is_(None),
            PlanItem.kind == "pillar",
            PlanItem.deleted_at.is_(None),
        )
        .order_by(PlanItem.position)
    )
    untitled = gettext("Untitled pillar")
    return {item_id: (values or {}).get("title") or untitled for item_id, values in rows}


def accountable_user_id(area: Area) -> int | None:
    return db.session.scalar(
        sa.select(Membership.user_id)
        .join(Assignment, Assignment.membership_id == Membership.id)
        .where(Assignment.area_id == area.id, Assignment.role == Raci.ACCOUNTABLE)
    )


# -- changes ------------------------------------------------------------------------------------


def add_line(
    team: Team,
    area: Area,
    name: str,
    category: str,
    owner_id: int | None,
    pillar_id: int | None,
    planned: int,
    per: str,
    user: User,
) -> BudgetLine:
    """A line for the current fiscal year; `planned` per month, quarter or year, spread exactly
    over the months. The owner defaults to the area's Accountable."""
    year = Year.of(team)
    line = BudgetLine(
        area_id=area.id,
        fiscal_year=year.fiscal_year,
        name=name.strip(),
        category=category.strip(),
        owner_id=owner_id or accountable_user_id(area),
        pillar_id=pillar_id,
    )
    db.session.add(line)
    db.session.flush()
    if per == "month":
        monthly = [planned] * 12
    elif per == "quarter":
        monthly = [part for _ in range(4) for part in rules.spread(planned, 3)]
    else:
        monthly = rules.spread(planned, 12)
    for month, amount in zip(year.months, monthly, strict=True):
        for kind in KINDS:
            db.session.add(
                BudgetAmount(
                    line_id=line.id,
                    month=month,
                    kind=kind,
                    amount=amount if kind == AmountKind.PLANNED else None,
                    updated_by_id=user.id,
                )
            )
    record_change(
        area, "budget", "line", line.id, "line", None, f"{line.name}: {_money(team, sum(monthly))}"
    )
    note_activity(team, area, LABEL, f"added the line {line.name}", user)
    return line


def lines_last_year(area: Area, year: Year) -> int:
    """How many lines the area's budget had in the fiscal year before `year` (one query)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(
            _lines_query([area.id], year.fiscal_year - 1).subquery()
        )
    )


def carry_forward(team: Team, area: Area, user: User) -> int:
    """Start the current fiscal year from last year's lines: same names, categories, owners
    and pillars, each month planned as the same month was last year, no actuals. Does nothing
    once the year has lines (two people clicking at once carry them once); how many it added."""
    db.session.execute(for_update(sa.select(Area.id).where(Area.id == area.id)))
    year = Year.of(team)
    if db.session.scalar(_lines_query([area.id], year.fiscal_year).limit(1)) is not None:
        return 0
    previous = list(
        db.session.scalars(_lines_query([area.id], year.fiscal_year - 1).order_by(BudgetLine.id))
    )
    planned: dict[int, dict] = {line.id: {} for line in previous}
    if previous:
        for cell in db.session.scalars(
            sa.select(BudgetAmount).where(
                BudgetAmount.line_id.in_(list(planned)), BudgetAmount.kind == AmountKind.PLANNED
            )
        ):
            planned[cell.line_id][cell.month.month] = cell.amount or 0
    for old in previous:
        line = BudgetLine(
            area_id=area.id,
            fiscal_year=year.fiscal_year,
            name=old.name,
            category=old.category,
            owner_id=old.owner_id,
            pillar_id=old.pillar_id,
        )
        db.session.add(line)
        db.session.flush()
        for month in year.months:
            for kind in KINDS:
                amount = planned[old.id].get(month.month, 0) if kind == AmountKind.PLANNED else None
                db.session.add(
                    BudgetAmount(
                        line_id=line.id,
                        month=month,
                        kind=kind,
                        amount=amount,
                        updated_by_id=user.id,
                    )
                )
        record_change(
            area, "budget", "line", line.id, "line", None, f"{line.name}: carried forward"
        )
    if previous:
        note_activity(
            team,
            area,
            LABEL,
            f"started fiscal year {year.fiscal_year} from last year's lines",
            user,
        )
    return len(previous)


def _money(team: Team, minor: int | None) -> str | None:
    return None if minor is None else format_money(minor, team.currency)


@dataclass
class CellConflict:
    """Someone saved this amount since the form was opened."""

    theirs: int | None
    by: User | None


def cell_name(month: date, kind: str) -> str:
    return f"{kind}-{month:%Y-%m}"


def save_amounts(
    team: Team, area: Area, line: Line, typed: dict[str, str], user: User
) -> tuple[dict[str, str], dict[str, CellConflict]]:
    """Save the typed amounts of a line's form: (errors, conflicts) by cell name.

    `typed` holds each cell's text, its `version-<cell>` and `was-<cell>` (the text shown
    when the form opened); only cells whose text changed are saved. With any error or
    conflict nothing is saved: the caller rolls back and shows the form again as typed.
    """
    errors, conflicts, changes = {}, {}, []
    for (month, kind), cell in sorted(line.cells.items()):
        name = cell_name(month, kind)
        if name not in typed or typed[name].strip() == typed.get(f"was-{name}", "").strip():
            continue
        try:
            amount = parse_amount(typed[name], team.currency)
        except AmountError as error:
            errors[name] = str(error)
            continue
        if kind == AmountKind.PLANNED and amount is None:
            amount = 0
        base = int(typed.get(f"version-{name}") or 0)
        changes.append((cell, amount, base, month, kind))
    if errors:
        return errors, conflicts
    for cell, amount, base, month, kind in changes:
        old = cell.amount
        if not _bump(cell, base, amount, user):
            db.session.refresh(cell)
            conflicts[cell_name(month, kind)] = CellConflict(cell.amount, cell.updated_by)
            continue
        record_change(
            area,
            "budget",
            "amount",
            cell.id,
            f"{line.line.name} · {kind} {format_month(month)}",
            _money(team, old),
            _money(team, amount),
            user,
        )
    if changes and not conflicts:
        note_activity(team, area, LABEL, f"amounts of {line.line.name}", user)
        _tell_if_over(team, area, line, user)
    return errors, conflicts


def _tell_if_over(team: Team, area: Area, line: Line, user: User) -> None:
    """A save that projects the line over its plan beyond the team's threshold, when it was
    not before (`line` was read before the save), is told at once."""
    year = Year.of(team)
    planned = [line.amount(m, AmountKind.PLANNED) or 0 for m in year.months]
    actual = [line.amount(m, AmountKind.ACTUAL) for m in year.months]
    figs = rules.figures(planned, actual, year.closed)
    if line.figures.variance > 0 and line.needs_explanation:
        return
    if figs.variance > 0 and figs.needs_explanation(team.budget_threshold_pct):
        money = _money(team, figs.projection), _money(team, figs.plan)
        alerts.budget_over_threshold(team, area, line.line, *money, user)


def _bump(cell: BudgetAmount, base_version: int, amount: int | None, user: User) -> bool:
    """One UPDATE ... WHERE version = base: of two saves at the same instant only one wins."""
    result = db.session.execute(
        sa.update(BudgetAmount)
        .where(BudgetAmount.id == cell.id, BudgetAmount.version == base_version)
        .values(
            amount=amount,
            version=BudgetAmount.version + 1,
            updated_by_id=user.id,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(cell)
    return True


def explain(team: Team, area: Area, line: BudgetLine, driver: str, action: str, user: User):
    """The short explanation a line off its plan asks for: what drives it, what is done."""
    for key, value in (("driver", driver.strip()), ("action", action.strip())):
        record_change(
            area, "budget", "line", line.id, f"{line.name} · {key}", getattr(line, key), value, user
        )
        setattr(line, key, value)
    note_activity(team, area, LABEL, f"explained {line.name}", user)


# -- CSV --------------------------------------------------------------------------------------

FIXED_COLUMNS = ["Line", "Category", "Kind"]


def to_csv(budget: Budget) -> str:
    """Lines × months: a planned and an actual row per line, amounts as plain numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*FIXED_COLUMNS, *(f"{m:%Y-%m}" for m in budget.year.months)])
    currency = budget.team.currency
    for line in budget.lines:
        for kind in KINDS:
            amounts = [line.amount(m, kind) for m in budget.year.months]
            writer.writerow(
                [
                    _safe(line.line.name),
                    _safe(line.line.category),
                    kind.label,
                    *("" if a is None else plain_amount(a, currency) for a in amounts),
                ]
            )
    return out.getvalue()


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass
class Upload:
    """A CSV read against the budget: row errors, or the changes it would make."""

    errors: list[str]
    changes: list[tuple[Line, date, str, int | None, int | None]]  # line, month, kind, old, new
    text: str = ""  # the file as read

    @property
    def versions(self) -> str:
        """The version of each amount it changes, as previewed: "cell:version,…" (the
        confirmation carries it, so an amount changed since the preview is not overwritten)."""
        cells = (line.cells[(month, kind)] for line, month, kind, _, _ in self.changes)
        return ",".join(f"{cell.id}:{cell.version}" for cell in cells)


def previewed_versions(text: str) -> dict[int, int]:
    """`Upload.versions` read back; anything malformed reads as nothing previewed."""
    try:
        return dict(tuple(map(int, pair.split(":"))) for pair in text.split(",") if pair)
    except ValueError:
        return {}


def read_csv(budget: Budget, text: str) -> Upload:
    """Check a whole file before anything is saved; each error names its row and column."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        return Upload([gettext("The file is empty.")], [], text)
    header = [h.strip() for h in rows[0]]
    months = {f"{m:%Y-%m}": m for m in budget.year.months}
    errors = []
    if header[:3] != FIXED_COLUMNS:
        errors.append(
            gettext(
                "Row 1: the first columns must be Line, Category, Kind (download the CSV to see)."
            )
        )
        return Upload(errors, [], text)
    for column in header[3:]:
        if column not in months:
            errors.append(
                gettext(
                    "Row 1, column “%(column)s”: not a month of this fiscal year.", column=column
                )
            )
    lines = {line.line.name: line for line in budget.lines}
    kinds = {k.label.lower(): k for k in KINDS}
    changes, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[0].strip().removeprefix("'") if row else ""
        line = lines.get(name)
        kind = kinds.get(row[2].strip().lower()) if len(row) > 2 else None
        if line is None:
            errors.append(
                gettext(
                    "Row %(row)d, column Line: no budget line called “%(name)s”.",
                    row=number,
                    name=name,
                )
            )
            continue
        if kind is None:
            errors.append(gettext("Row %(row)d, column Kind: write Planned or Actual.", row=number))
            continue
        if (name, kind) in seen:
            errors.append(
                gettext(
                    "Row %(row)d: %(name)s (%(kind)s) appears twice.",
                    row=number,
                    name=name,
                    kind=kind.label,
                )
            )
            continue
        seen.add((name, kind))
        for column, text_amount in zip(header[3:], row[3:], strict=False):
            if column not in months:
                continue
            try:
                new = parse_amount(text_amount, budget.team.currency)
            except AmountError as error:
                errors.append(f"Row {number}, column {column}: {error}")
                continue
            if kind == AmountKind.PLANNED and new is None:
                new = 0
            old = line.amount(months[column], kind)
            if old != new:
                changes.append((line, months[column], kind, old, new))
    return Upload(errors, [] if errors else changes, text)


def apply_upload(
    budget: Budget, upload: Upload, previewed: dict[int, int], user: User
) -> list[str]:
    """Save a checked upload's changes, each into the history, unless an amount changed since
    it was previewed (`previewed`: cell id → version): then the amounts that did, by name,
    and the caller rolls back and previews again."""
    changed_since = []
    for line, month, kind, old, new in upload.changes:
        cell = line.cells[(month, kind)]
        if not _bump(cell, previewed.get(cell.id, -1), new, user):
            changed_since.append(f"{line.line.name} · {kind} {format_month(month)}")
            continue
        record_change(
            budget.area,
            "budget",
            "amount",
            cell.id,
            f"{line.line.name} · {kind} {format_month(month)}",
            _money(budget.team, old),
            _money(budget.team, new),
            user,
        )
    if upload.changes and not changed_since:
        note_activity(budget.team, budget.area, LABEL, "uploaded a CSV", user)
    return changed_since


# -- the chart ------------------------------------------------------------------------------

# LEFT: room for the top amount (a phone's text is larger); RIGHT: for the last month's name.
HEIGHT, RIGHT, BOTTOM = 240, 24, 30
LEFT = {CHART_WIDTH: 80, NARROW_WIDTH: 100}


def chart(budget: Budget, width: int = CHART_WIDTH) -> dict:
    """Cumulative planned, actual (closed months) and projected spend, as SVG points; a
    narrow chart names every other month, for room."""
    months = budget.year.months
    planned = [
        sum(line.amount(m, AmountKind.PLANNED) or 0 for line in budget.lines) for m in months
    ]
    actual = [sum(line.amount(m, AmountKind.ACTUAL) or 0 for line in budget.lines) for m in months]
    closed = budget.year.closed
    plan_cum = rules.cumulative(planned)
    actual_cum = rules.cumulative(actual[:closed])
    spent = actual_cum[-1] if actual_cum else 0
    projected_cum = [spent + v for v in rules.cumulative(planned[closed:])]
    top = max([*plan_cum, *projected_cum, *actual_cum, 1])
    left = LEFT[width]

    def x(i: int) -> float:
        return round(left + (width - left - RIGHT) * (i + 1) / 12, 1)

    def y(v: int) -> float:
        return round(10 + (HEIGHT - BOTTOM - 10) * (1 - v / top), 1)

    def points(values: list[int], start: int = 0) -> str:
        return " ".join(f"{x(start + i)},{y(v)}" for i, v in enumerate(values))

    start_projection = [spent] if closed else []
    return {
        "width": width,
        "height": HEIGHT,
        "left": left,
        "right": width - RIGHT,
        "baseline": HEIGHT - BOTTOM,
        "planned": points(plan_cum),
        "actual": points(actual_cum),
        "projected": points([*start_projection, *projected_cum], closed - 1 if closed else 0),
        "top": top,
        "top_y": y(top),
        "months": [
            (x(i), format_month(m, with_year=False))
            for i, m in enumerate(months)
            if width == CHART_WIDTH or i % 2 == 0
        ],
    }
