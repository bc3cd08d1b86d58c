"""Revisions of a plan: recording (folded for autosave), the plan as it was, diffs, restore."""

import difflib
import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from plplan.extensions import db
from plplan.formatting import lazy_gettext
from plplan.models import Plan, PlanField, PlanItem, PlanRevision, User, utcnow
from plplan.vision.parts import (
    FIELDS,
    ROW_KINDS,
    SECTION_OF_FIELD,
    SECTIONS,
    SECTIONS_BY_KEY,
    Spec,
    choice_label,
    read,
    slot,
)

# Consecutive saves of one part by one person within this window are one revision.
FOLD_WINDOW = timedelta(minutes=5)
PAGE_SIZE = 50
# Below this similarity a change is shown as a rewrite rather than word by word.
REWRITE_RATIO = 0.4
# A row order revision has one readable field: the numbered titles.
ORDER_SPEC = Spec("order", lazy_gettext("Order"), "textarea")


def record(
    plan: Plan,
    part: str,
    part_kind: str,
    action: str,
    before: dict | None,
    after: dict | None,
    author: User,
) -> PlanRevision:
    """Add a revision, or fold an edit into the author's previous revision of the same part."""
    if action == "edit":
        last = db.session.scalar(
            sa.select(PlanRevision)
            .where(PlanRevision.plan_id == plan.id, PlanRevision.part == part)
            .order_by(PlanRevision.id.desc())
            .limit(1)
        )
        if (
            last is not None
            and last.author_id == author.id
            and last.action in ("add", "edit")
            and utcnow() - last.updated_at < FOLD_WINDOW
        ):
            last.after = after
            last.updated_at = utcnow()
            return last
    revision = PlanRevision(
        plan_id=plan.id,
        part=part,
        part_kind=part_kind,
        action=action,
        before=before,
        after=after,
        author_id=author.id,
    )
    db.session.add(revision)
    return revision


def item_part(item: PlanItem) -> str:
    return f"item:{item.id}"


def order_part(kind: str) -> str:
    """The part that holds the order of a section's rows, e.g. "order:pillar"."""
    return f"order:{kind}"


def order_values(items: list[PlanItem]) -> dict:
    """A row order as stored in a revision: the ids, and the titles as a numbered list to read."""
    if not items:
        return {"ids": [], "order": ""}
    kind = ROW_KINDS[items[0].kind]
    titles = [item.values.get(kind.title_column, "") or "untitled" for item in items]
    lines = [f"{n}. {title}" for n, title in enumerate(titles, start=1)]
    return {"ids": [item.id for item in items], "order": "\n".join(lines)}


def _order_kind(part_kind: str) -> str | None:
    return part_kind.removeprefix("order:") if part_kind.startswith("order:") else None


def part_label(part_kind: str, values: dict | None) -> str:
    """A human name for a part: "Vision statement", "Need: Shoppers abandon…"."""
    if part_kind in FIELDS:
        return str(FIELDS[part_kind].label)
    if ordered := _order_kind(part_kind):
        section = SECTIONS_BY_KEY[ROW_KINDS[ordered].section].title.lower()
        return gettext("Order of %(section)s", section=section)
    kind = ROW_KINDS[part_kind]
    title = (values or {}).get(kind.title_column, "")
    return (
        f"{kind.label}: {title[:60]}{'…' if len(title) > 60 else ''}" if title else str(kind.label)
    )


def part_section(part_kind: str) -> str:
    if part_kind in FIELDS:
        return SECTION_OF_FIELD[part_kind]
    return ROW_KINDS[_order_kind(part_kind) or part_kind].section


