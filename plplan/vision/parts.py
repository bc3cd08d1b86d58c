"""What a plan is made of: its sections, scalar fields and row kinds, and how input is checked.

Pure data and functions, no database: the services, views and templates all read this.
"""

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Spec:
    """One input: a scalar field of the plan, or a column of a row."""

    name: str
    label: str
    widget: str = "text"  # text | textarea | choice | number | date
    max_length: int = 500
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    placeholder: str = ""

    @property
    def default(self) -> str:
        return self.choices[0][0] if self.choices else ""


@dataclass(frozen=True)
class RowKind:
    """A kind of row (a need, a pillar...): its columns and the section it belongs to."""

    name: str
    section: str
    label: str
    columns: tuple[Spec, ...]
    add_label: str

    @property
    def title_column(self) -> str:
        return self.columns[0].name if self.columns[0].widget != "choice" else self.columns[1].name


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    group: str
    fields: tuple[str, ...] = ()
    row_kind: str | None = None
    hint: str = ""


PMF_AREAS = (
    ("value", "Value"),
    ("usability", "Usability"),
    ("feasibility", "Feasibility"),
    ("viability", "Viability"),
)
PMF_STATUSES = (
    ("untested", "Untested"),
    ("validated", "Validated"),
    ("invalidated", "Invalidated"),
)
HORIZONS = (("now", "Now"), ("next", "Next"), ("later", "Later"))

POSITIONING_SLOTS = (
    "target_customer",
    "need",
    "product_name",
    "category",
    "key_benefit",
    "alternative",
    "differentiator",
)
NORTH_STAR_PARTS = ("name", "unit", "current", "target", "by_when")

FIELDS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        Spec(
            "vision",
            "Vision statement",
            "textarea",
            2000,
            hint="One or two sentences: the change you want to see in the world.",
        ),
        Spec("mission", "Mission", "textarea", 2000, hint="What the team does to get there."),
        Spec("pos_target_customer", "For (target customer)", placeholder="online shoppers"),
        Spec("pos_need", "Who (statement of need)", placeholder="abandon slow checkouts"),
        Spec("pos_product_name", "Our product", placeholder="One-tap checkout"),
        Spec("pos_category", "Is a (product category)", placeholder="payment experience"),
        Spec("pos_key_benefit", "That (key benefit)", placeholder="pays in one tap"),
        Spec("pos_alternative", "Unlike (main alternative)", placeholder="card forms"),
        Spec("pos_differentiator", "Our product (differentiator)", placeholder="remembers you"),
        Spec(
            "target_group",
            "Target group",
            "textarea",
            1000,
            hint="Who are the users and customers? Be specific.",
        ),
        Spec("ns_name", "North Star metric", placeholder="Weekly completed checkouts"),
        Spec("ns_unit", "Unit", max_length=40, placeholder="checkouts"),
        Spec("ns_current", "Current value", "number", 40),
        Spec("ns_target", "Target", "number", 40),
        Spec("ns_by_when", "By when", "date", 40),
        Spec(
            "non_goals",
            "Non-goals",
            "textarea",
            2000,
            hint="What you deliberately won't do, so nobody has to ask.",
        ),
    ]
}

ROW_KINDS: dict[str, RowKind] = {
    kind.name: kind
    for kind in [
        RowKind("need", "needs", "Need", (Spec("text", "Need", "textarea", 500),), "Add a need"),
        RowKind(
            "product",
            "product",
            "Feature",
            (Spec("text", "Feature", "textarea", 500),),
            "Add a feature",
        ),
        RowKind(
            "business_goal",
            "business_goals",
            "Business goal",
            (Spec("text", "Business goal", "textarea", 500),),
            "Add a business goal",
        ),
        RowKind(
            "pillar",
            "pillars",
            "Pillar",
            (
                Spec("title", "Pillar"),
                Spec("rationale", "Rationale", "textarea", 1000),
                Spec("metric", "Metric it moves"),
            ),
            "Add a pillar",
        ),
        RowKind(
            "pmf",
            "pmf",
            "Hypothesis",
            (
                Spec("area", "Risk area", "choice", choices=PMF_AREAS),
                Spec("hypothesis", "Hypothesis", "textarea", 1000),
                Spec("evidence", "Evidence", "textarea", 1000),
                Spec("status", "Status", "choice", choices=PMF_STATUSES),
                Spec("note", "Note"),
            ),
            "Add a hypothesis",
        ),
        RowKind(
            "theme",
            "roadmap",
            "Theme",
            (
                Spec("horizon", "Horizon", "choice", choices=HORIZONS),
                Spec("title", "Theme"),
                Spec("goal", "Goal it serves"),
                Spec("metric", "Metric"),
            ),
            "Add a theme",
        ),
    ]
}

