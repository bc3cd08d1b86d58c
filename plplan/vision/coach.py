"""The completeness coach: what a strong plan still lacks, each with a link to where to fix it.

It reads the plan as its snapshot (what publishing would store, so a blank row does not count
as content) section by section, in page order, and the live rows for row-level advice (their
inputs are where the links go). A section added to `parts.SECTIONS` is checked for being
empty without a change here.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext

from plplan.formatting import lazy_gettext, plural
from plplan.models import PlanItem, PlanPublication, utcnow
from plplan.vision.parts import (
    FIELDS,
    ROW_KINDS,
    SECTIONS,
    Section,
    empty,
    is_blank,
    read,
    slot,
)

VISION_MAX_WORDS = 35
STALE_AFTER = timedelta(days=90)

# A need names a problem ("shoppers abandon slow checkouts"); these read like a solution.
_FEATURE_START = re.compile(
    r"^\s*(add|build|create|implement|launch|ship|integrate|enable|provide|offer|support|"
    r"allow|let|make|a|an)\b",
    re.IGNORECASE,
)
_FEATURE_WORDS = re.compile(
    r"\b(feature|button|dashboard|integration|app|api|widget|toggle|setting)s?\b",
    re.IGNORECASE,
)

# What to say when a section is still empty; any other section gets "<Title> is empty."
_EMPTY = {
    "vision": lazy_gettext("Write a vision statement."),
    "mission": lazy_gettext("Write the mission: what the team does to get there."),
    "positioning": lazy_gettext("Fill in the positioning statement."),
    "target_group": lazy_gettext("Name the target group."),
    "needs": lazy_gettext("Name the needs: the problems the product solves."),
    "product": lazy_gettext("List the few key features that set the product apart."),
    "business_goals": lazy_gettext("Add a measurable business goal."),
    "pillars": lazy_gettext("Add a strategic pillar and the metric it moves."),
    "north_star": lazy_gettext("Choose a North Star metric, with its current value and target."),
    "non_goals": lazy_gettext("Say what the team deliberately won't do (non-goals)."),
    "pmf": lazy_gettext("No product-market fit evidence is validated yet."),
    "roadmap": lazy_gettext("Add roadmap themes for now, next and later."),
}

# Row kind, what it lacks (given its values), the advice, the column to go to, the row's name.
_ROW_CHECKS = (
    (
        "need",
        lambda v: reads_like_a_feature(v.get("text", "")),
        lazy_gettext("“%(row)s” reads like a feature; describe the problem it solves."),
        "text",
        "text",
    ),
    (
        "business_goal",
        lambda v: not re.search(r"\d", v.get("text", "")),
        lazy_gettext("Business goal “%(row)s” has no number."),
        "text",
        "text",
    ),
    (
        "pillar",
        lambda v: not v.get("metric", "").strip(),
        lazy_gettext("Pillar “%(row)s” has no metric."),
        "metric",
        "title",
    ),
    (
        "pmf",
        lambda v: v.get("status") == "validated" and not v.get("evidence", "").strip(),
        lazy_gettext("“%(row)s” is marked validated but names no evidence."),
        "evidence",
        "hypothesis",
    ),
    (
        "theme",
        lambda v: not v.get("goal", "").strip(),
        lazy_gettext("Roadmap theme “%(row)s” serves no goal."),
        "goal",
        "title",
    ),
)


@dataclass(frozen=True)
class Advice:
    message: str
    anchor: str  # the id of the input (or section) to go to


def reads_like_a_feature(need: str) -> bool:
    return bool(need.strip()) and bool(_FEATURE_START.search(need) or _FEATURE_WORDS.search(need))


def advise(
    snapshot: dict,
    rows: dict[str, list[PlanItem]],
    publication: PlanPublication | None,
    now: datetime | None = None,
) -> list[Advice]:
    """Everything the plan still lacks, in page order; then blank rows and publishing."""
    advice = []
    for section in SECTIONS:
        value = read(snapshot, section)
        if _is_empty(section, value):
            message = _EMPTY.get(section.key) or gettext(
                "%(section)s is empty.", section=section.title
            )
            advice.append(Advice(str(message), _anchor(section)))
            continue
        advice += _section_advice(section, value)
        if section.row_kind:
            advice += _row_advice(section.row_kind, rows[section.row_kind])
    advice += _blank_rows(rows)
    advice += _publishing(publication, now or utcnow())
    return advice


def _is_empty(section: Section, value) -> bool:
    if section.shape == "positioning":
        return not value.get("sentence")
    if section.key == "pmf":  # evidence counts once something is validated
        return not any(row.get("status") == "validated" for row in value)
    return value == empty(section)


def _section_advice(section: Section, value) -> list[Advice]:
    """What a section with something in it may still lack."""
    if section.key == "vision":
        words = len(value.split())
        if words > VISION_MAX_WORDS:
            message = gettext(
                "The vision statement has %(words)d words; aim for %(most)d or fewer.",
                words=words,
                most=VISION_MAX_WORDS,
            )
            return [Advice(message, "in-vision")]
    if section.shape == "positioning":
        missing = [name for name in section.fields if not value.get(slot(name))]
        if missing:
            slots = plural(len(missing), "slot", "slots")
            message = gettext("The positioning statement has %(slots)s to fill.", slots=slots)
            return [Advice(message, f"in-{missing[0]}")]
    if section.shape == "north_star":
        missing = [name for name in ("ns_name", "ns_current", "ns_target") if not value[slot(name)]]
        if missing:
            labels = " and ".join(FIELDS[name].label.lower() for name in missing)
            message = gettext("The North Star has no %(labels)s yet.", labels=labels)
            return [Advice(message, f"in-{missing[0]}")]
    return []


def _row_advice(kind: str, items: list[PlanItem]) -> list[Advice]:
    return [
        Advice(
            message % {"row": _short(item.values.get(name_column, ""))}, f"in-{item.id}-{column}"
        )
        for row_kind, is_lacking, message, column, name_column in _ROW_CHECKS
        if row_kind == kind
        for item in items
        if not is_blank(ROW_KINDS[kind], item.values) and is_lacking(item.values)
    ]


def _blank_rows(rows: dict[str, list[PlanItem]]) -> list[Advice]:
    """Rows added and never typed in are not part of the plan; one line says so."""
    blank = [
        item
        for kind, items in rows.items()
        for item in items
        if is_blank(ROW_KINDS[kind], item.values)
    ]
    if not blank:
        return []
    where = ", ".join(sorted({ROW_KINDS[item.kind].many.lower() for item in blank}))
    count = plural(len(blank), "blank row", "blank rows")
    message = gettext(
        "%(count)s (%(where)s): type in them or remove them; they are not part of the plan.",
        count=count,
        where=where,
    )
    return [Advice(message, f"r-{blank[0].id}")]


def _publishing(publication: PlanPublication | None, now: datetime) -> list[Advice]:
    if publication is None:
        return [Advice(gettext("Not published yet: viewers see nothing."), "publish")]
    if now - publication.published_at > STALE_AFTER:
        days = (now - publication.published_at).days
        message = gettext("Not published for %(days)s.", days=plural(days, "day", "days"))
        return [Advice(message, "publish")]
    return []


def _anchor(section: Section) -> str:
    """Where an empty section's advice goes: its first input, or the section itself."""
    return f"in-{section.fields[0]}" if section.fields else f"s-{section.key}"


def _short(text: str, limit: int = 40) -> str:
    text = text.strip() or gettext("untitled")
    return text if len(text) <= limit else text[: limit - 1] + "…"