def revisions_page(plan: Plan, before_id: int | None = None) -> list[PlanRevision]:
    """The newest revisions (older than `before_id`, when given), with their authors."""
    query = (
        sa.select(PlanRevision)
        .where(PlanRevision.plan_id == plan.id)
        .options(joinedload(PlanRevision.author))
        .order_by(PlanRevision.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    if before_id:
        query = query.where(PlanRevision.id < before_id)
    return list(db.session.scalars(query))


def state_at(plan: Plan, revision_id: int) -> dict[str, PlanRevision]:
    """Each part's latest revision up to and including `revision_id`: the plan as it was then."""
    latest = (
        sa.select(sa.func.max(PlanRevision.id))
        .where(PlanRevision.plan_id == plan.id, PlanRevision.id <= revision_id)
        .group_by(PlanRevision.part)
    )
    return {
        revision.part: revision
        for revision in db.session.scalars(
            sa.select(PlanRevision).where(PlanRevision.id.in_(latest))
        )
    }


@dataclass
class FieldChange:
    label: str
    html: Markup


@dataclass
class PartChange:
    label: str
    status: str  # added | removed | changed
    changes: list[FieldChange]


def compare(plan: Plan, from_id: int, to_id: int) -> list[PartChange]:
    """What differs between the plan as of two revisions, part by part and field by field."""
    old, new = state_at(plan, from_id), state_at(plan, to_id)
    result = []
    for part in sorted(old.keys() | new.keys(), key=_part_order(old, new)):
        old_rev, new_rev = old.get(part), new.get(part)
        kind = (new_rev or old_rev).part_kind
        before = old_rev.after if old_rev else None
        after = new_rev.after if new_rev else None
        if before == after:
            continue
        result.append(values_change(kind, before, after))
    return result


def _part_order(old: dict, new: dict):
    """Parts in the plan's document order: by section (as parts.py lists them), then a
    section's fields in their order, its rows as last ordered (by age before any move), and
    the order itself last."""
    section_order = {section.key: index for index, section in enumerate(SECTIONS)}
    field_order = {name: index for index, name in enumerate(FIELDS)}
    row_order: dict[int, int] = {}
    for state in (old, new):  # the newer order wins
        for revision in state.values():
            if _order_kind(revision.part_kind) and revision.after:
                row_order.update({row_id: n for n, row_id in enumerate(revision.after["ids"])})

    def key(part: str):
        revision = new.get(part) or old.get(part)
        section = section_order.get(part_section(revision.part_kind), len(section_order))
        if revision.part_kind in FIELDS:
            return (section, 0, field_order[revision.part_kind], 0)
        if _order_kind(revision.part_kind):
            return (section, 2, 0, 0)
        row_id = int(part.split(":", 1)[1])
        return (section, 1, row_order.get(row_id, len(row_order)), row_id)

    return key


def values_change(kind: str, before: dict | None, after: dict | None) -> PartChange:
    """One part's change as readable word diffs per field."""
    status = "added" if before is None else "removed" if after is None else "changed"
    if kind in FIELDS:
        specs = [FIELDS[kind]]
    else:
        specs = [ORDER_SPEC] if _order_kind(kind) else list(ROW_KINDS[kind].columns)
    names = {FIELDS[kind].name: "value"} if kind in FIELDS else {}
    changes = []
    for spec in specs:
        name = names.get(spec.name, spec.name)
        old = (before or {}).get(name, "")
        new = (after or {}).get(name, "")
        if old != new:
            if spec.choices:
                old, new = choice_label(spec, old), choice_label(spec, new)
            changes.append(FieldChange(spec.label, word_diff(old, new)))
    return PartChange(part_label(kind, after or before), status, changes)


def word_diff(old: str, new: str) -> Markup:
    """`old` → `new` with removed words in <del> and added words in <ins>, all escaped."""
    a, b = re.split(r"(\s+)", old or ""), re.split(r"(\s+)", new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    words = difflib.SequenceMatcher(None, (old or "").split(), (new or "").split())
    if old and new and words.ratio() < REWRITE_RATIO:
        # A rewrite reads better as the old text, then the new, than as interleaved words.
        return Markup("<del>%s</del> <ins>%s</ins>") % (old, new)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if "".join(a[i1:i2]):  # an added text has nothing to strike out
            out.append(Markup("<del>%s</del>") % "".join(a[i1:i2]))
        if j2 > j1:
            out.append(Markup("<ins>%s</ins>") % "".join(b[j1:j2]))
    return Markup("").join(out)


def restore(plan: Plan, revision: PlanRevision, user: User) -> PlanRevision:
    """Bring a part back to what `revision` shows (a deleted row comes back as it was).

    The restore is itself a new revision; the caller commits.
    """
    target = revision.after if revision.after is not None else revision.before
    now = utcnow()
    if revision.part_kind in FIELDS:
        row = db.session.scalar(
            sa.select(PlanField).where(
                PlanField.plan_id == plan.id, PlanField.key == revision.part_kind
            )
        )
        before = {"value": row.value}
        row.value, row.version = target["value"], row.version + 1
    elif ordered := _order_kind(revision.part_kind):
        before, target = _restore_order(plan, ordered, target["ids"])
        return record(plan, revision.part, revision.part_kind, "restore", before, target, user)
    else:
        row = db.session.get(PlanItem, int(revision.part.split(":")[1]))
        before = None if row.deleted_at else dict(row.values)
        row.values, row.version, row.deleted_at = dict(target), row.version + 1, None
    row.updated_at, row.updated_by_id = now, user.id
    return record(plan, revision.part, revision.part_kind, "restore", before, dict(target), user)


def _restore_order(plan: Plan, kind: str, ids: list[int]) -> tuple[dict, dict]:
    """Put the live rows of `kind` in the order of `ids` (rows added since go last)."""
    items = list(
        db.session.scalars(
            sa.select(PlanItem)
            .where(
                PlanItem.plan_id == plan.id, PlanItem.kind == kind, PlanItem.deleted_at.is_(None)
            )
            .order_by(PlanItem.position, PlanItem.id)
        )
    )
    before = order_values(items)
    rank = {item_id: index for index, item_id in enumerate(ids)}
    items.sort(key=lambda item: rank.get(item.id, len(ids)))
    for position, item in enumerate(items, start=1):
        item.position = position
    return before, order_values(items)


def compare_snapshots(old: dict, new: dict) -> list[PartChange]:
    """What differs between two snapshots (two publications, or one and the draft), in page
    order: each field, and each row matched by its content (added, removed, changed)."""
    result = []
    for section in SECTIONS:
        before, after = read(old, section), read(new, section)
        if before == after:
            continue
        if section.row_kind:
            result += _row_changes(ROW_KINDS[section.row_kind], section, before, after)
            continue
        for name in section.fields:
            key = slot(name) if section.shape != "text" else None
            was, now = (before, after) if key is None else (before.get(key), after.get(key))
            if (was or "") != (now or ""):
                result.append(values_change(name, _value(was), _value(now)))
    return result


def _value(text: str | None) -> dict | None:
    return {"value": text} if text else None


def _row_changes(kind, section, before: list, after: list) -> list[PartChange]:
    """Rows of one section matched in order: unchanged ones skipped, the rest paired up."""
    if section.shape == "list":  # a snapshot keeps only the titles of list rows
        before = [{kind.title_column: title} for title in before]
        after = [{kind.title_column: title} for title in after]
    keys = [tuple(sorted(row.items())) for row in before], [tuple(sorted(r.items())) for r in after]
    changes = []
    matcher = difflib.SequenceMatcher(None, *keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for n in range(max(len(olds), len(news))):
            was = olds[n] if n < len(olds) else None
            now = news[n] if n < len(news) else None
            changes.append(values_change(kind.name, was, now))
    return changes
