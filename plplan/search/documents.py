"""What search finds, and keeping it current from one place.

Each searchable model has a `Source`: how its rows become search documents. Listeners on the
session rebuild the documents of every row a flush (or a bulk UPDATE/DELETE) touches, in the
same transaction. ORM events rather than the service layer, because every write path goes
through the session, so a new one cannot forget search; rather than database triggers,
because documents are built in Python (plan rows are JSON, sections come from
plplan/vision/parts) and must be built alike on SQLite and PostgreSQL.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from plplan.models import (
    Area,
    BudgetLine,
    CheckIn,
    Communication,
    Goal,
    GoalComment,
    Kpi,
    Plan,
    PlanComment,
    PlanField,
    PlanItem,
    PlanPublication,
    SearchDocument,
)
from plplan.search.query import UNSPACED
from plplan.vision import parts

DOCUMENTS = SearchDocument.__table__
# Markers of a highlighted word (plplan/search/query.py); never stored in a document.
_MARKERS = str.maketrans("", "", "\x02\x03")


@dataclass(frozen=True)
class Source:
    """Rows of `key`'s model, and how to read the documents of those whose key is in a set."""

    key: InstrumentedAttribute  # the rows whose documents a change rebuilds, by this column
    read: Callable[[sa.Connection, sa.ColumnElement], Iterable[dict]]

    @property
    def name(self) -> str:
        return self.key.class_.__tablename__


def _document(
    row, kind: str, source: str, title: str = "", *bodies: str, source_id=None, **links
) -> dict:
    """A document of `row` (its id and team_id); `links` name what it belongs to."""
    body = "\n".join(text for text in bodies if text)
    title = title or ""
    return {
        "team_id": row.team_id,
        "kind": kind,
        "source": source,
        "source_id": row.id if source_id is None else source_id,
        "plan_id": links.get("plan_id"),
        "goal_id": links.get("goal_id"),
        "area_id": links.get("area_id"),
        "module": links.get("module"),
        "part": links.get("part", ""),
        "label": (links.get("label") or "")[:200],
        "title": title.translate(_MARKERS),
        "body": body.translate(_MARKERS),
        "unspaced": bool(UNSPACED.search(title) or UNSPACED.search(body)),
    }


def _plans(conn, where):
    for row in conn.execute(sa.select(Plan.id, Plan.team_id, Plan.name).where(where)):
        yield _document(row, "plan", "plan", row.name, plan_id=row.id)


def _plan_fields(conn, where):
    query = sa.select(PlanField.id, PlanField.plan_id, PlanField.key, PlanField.value, Plan.team_id)
    for row in conn.execute(query.join(Plan).where(where, PlanField.value != "")):
        part = parts.SECTION_OF_FIELD.get(row.key, "")
        yield _document(row, "plan", "plan_field", "", row.value, plan_id=row.plan_id, part=part)


def _plan_items(conn, where):
    query = sa.select(
        PlanItem.id, PlanItem.plan_id, PlanItem.kind, PlanItem.values, Plan.team_id
    ).join(Plan)
    for row in conn.execute(query.where(where, PlanItem.deleted_at.is_(None))):
        kind = parts.ROW_KINDS.get(row.kind)
        texts = [str(value) for value in (row.values or {}).values() if value]
        if kind and texts:
            yield _document(
                row, "plan", "plan_item", "", *texts, plan_id=row.plan_id, part=kind.section
            )


def _publications(conn, where):
    """The latest publication of each plan, a document per section (what viewers read)."""
    query = (
        sa.select(PlanPublication.plan_id, PlanPublication.snapshot, Plan.team_id)
        .join(Plan)
        .where(where)
        .order_by(PlanPublication.plan_id, PlanPublication.version.desc())
    )
    seen = set()
    for row in conn.execute(query):
        if row.plan_id in seen:
            continue
        seen.add(row.plan_id)
        name = row.snapshot.get("name", "")
        links = {"source_id": row.plan_id, "plan_id": row.plan_id, "label": name}
        yield _document(row, "publication", "plan_publication", name, **links)
        for section in parts.SECTIONS:
            texts = list(_texts(parts.read(row.snapshot, section)))
            if texts:
                yield _document(
                    row, "publication", "plan_publication", "", *texts, part=section.key, **links
                )


