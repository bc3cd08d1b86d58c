"""What a plan is made of: its sections, scalar fields and row kinds, and how input is checked.

The section list is the one description of a plan: its editors, where each section sits in a
snapshot, its shape, how it reads and where the one-pager prints it. Snapshots, change markers,
the read-only view, the one-pager and the Markdown all loop over it, so a section added here
appears everywhere, and plans (or publications) older than it read it as empty.

Pure data and functions, no database: the services, views and templates all read this.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext

from plplan.formatting import lazy_gettext


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
    short: str = ""  # its name where the plan is read ("Moves: ..."); the label otherwise

    @property
    def default(self) -> str:
        return self.choices[0][0] if self.choices else ""

    @property
    def read_label(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class RowKind:
    """A kind of row (a need, a pillar...): its columns and the section it belongs to."""

    name: str
    section: str
    label: str
    columns: tuple[Spec, ...]
    add_label: str
    plural_label: str = ""  # when adding "s" is wrong ("Hypotheses")

    @property
    def many(self) -> str:
        """The label for several of them: "Pillars", "Hypotheses"."""
        return self.plural_label or self.label + "s"

    @property
    def title_column(self) -> str:
        return self.columns[0].name if self.columns[0].widget != "choice" else self.columns[1].name

    @property
    def group_column(self) -> Spec:
        """The first choice column: what a "horizons" layout groups the rows by."""
        return next(column for column in self.columns if column.widget == "choice")

    @property
    def detail_columns(self) -> tuple[Spec, ...]:
        """The columns a row shows under its title (choices and the title itself aside)."""
        return tuple(
            c for c in self.columns if c.widget != "choice" and c.name != self.title_column
        )


SHAPES = ("text", "list", "rows", "north_star", "positioning")
LAYOUTS = ("numbered", "evidence", "horizons")  # how rows read
STYLES = ("lead", "inline", "box")  # how a section prints on the one-pager and in Markdown


@dataclass(frozen=True)
class Section:
    """One section of a plan: its editors, its place and shape in a snapshot, how it reads.

    `shape` says what its snapshot value is: "text" (its one field), "list" (the title of each
    row), "rows" (each row's columns), "north_star" and "positioning" (its fields as a dict).
    `at` is its place in a snapshot (its key by default). Rows read as `layout`: "numbered"
    (title, then the other columns), "evidence" (the hypothesis table) or "horizons" (grouped by
    the first choice column). `one_pager` names the one-pager block it prints in (empty: not
    printed) and `style` how: "lead" opens the block, "inline" runs in the block's flow
    untitled (a text as a labelled line, left out when empty), "box" has its own title.
    """

    key: str
    title: str
    group: str
    fields: tuple[str, ...] = ()
    row_kind: str | None = None
    hint: str = ""
    shape: str = "text"
    at: tuple[str, ...] = ()
    layout: str = "numbered"
    one_pager: str = ""
    style: str = "box"

    def __post_init__(self):
        if self.shape not in SHAPES or self.layout not in LAYOUTS or self.style not in STYLES:
            raise ValueError(f"Section {self.key}: unknown shape, layout or style")

    @property
    def path(self) -> tuple[str, ...]:
        return self.at or (self.key,)


PMF_AREAS = (
    ("value", lazy_gettext("Value")),
    ("usability", lazy_gettext("Usability")),
    ("feasibility", lazy_gettext("Feasibility")),
    ("viability", lazy_gettext("Viability")),
)
PMF_STATUSES = (
    ("untested", lazy_gettext("Untested")),
    ("validated", lazy_gettext("Validated")),
    ("invalidated", lazy_gettext("Invalidated")),
)
HORIZONS = (
    ("now", lazy_gettext("Now")),
    ("next", lazy_gettext("Next")),
    ("later", lazy_gettext("Later")),
)

# Each slot of the positioning statement: its label and the example its empty input shows.
POSITIONING = {
    "target_customer": (
        lazy_gettext("For (target customer)"),
        lazy_gettext("e.g. online shoppers"),
    ),
    "need": (lazy_gettext("Who (statement of need)"), lazy_gettext("e.g. abandon slow checkouts")),
    "product_name": (lazy_gettext("Our product"), lazy_gettext("e.g. One-tap checkout")),
    "category": (lazy_gettext("Is a (product category)"), lazy_gettext("e.g. payment experience")),
    "key_benefit": (lazy_gettext("That (key benefit)"), lazy_gettext("e.g. pays in one tap")),
    "alternative": (lazy_gettext("Unlike (main alternative)"), lazy_gettext("e.g. card forms")),
    "differentiator": (
        lazy_gettext("Our product (differentiator)"),
        lazy_gettext("e.g. remembers you"),
    ),
}
POSITIONING_SLOTS = tuple(POSITIONING)
NORTH_STAR_PARTS = ("name", "unit", "current", "target", "by_when")

FIELDS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        Spec(
            "vision",
            lazy_gettext("Vision statement"),
            "textarea",
            2000,
            hint=lazy_gettext("One or two sentences: the change you want to see in the world."),
        ),
        Spec(
            "mission",
            lazy_gettext("Mission"),
            "textarea",
            2000,
            hint=lazy_gettext("What the team does to get there."),
        ),
        *(
            Spec(f"pos_{slot}", label, placeholder=example)
            for slot, (label, example) in POSITIONING.items()
        ),
        Spec(
            "target_group",
            lazy_gettext("Target group"),
            "textarea",
            1000,
            hint=lazy_gettext("Who are the users and customers? Be specific."),
        ),
        Spec(
            "ns_name",
            lazy_gettext("North Star metric"),
            placeholder=lazy_gettext("e.g. Weekly completed checkouts"),
        ),
        Spec(
            "ns_unit",
            lazy_gettext("Unit"),
            max_length=40,
            placeholder=lazy_gettext("e.g. checkouts"),
        ),
        Spec("ns_current", lazy_gettext("Current value"), "number", 40),
        Spec("ns_target", lazy_gettext("Target"), "number", 40),
        Spec("ns_by_when", lazy_gettext("By when"), "date", 40),
        Spec(
            "non_goals",
            lazy_gettext("Non-goals"),
            "textarea",
            2000,
            hint=lazy_gettext("What you deliberately won't do, so nobody has to ask."),
        ),
    ]
}

ROW_KINDS: dict[str, RowKind] = {
    kind.name: kind
    for kind in [
        RowKind(
            "need",
            "needs",
            lazy_gettext("Need"),
            (Spec("text", lazy_gettext("Need"), "textarea", 500),),
            lazy_gettext("Add a need"),
        ),
        RowKind(
            "product",
            "product",
            lazy_gettext("Feature"),
            (Spec("text", lazy_gettext("Feature"), "textarea", 500),),
            lazy_gettext("Add a feature"),
        ),
        RowKind(
            "business_goal",
            "business_goals",
            lazy_gettext("Business goal"),
            (Spec("text", lazy_gettext("Business goal"), "textarea", 500),),
            lazy_gettext("Add a business goal"),
        ),
        RowKind(
            "pillar",
            "pillars",
            lazy_gettext("Pillar"),
            (
                Spec("title", lazy_gettext("Pillar")),
                Spec("rationale", lazy_gettext("Rationale"), "textarea", 1000),
                Spec("metric", lazy_gettext("Metric it moves"), short=lazy_gettext("Moves")),
            ),
            lazy_gettext("Add a pillar"),
        ),
        RowKind(
            "pmf",
            "pmf",
            lazy_gettext("Hypothesis"),
            (
                Spec("area", lazy_gettext("Risk area"), "choice", choices=PMF_AREAS),
                Spec("hypothesis", lazy_gettext("Hypothesis"), "textarea", 1000),
                Spec("evidence", lazy_gettext("Evidence"), "textarea", 1000),
                Spec("status", lazy_gettext("Status"), "choice", choices=PMF_STATUSES),
                Spec("note", lazy_gettext("Note")),
            ),
            lazy_gettext("Add a hypothesis"),
            plural_label=lazy_gettext("Hypotheses"),
        ),
        RowKind(
            "theme",
            "roadmap",
            lazy_gettext("Theme"),
            (
                Spec("horizon", lazy_gettext("Horizon"), "choice", choices=HORIZONS),
                Spec("title", lazy_gettext("Theme")),
                Spec("goal", lazy_gettext("Goal it serves"), short=lazy_gettext("Goal")),
                Spec("metric", lazy_gettext("Metric")),
            ),
            lazy_gettext("Add a theme"),
        ),
    ]
}

SECTIONS: list[Section] = [
    Section(
        "vision",
        lazy_gettext("Vision"),
        lazy_gettext("Vision and mission"),
        fields=("vision",),
        one_pager="vision",
        style="lead",
    ),
    Section(
        "mission",
        lazy_gettext("Mission"),
        lazy_gettext("Vision and mission"),
        fields=("mission",),
        one_pager="vision",
        style="inline",
    ),
    Section(
        "positioning",
        lazy_gettext("Positioning statement"),
        lazy_gettext("Vision and mission"),
        fields=tuple(f"pos_{slot}" for slot in POSITIONING_SLOTS),
        hint=lazy_gettext("Fill the slots; the statement below reads as one sentence."),
        shape="positioning",
        one_pager="vision",
    ),
    Section(
        "target_group",
        lazy_gettext("Target group"),
        lazy_gettext("Vision board"),
        fields=("target_group",),
        at=("board", "target_group"),
        one_pager="board",
    ),
    Section(
        "needs",
        lazy_gettext("Needs"),
        lazy_gettext("Vision board"),
        row_kind="need",
        hint=lazy_gettext("Problems to solve, not features."),
        shape="list",
        at=("board", "needs"),
        one_pager="board",
    ),
    Section(
        "product",
        lazy_gettext("Product"),
        lazy_gettext("Vision board"),
        row_kind="product",
        hint=lazy_gettext("The few key features that set it apart."),
        shape="list",
        at=("board", "product"),
        one_pager="board",
    ),
    Section(
        "business_goals",
        lazy_gettext("Business goals"),
        lazy_gettext("Vision board"),
        row_kind="business_goal",
        hint=lazy_gettext("Measurable: give each a number."),
        shape="list",
        at=("board", "business_goals"),
        one_pager="board",
    ),
    Section(
        "pillars",
        lazy_gettext("Strategic pillars"),
        lazy_gettext("Strategy"),
        row_kind="pillar",
        shape="rows",
        at=("strategy", "pillars"),
        one_pager="strategy",
        style="inline",
    ),
    Section(
        "north_star",
        lazy_gettext("North Star metric"),
        lazy_gettext("Strategy"),
        fields=tuple(f"ns_{part}" for part in NORTH_STAR_PARTS),
        shape="north_star",
        at=("strategy", "north_star"),
        one_pager="strategy",
        style="lead",
    ),
    Section(
        "non_goals",
        lazy_gettext("Non-goals"),
        lazy_gettext("Strategy"),
        fields=("non_goals",),
        at=("strategy", "non_goals"),
        one_pager="strategy",
        style="inline",
    ),
    Section(
        "pmf",
        lazy_gettext("Product-market fit evidence"),
        lazy_gettext("Product-market fit"),
        row_kind="pmf",
        hint=lazy_gettext("Hypotheses and the evidence for them, across the four risks."),
        shape="rows",
        layout="evidence",
    ),
    Section(
        "roadmap",
        lazy_gettext("Roadmap themes"),
        lazy_gettext("Roadmap"),
        row_kind="theme",
        hint=lazy_gettext("Goal-oriented themes in three horizons."),
        shape="rows",
        layout="horizons",
        one_pager="roadmap",
        style="inline",
    ),
]
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_OF_FIELD = {name: s.key for s in SECTIONS for name in s.fields}


def add_section(section: Section, fields: tuple[Spec, ...] = (), row_kind: RowKind | None = None):
    """Make `section` (with its new fields or row kind) part of every plan, old ones included.

    It goes last in its group (or last of all, in a new group). The lists are changed in place,
    so every module that imported them sees it.
    """
    FIELDS.update({spec.name: spec for spec in fields})
    if row_kind is not None:
        ROW_KINDS[row_kind.name] = row_kind
    same_group = [n for n, s in enumerate(SECTIONS) if s.group == section.group]
    SECTIONS.insert(same_group[-1] + 1 if same_group else len(SECTIONS), section)
    SECTIONS_BY_KEY[section.key] = section
    SECTION_OF_FIELD.update({name: section.key for name in section.fields})


def remove_section(key: str) -> None:
    """Undo `add_section` (the section's fields and row kind go with it)."""
    section = SECTIONS_BY_KEY.pop(key)
    SECTIONS.remove(section)
    for name in section.fields:
        del FIELDS[name], SECTION_OF_FIELD[name]
    if section.row_kind:
        del ROW_KINDS[section.row_kind]


def slot(field_name: str) -> str:
    """A field's key inside its section's dict: "pos_need" → "need", "ns_by_when" → "by_when"."""
    return field_name.split("_", 1)[1]


def empty(section: Section) -> Any:
    """What a section reads as before anything is written (or in a snapshot older than it)."""
    if section.shape == "text":
        return ""
    if section.shape in ("list", "rows"):
        return []
    values = {slot(name): "" for name in section.fields}
    return {**values, "sentence": ""} if section.shape == "positioning" else values


def read(snapshot: dict, section: Section) -> Any:
    """The section's value in `snapshot`; empty when the snapshot is older than the section."""
    value: Any = snapshot
    for key in section.path:
        if not isinstance(value, dict) or key not in value:
            return empty(section)
        value = value[key]
    return value


def place(snapshot: dict, section: Section, value: Any) -> None:
    """Put a section's value where it sits in `snapshot` (in place)."""
    *parents, last = section.path
    for key in parents:
        snapshot = snapshot.setdefault(key, {})
    snapshot[last] = value


def row_groups(kind: RowKind, rows: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """Rows by the value of the kind's group column (roadmap themes by horizon), in its order:
    (value, label, rows) for every choice, even one without rows."""
    column = kind.group_column
    return [
        (value, label, [row for row in rows if row.get(column.name) == value])
        for value, label in column.choices
    ]


def on_one_pager(block: str) -> list[Section]:
    """The sections a one-pager block prints, in page order."""
    return [section for section in SECTIONS if section.one_pager == block]


def groups() -> list[tuple[str, list[Section]]]:
    """The sections grouped under their headings, in page order."""
    result: list[tuple[str, list[Section]]] = []
    for section in SECTIONS:
        if not result or result[-1][0] != section.group:
            result.append((section.group, []))
        result[-1][1].append(section)
    return result


def normalized(raw: str | None) -> str:
    """Text as it is stored: Unix line ends, no surrounding space."""
    return (raw or "").replace("\r\n", "\n").strip()


def clean(spec: Spec, raw: str | None) -> tuple[str, str | None]:
    """The stored form of `raw` for `spec`, and an error message or None.

    A one-line input wraps as it grows, so a pasted line break becomes a space."""
    value = normalized(raw)
    if spec.widget == "text":
        value = re.sub(r"\s*\n\s*", " ", value)
    if len(value) > spec.max_length:
        return value, gettext(
            "Keep it under %(most)d characters (now %(now)d).", most=spec.max_length, now=len(value)
        )
    if spec.widget == "choice" and value not in dict(spec.choices):
        return value, gettext("Choose one of the options.")
    if spec.widget == "number" and value and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return value, gettext("Enter a number, like 1200 or 4.5.")
    if spec.widget == "date" and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            return value, gettext("Enter a date as YYYY-MM-DD.")
    return value, None


def clean_all(specs, form) -> tuple[dict[str, str], dict[str, str]]:
    """Clean every spec's input from `form`: (values, errors by name)."""
    values, errors = {}, {}
    for spec in specs:
        values[spec.name], error = clean(spec, form.get(spec.name))
        if error:
            errors[spec.name] = error
    return values, errors


def is_blank(kind: RowKind, values: dict) -> bool:
    """A row with nothing typed in it (its choices aside): not part of the plan yet."""
    return not any(
        values.get(column.name, "").strip() for column in kind.columns if column.widget != "choice"
    )


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
    return str(dict(spec.choices).get(value, value))
