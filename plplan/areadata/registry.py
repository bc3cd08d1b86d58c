"""The kinds of working data an area can carry: one entry each, in the order the area page
shows them. The area page, the module switches and the grid's signals all loop over this."""

from collections.abc import Callable
from dataclasses import dataclass

from plplan.areadata import budget, comms, kpis
from plplan.formatting import lazy_gettext


@dataclass(frozen=True)
class ModuleKind:
    kind: str  # an AreaModule.kind (plplan.models.areadata.MODULE_KINDS)
    label: str
    template: str  # included on the area page; it gets `section` (an areadata.services.Section)
    # The section's data for one area: load(section_context) -> anything the template reads.
    load: Callable
    # Signals for many areas at once, in a constant number of queries:
    # signals(team, area_ids) -> {area_id: short text such as "over budget"}; quiet areas absent.
    signals: Callable
    # Optional: what needs this member's attention (My responsibilities, the team home), in
    # one query: attention(membership) -> list (empty: nothing shown); the list is `due` in
    # attention_template.
    attention: Callable | None = None
    attention_template: str | None = None


MODULES: dict[str, ModuleKind] = {
    entry.kind: entry
    for entry in [
        ModuleKind(
            budget.KIND, budget.LABEL, "areadata/budget_section.html", budget.load, budget.signals
        ),
        ModuleKind(kpis.KIND, kpis.LABEL, "areadata/kpis_section.html", kpis.load, kpis.signals),
        ModuleKind(
            "comms",
            lazy_gettext("Communication plan"),
            "areadata/comms_section.html",
            comms.load,
            comms.signals,
            attention=comms.due_for,
            attention_template="areadata/comms_attention.html",
        ),
    ]
}
