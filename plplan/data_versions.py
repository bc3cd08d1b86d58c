"""Each team's data version (`Team.data_version`): one number that every write to the team's
data moves on, so an answer tagged with it (export.tags) is known unchanged without reading
the data it is made of. A stored one-pager fit moves `Team.fit_version` instead: it changes
the on-screen one-pager, not the data (nor the PDF, whose making stores it).

The one home of the bumps: the session notes which teams each flush and each ORM `UPDATE`,
`DELETE` or `INSERT` statement touches, and just before the outermost commit adds one to each
of them in one `UPDATE team SET data_version = data_version + 1 WHERE id IN (...)`: done
in SQL, in the writing transaction, so simultaneous writers each add theirs (none is lost),
and last, on ids in order, so the team rows are locked briefly and always in the same order.

Not counted, because no tagged answer shows them and GETs write them: the audit feed, share
links' view counts, who has a plan open, the idempotency keys, a person's sign-in bookkeeping.
Nor what is about the data or for one person rather than the data itself: the search index
(rebuilt with the rows it indexes), notifications and their outbox (the bell's count is in
the page tag), notification choices, digests and reminders sent, the chat webhook's
settings, and a bundle uploaded for import (not a team's data until it is imported).
"""

import sqlalchemy as sa
from flask_sqlalchemy.session import Session
from sqlalchemy.orm import ORMExecuteState

from plplan.models import (
    Activity,
    ApiToken,
    BundleUpload,
    Digest,
    IdempotencyKey,
    Membership,
    Notification,
    NotificationPreference,
    OnePagerFit,
    OutboxMessage,
    PlanPresence,
    Reminder,
    SearchDocument,
    ShareLink,
    Team,
    TeamWebhook,
    User,
)

UNCOUNTED = (
    Activity,
    IdempotencyKey,
    PlanPresence,
    ShareLink,
    SearchDocument,
    Notification,
    OutboxMessage,
    NotificationPreference,
    TeamWebhook,
    Digest,
    Reminder,
    BundleUpload,
    ApiToken,  # a person's key, not the team's data
)
SIGN_IN_BOOKKEEPING = {
    "password_hash",
    "session_token",
    "failed_logins",
    "locked_until",
    "last_login_at",
}
# A row without a team_id leads to its team through the first of these keys it has.
PARENT_KEYS = ("plan_id", "area_id", "goal_id", "kpi_id", "line_id", "communication_id")
# A statement run with execution_options(team_data=False) writes none (sign-in bookkeeping).
TEAM_DATA = "team_data"
_PENDING = "plplan_teams_written"


def teams_of(session, model, criterion) -> set[int]:
    """The teams of the rows of `model` that `criterion` selects, in one query."""
    if model is Team:
        query = sa.select(Team.id)
    elif model is User:
        query = sa.select(Membership.team_id).join(User, User.id == Membership.user_id)
    else:
        query, current = sa.select(model), model
        while "team_id" not in current.__table__.c:
            key = _parent_key(current)
            parent = _parent_model(key)
            query = query.join(parent, key == parent.id)
            current = parent
        query = query.with_only_columns(current.team_id)
    with session.no_autoflush:
        return set(session.scalars(query.where(criterion)))


def _parent_key(model):
    """The key of `model` to the row its team is found through."""
    for name in PARENT_KEYS:
        if name in model.__table__.c:
            return getattr(model, name)
    raise LookupError(f"{model.__name__}: no way to its team; add its key to PARENT_KEYS")


def _parent_model(key):
    table = next(iter(key.property.columns[0].foreign_keys)).column.table
    return next(m.class_ for m in Team.registry.mappers if m.local_table is table)


def _counts(model) -> bool:
    return not issubclass(model, UNCOUNTED)


def _changed(obj) -> bool:
    state = sa.inspect(obj)
    names = [attr.key for attr in state.attrs if attr.history.has_changes()]
    if isinstance(obj, User):
        names = [name for name in names if name not in SIGN_IN_BOOKKEEPING]
    return bool(names)


def _note(session, model, teams: set[int]) -> None:
    column = "fit_version" if model is OnePagerFit else "data_version"
    session.info.setdefault(_PENDING, {}).setdefault(column, set()).update(teams)


def _note_objects(session, objects) -> None:
    """Note the teams of `objects` (rows in the database now), one query per model at most."""
    by_model: dict[type, list] = {}
    for obj in objects:
        if not _counts(type(obj)):
            continue
        direct = obj.id if isinstance(obj, Team) else getattr(obj, "team_id", None)
        if direct is not None:
            _note(session, type(obj), {direct})
        else:
            by_model.setdefault(type(obj), []).append(obj.id)
    for model, ids in by_model.items():
        _note(session, model, teams_of(session, model, model.id.in_(ids)))


@sa.event.listens_for(Session, "before_flush")
def _before_flush(session, _context, _instances) -> None:
    """Changed and deleted rows, while they are still there to follow to their team."""
    dirty = [obj for obj in session.dirty if _changed(obj)]
    _note_objects(session, [*dirty, *session.deleted])


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    """New rows, once they have their ids and keys."""
    _note_objects(session, [obj for obj in session.new if not isinstance(obj, Team)])


@sa.event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    """An ORM `UPDATE`/`DELETE ... WHERE` (before it runs: the rows it matches are still there
    as they are) or a bulk `INSERT` (by the keys of the rows given)."""
    mapper = state.bind_mapper
    if mapper is None or not _counts(mapper.class_) or not state.statement.is_dml:
        return
    if not state.execution_options.get(TEAM_DATA, True):
        return
    model, session = mapper.class_, state.session
    if state.is_insert:
        rows = state.parameters or [state.statement.compile().params]
        rows = rows if isinstance(rows, list) else [rows]
        _note(session, model, _inserted_teams(session, model, rows))
    elif state.statement.whereclause is not None:
        _note(session, model, teams_of(session, model, state.statement.whereclause))
    else:
        _note(session, model, set(session.scalars(sa.select(Team.id))))


def _inserted_teams(session, model, rows: list[dict]) -> set[int]:
    if model is Team or model is User:
        return set()  # a new team or person: no team's data has changed yet
    if "team_id" in model.__table__.c:
        return {row["team_id"] for row in rows}
    key = _parent_key(model)
    parent = _parent_model(key)
    return teams_of(session, parent, parent.id.in_({row[key.key] for row in rows}))


@sa.event.listens_for(Session, "before_commit")
def _bump(session) -> None:
    """Move on the versions of every team this transaction wrote to, as its last statements
    (the data's first, each on ids in order: every writer locks team rows in the same order)."""
    if session.in_nested_transaction():
        return
    session.flush()
    pending = session.info.pop(_PENDING, {})
    table = Team.__table__
    for column in ("data_version", "fit_version"):
        if teams := sorted(pending.get(column, ())):
            session.connection().execute(
                sa.update(table).where(table.c.id.in_(teams)).values({column: table.c[column] + 1})
            )


@sa.event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction) -> None:
    """A transaction rolled back wrote nothing; a savepoint rolled back keeps what was noted
    (a version moved on for nothing is only a revalidation more)."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