SECTIONS: tuple[Section, ...] = (
    Section("vision", "Vision", "Vision and mission", fields=("vision",)),
    Section("mission", "Mission", "Vision and mission", fields=("mission",)),
    Section(
        "positioning",
        "Positioning statement",
        "Vision and mission",
        fields=tuple(f"pos_{slot}" for slot in POSITIONING_SLOTS),
        hint="Fill the slots; the statement below reads as one sentence.",
    ),
    Section("target_group", "Target group", "Vision board", fields=("target_group",)),
    Section(
        "needs", "Needs", "Vision board", row_kind="need", hint="Problems to solve, not features."
    ),
    Section(
        "product",
        "Product",
        "Vision board",
        row_kind="product",
        hint="The few key features that set it apart.",
    ),
    Section(
        "business_goals",
        "Business goals",
        "Vision board",
        row_kind="business_goal",
        hint="Measurable: give each a number.",
    ),
    Section("pillars", "Strategic pillars", "Strategy", row_kind="pillar"),
    Section(
        "north_star",
        "North Star metric",
        "Strategy",
        fields=tuple(f"ns_{part}" for part in NORTH_STAR_PARTS),
    ),
    Section("non_goals", "Non-goals", "Strategy", fields=("non_goals",)),
    Section(
        "pmf",
        "Product-market fit evidence",
        "Product-market fit",
        row_kind="pmf",
        hint="Hypotheses and the evidence for them, across the four risks.",
    ),
    Section(
        "roadmap",
        "Roadmap themes",
        "Roadmap",
        row_kind="theme",
        hint="Goal-oriented themes in three horizons.",
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_OF_FIELD = {name: s.key for s in SECTIONS for name in s.fields}


def groups() -> list[tuple[str, list[Section]]]:
    """The sections grouped under their headings, in page order."""
    result: list[tuple[str, list[Section]]] = []
    for section in SECTIONS:
        if not result or result[-1][0] != section.group:
            result.append((section.group, []))
        result[-1][1].append(section)
    return result


def clean(spec: Spec, raw: str | None) -> tuple[str, str | None]:
    """The stored form of `raw` for `spec`, and an error message or None."""
    value = (raw or "").replace("\r\n", "\n").strip()
    if len(value) > spec.max_length:
        return value, f"Keep it under {spec.max_length} characters (now {len(value)})."
    if spec.widget == "choice" and value not in dict(spec.choices):
        return value, "Choose one of the options."
    if spec.widget == "number" and value and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return value, "Enter a number, like 1200 or 4.5."
    if spec.widget == "date" and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            return value, "Enter a date as YYYY-MM-DD."
    return value, None


def clean_all(specs, form) -> tuple[dict[str, str], dict[str, str]]:
    """Clean every spec's input from `form`: (values, errors by name)."""
    values, errors = {}, {}
    for spec in specs:
        values[spec.name], error = clean(spec, form.get(spec.name))
        if error:
            errors[spec.name] = error
    return values, errors


def empty_row(kind: RowKind) -> dict[str, str]:
    return {column.name: column.default for column in kind.columns}


def positioning_sentence(slots: dict[str, str]) -> str:
    """Geoffrey Moore's statement as one sentence; "" until any slot is filled."""
    if not any(slots.values()):
        return ""

    def slot(name: str) -> str:
        return slots.get(name) or "…"

    return (
        f"For {slot('target_customer')} who {slot('need')}, {slot('product_name')} is a "
        f"{slot('category')} that {slot('key_benefit')}. Unlike {slot('alternative')}, "
        f"our product {slot('differentiator')}."
    )


def choice_label(spec: Spec, value: str) -> str:
    return dict(spec.choices).get(value, value)