def _texts(value) -> Iterable[str]:
    """Every piece of text in a snapshot value (text, a dict of slots, a list of rows)."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)


def _comments(conn, where):
    query = sa.select(
        PlanComment.id, PlanComment.plan_id, PlanComment.section, PlanComment.body, Plan.team_id
    ).join(Plan)
    for row in conn.execute(query.where(where)):
        yield _document(
            row, "comment", "plan_comment", "", row.body, plan_id=row.plan_id, part=row.section
        )


def _areas(conn, where):
    query = sa.select(
        Area.id, Area.team_id, Area.name, Area.purpose, Area.duties, Area.decisions
    ).where(where)
    for row in conn.execute(query):
        texts = (row.purpose, row.duties, row.decisions)
        yield _document(row, "area", "area", row.name, *texts, area_id=row.id)


def _goals(conn, where):
    query = sa.select(Goal.id, Goal.team_id, Goal.title, Goal.success, Goal.learned)
    for row in conn.execute(query.where(where)):
        yield _document(row, "goal", "goal", row.title, row.success, row.learned, goal_id=row.id)


def _checkins(conn, where):
    query = sa.select(
        CheckIn.id,
        CheckIn.goal_id,
        CheckIn.happened,
        CheckIn.blockers,
        CheckIn.next_step,
        CheckIn.feedback,
        Goal.team_id,
    ).join(Goal)
    for row in conn.execute(query.where(where)):
        texts = (row.happened, row.blockers, row.next_step, row.feedback)
        yield _document(row, "checkin", "checkin", "", *texts, goal_id=row.goal_id)


def _goal_comments(conn, where):
    query = sa.select(GoalComment.id, GoalComment.goal_id, GoalComment.body, Goal.team_id)
    for row in conn.execute(query.join(Goal).where(where)):
        yield _document(row, "goal_comment", "goal_comment", "", row.body, goal_id=row.goal_id)


def _area_data(model, kind: str, module: str, title, *texts):
    """Documents of an area data model: `title` and `texts` are its columns."""

    def read(conn, where):
        query = sa.select(model.id, model.area_id, Area.team_id, title, *texts).join(Area)
        for row in conn.execute(query.where(where)):
            values = [row[i] or "" for i in range(3, len(row))]
            links = {"area_id": row.area_id, "module": module}
            yield _document(row, kind, model.__tablename__, *values, **links)

    return read


SOURCES = {
    source.key.class_: source
    for source in [
        Source(Plan.id, _plans),
        Source(PlanField.id, _plan_fields),
        Source(PlanItem.id, _plan_items),
        Source(PlanPublication.plan_id, _publications),
        Source(PlanComment.id, _comments),
        Source(Area.id, _areas),
        Source(Goal.id, _goals),
        Source(CheckIn.id, _checkins),
        Source(GoalComment.id, _goal_comments),
        Source(Kpi.id, _area_data(Kpi, "kpi", "kpis", Kpi.name, Kpi.definition)),
        Source(
            BudgetLine.id,
            _area_data(
                BudgetLine,
                "budget",
                "budget",
                BudgetLine.name,
                BudgetLine.category,
                BudgetLine.driver,
                BudgetLine.action,
            ),
        ),
        Source(
            Communication.id,
            _area_data(
                Communication, "comms", "comms", Communication.what, Communication.audience_name
            ),
        ),
    ]
}
_BY_TABLE = {model.__table__: source for model, source in SOURCES.items()}


def rebuild(conn: sa.Connection, source: Source, keys: set | None = None) -> int:
    """Replace the documents of `source`'s rows whose key is in `keys` (None: all of them);
    how many documents there are now."""
    stale = DOCUMENTS.c.source == source.name
    where = sa.true()
    if keys is not None:
        keys = sorted(key for key in keys if key is not None)
        if not keys:
            return 0
        stale = sa.and_(stale, DOCUMENTS.c.source_id.in_(keys))
        where = source.key.in_(keys)
    conn.execute(DOCUMENTS.delete().where(stale))
    documents = list(source.read(conn, where))
    if documents:
        conn.execute(DOCUMENTS.insert(), documents)
    return len(documents)


def reindex(conn: sa.Connection) -> int:
    """Rebuild every document (after the migration, or after bulk inserts); how many."""
    return sum(rebuild(conn, source) for source in SOURCES.values())


# -- the listeners -------------------------------------------------------------------------------


def _after_flush(session: Session, _context) -> None:
    """Rebuild the documents of every searchable row this flush added, changed or deleted."""
    touched: dict[Source, set] = defaultdict(set)
    for obj in (*session.new, *session.dirty, *session.deleted):
        source = SOURCES.get(type(obj))
        if source is not None and (obj not in session.dirty or session.is_modified(obj)):
            touched[source].add(getattr(obj, source.key.key))
    if touched:
        conn = session.connection()
        for source, keys in touched.items():
            rebuild(conn, source, keys)


def _bulk_write(state) -> object | None:
    """An UPDATE or DELETE statement on a searchable model (the versioned saves' UPDATE ...
    WHERE version = n): note its rows first, run it, then rebuild their documents."""
    if not (state.is_update or state.is_delete):
        return None
    source = _BY_TABLE.get(state.statement.table)
    if source is None:
        return None
    conn = state.session.connection()
    where = state.statement.whereclause
    keys = set(
        conn.execute(
            sa.select(source.key).where(where if where is not None else sa.true())
        ).scalars()
    )
    result = state.invoke_statement()
    rebuild(conn, source, keys)
    return result


def listen(session) -> None:
    """Keep search current on `session` (the app's scoped session), once."""
    if not sa.event.contains(session, "after_flush", _after_flush):
        sa.event.listen(session, "after_flush", _after_flush)
        sa.event.listen(session, "do_orm_execute", _bulk_write)
