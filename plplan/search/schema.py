"""The full-text index over search documents, in each database's own terms.

SQLite: a contentless FTS5 table fed by triggers on `search_document` (rowid = document id;
its `team` column holds "t<team id>", so a team's matches are found in the index itself).
PostgreSQL: a generated tsvector column with a GIN index. Both use no stemming and no stop
words ('simple', unicode61): any language is indexed alike, word by word.

The model cannot describe these objects, so `create_all` adds them through DDL events, the
migration runs the same statements, and `include_object` keeps Alembic's comparison off them.
"""

import sqlalchemy as sa

from plplan.models import SearchDocument

FTS = "search_fts"
TSVECTOR = "tsv"
TSVECTOR_INDEX = "ix_search_document_tsv"

_FTS_ROW = "'t' || {row}.team_id, {row}.title, {row}.body"
_FTS_INSERT = f"INSERT INTO {FTS}(rowid, team, title, body) VALUES (new.id, {_FTS_ROW})"
_FTS_DELETE = (
    f"INSERT INTO {FTS}({FTS}, rowid, team, title, body) VALUES ('delete', old.id, {_FTS_ROW})"
)

# PostgreSQL's parser reads tags, paths and addresses as tokens of their own (`<b>` is dropped,
# `a.b@c.com` stays whole); cut at every non-letter, non-digit instead, as FTS5 and the query do.
_WORDS = "regexp_replace({}, '[^[:alnum:]]+', ' ', 'g')"

CREATE = {
    "sqlite": [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(team, title, body, content='', "
        "tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
        f"{_FTS_INSERT.format(row='new')}; END",
        "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
        f"{_FTS_DELETE.format(row='old')}; END",
        "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
        f"{_FTS_DELETE.format(row='old')}; {_FTS_INSERT.format(row='new')}; END",
    ],
    "postgresql": [
        f"ALTER TABLE search_document ADD COLUMN {TSVECTOR} tsvector GENERATED ALWAYS AS "
        f"(setweight(to_tsvector('simple', {_WORDS.format('title')}), 'A') || "
        f"setweight(to_tsvector('simple', {_WORDS.format('body')}), 'B')) STORED",
        f"CREATE INDEX {TSVECTOR_INDEX} ON search_document USING gin ({TSVECTOR})",
    ],
}
# Before the table goes (PostgreSQL drops the column and its index with it).
DROP = {"sqlite": [f"DROP TABLE IF EXISTS {FTS}"], "postgresql": []}


def statements(ddl: dict, dialect: str) -> list[str]:
    return ddl.get(dialect, [])


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: leave the index objects above out of schema comparisons."""
    if type_ == "table" and name.startswith(FTS):
        return False
    if type_ == "column" and name == TSVECTOR and obj.table.name == SearchDocument.__tablename__:
        return False
    return not (type_ == "index" and name == TSVECTOR_INDEX)


def _run(ddl: dict):
    def run(target, connection, **kw) -> None:
        for statement in statements(ddl, connection.dialect.name):
            connection.execute(sa.text(statement))

    return run


sa.event.listen(SearchDocument.__table__, "after_create", _run(CREATE))
sa.event.listen(SearchDocument.__table__, "before_drop", _run(DROP))
