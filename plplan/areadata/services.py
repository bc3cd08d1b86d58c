"""Area data across modules: which areas carry which data, team settings, the area page's
sections and the grid's signals."""

from dataclasses import dataclass

import sqlalchemy as sa

from plplan.activity import record_activity
from plplan.areadata.defaults import DEFAULT_MODULES
from plplan.areadata.history import record_change
from plplan.areadata.registry import MODULES, ModuleKind
from plplan.authz import may_edit_area_data, may_read_area_module
from plplan.extensions import db
from plplan.formatting import CURRENCIES, MONTH_NAMES
from plplan.models import Area, AreaModule, Membership, Team


def seed_default_modules(team: Team) -> None:
    """Switch on the seeded areas' data (budget management → budget, ...); the caller commits."""
    db.session.flush()
    seeded = db.session.execute(
        sa.select(Area.id, Area.name).where(
            Area.team_id == team.id, Area.name.in_(list(DEFAULT_MODULES))
        )
    )
    for area_id, name in seeded:
        db.session.add(AreaModule(area_id=area_id, kind=DEFAULT_MODULES[name]))


def set_modules(team: Team, area: Area, wanted: dict[str, bool | None]) -> list[str]:
    """Switch modules on or off and set their visibility to viewers: `wanted` maps a kind to
    None (off) or whether viewers see it. The data of a module switched off is kept and comes
    back when it is switched on again. Returns what changed, as phrases for the feed."""
    current = {m.kind: m for m in area.modules}
    changed = []
    for kind, visible in wanted.items():
        label = MODULES[kind].label
        module = current.get(kind)
        if visible is None and module is not None:
            db.session.delete(module)
            changed.append(f"switched off {label.lower()}")
        elif visible is not None and module is None:
            db.session.add(AreaModule(area_id=area.id, kind=kind, visible_to_viewers=visible))
            changed.append(f"switched on {label.lower()}")
        elif module is not None and module.visible_to_viewers != visible:
            module.visible_to_viewers = visible
            changed.append(f"{'showed' if visible else 'hid'} {label.lower()} to viewers")
        else:
            continue
        record_change(area, kind, "module", None, "state", _state(module), _state_of(visible))
    if changed:
        record_activity(team, "updated", "area", f"{', '.join(changed)} for {area.name}", area.id)
    return changed


def _state_of(visible: bool | None) -> str:
    return "off" if visible is None else ("on, visible to viewers" if visible else "on")


def _state(module: AreaModule | None) -> str:
    return _state_of(None if module is None else module.visible_to_viewers)


def set_team_settings(team: Team, currency: str, fiscal_year_start: int, threshold: int) -> None:
    """Currency, fiscal year start and the variance threshold of the team's budgets."""
    if currency not in CURRENCIES or not 1 <= fiscal_year_start <= 12:
        raise ValueError("unknown currency or month")
    wanted = (currency, fiscal_year_start, threshold)
    if (team.currency, team.fiscal_year_start, team.budget_threshold_pct) == wanted:
        return
    team.currency, team.fiscal_year_start, team.budget_threshold_pct = wanted
    record_activity(
        team,
        "changed",
        "team",
        f"set area data to {currency}, fiscal year from {MONTH_NAMES[fiscal_year_start - 1]}, "
        f"variance threshold {threshold}%",
        team.id,
    )


# -- the area page and the grid ---------------------------------------------------------------


@dataclass
class SectionContext:
    """What a module's loader gets: who asks, about which area, and whether they may edit."""

    membership: Membership
    team: Team
    area: Area
    module: AreaModule
    can_edit: bool


@dataclass
class Section:
    kind: ModuleKind
    context: SectionContext
    data: object


def sections(membership: Membership, area: Area) -> list[Section]:
    """The area's switched-on modules this member may read, each with its loaded data.

    `area` must have been loaded with its modules (joinedload(Area.modules)).
    """
    readable = {
        m.kind: m for m in area.modules if may_read_area_module(membership, m.visible_to_viewers)
    }
    if not readable:
        return []
    can_edit = may_edit_area_data(membership, area)
    found = []
    for kind in MODULES.values():
        if kind.kind in readable:
            context = SectionContext(
                membership, membership.team, area, readable[kind.kind], can_edit
            )
            found.append(Section(kind, context, kind.load(context)))
    return found


@dataclass(frozen=True)
class Signal:
    kind: str
    text: str


def area_signals(membership: Membership, areas: list[Area]) -> dict[int, list[Signal]]:
    """Area id → its modules' signals this member may see; one query per kind in use.

    `areas` must have been loaded with their modules.
    """
    by_kind: dict[str, list[int]] = {}
    for area in areas:
        for module in area.modules:
            if module.kind in MODULES and may_read_area_module(
                membership, module.visible_to_viewers
            ):
                by_kind.setdefault(module.kind, []).append(area.id)
    found: dict[int, list[Signal]] = {}
    for kind in MODULES.values():
        if kind.kind in by_kind:
            for area_id, text in kind.signals(membership.team, by_kind[kind.kind]).items():
                found.setdefault(area_id, []).append(Signal(kind.kind, text))
    return found


@dataclass(frozen=True)
class Attention:
    kind: ModuleKind
    due: list


def attention(membership: Membership) -> list[Attention]:
    """What the member's modules ask of them (one query per kind with an attention hook)."""
    found = []
    for kind in MODULES.values():
        if kind.attention is not None:
            due = kind.attention(membership)
            if due:
                found.append(Attention(kind, due))
    return found
