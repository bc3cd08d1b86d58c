"""Reading a search box: words, "quoted phrases", prefixes (`strat*`), text in any script;
and asking the database's full-text index with it.

A word is a whole word unless it ends in `*`: a prefix matches every word it starts, and on
a word most documents share that costs the index several times more than the word itself.

User text never reaches MATCH or to_tsquery as written: it is cut into words of letters and
digits, and each word goes in quoted, so no operator (AND, NEAR, -, *, parentheses) can be
spelled by a visitor. Scripts written without spaces (Chinese, Japanese, Korean, Thai) have
no words for a tokenizer to find; their terms match as substrings instead.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext

from plplan.models import SearchDocument
from plplan.search.schema import FTS, TSVECTOR

MAX_LENGTH = 200
MAX_TERMS = 8
_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
UNSPACED = re.compile(
    "[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
# bm25 weights of the FTS5 columns (team, title, body): a title match counts ten body matches.
_WEIGHTS = (0.0, 10.0, 1.0)
# SQLite ranks a word's newest visible matches, this many: FTS5 walks its matches newest
# first and stops there, where ranking every one of a common word's 40,000 took 45 ms.
SQLITE_RANKED = 2000
# Constants in the SQL, not parameters: psycopg prepares a statement run often, and a plan
# made for any tsquery at all walks the whole table (a rare phrase took 200 ms, now 20).
_SIMPLE = sa.literal_column("'simple'::regconfig")


class BadQuery(ValueError):
    """A query that cannot be searched for; its message says why, for the person asking."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase (lower case)
    prefix: bool = False  # the last word matches words that start with it
    unspaced: bool = False  # a script without spaces: matched as a substring

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse(text: str) -> list[Term]:
    """The terms of a query, all of which a document must match.

    :raise BadQuery: nothing to search for, or too much.
    """
    text = (text or "").strip()
    if not text:
        raise BadQuery(gettext("Type a word to search for."))
    if len(text) > MAX_LENGTH:
        raise BadQuery(gettext("A search can be up to %(num)s characters long.", num=MAX_LENGTH))
    terms: list[Term] = []
    for match in _CHUNK.finditer(text.lower()):
        phrase, chunk = match.groups()
        if phrase is not None:
            words = tuple(_WORD.findall(phrase))
            if words:
                terms.append(Term(words, unspaced=bool(UNSPACED.search(phrase))))
            continue
        words = _WORD.findall(chunk)
        for n, word in enumerate(words):
            last = n == len(words) - 1
            unspaced = bool(UNSPACED.search(word))
            terms.append(Term((word,), prefix=last and chunk.endswith("*"), unspaced=unspaced))
    if not terms:
        raise BadQuery(gettext("Search for words: letters or digits, not only punctuation."))
    if len(terms) > MAX_TERMS:
        raise BadQuery(gettext("Search for up to %(num)s words at a time.", num=MAX_TERMS))
    return terms


# -- the database's index ------------------------------------------------------------------------

D = SearchDocument


def fts5_expression(team_id: int, terms: list[Term]) -> str:
    """An FTS5 query: the team's documents having every term, each quoted."""
    quoted = [f'"{term.text}"' + ("*" if term.prefix else "") for term in terms]
    return " ".join([f'team : "t{team_id}"', *quoted])


def tsquery_expression(terms: list[Term]) -> str:
    """A to_tsquery text: phrases with <->, prefixes with :*, every word quoted."""
    quoted = []
    for term in terms:
        words = [f"'{word}'" for word in term.words]
        if term.prefix:
            words[-1] += ":*"
        quoted.append(" <-> ".join(words))
    return " & ".join(f"({q})" for q in quoted)


def matching(dialect: str, team_id: int, terms: list[Term], visible) -> sa.Select:
    """Ids of the team's documents matching every term that `visible` (a condition on the
    documents) lets through, with their `rank` (lower ranks first).

    Visibility comes before any limit: a cut taken first would drop what they may see
    whenever newer matches are hidden from them. PostgreSQL ranks every visible match; SQLite
    the newest SQLITE_RANKED of them (all of them, but for a word in nearly everything). The
    caller orders and limits. `visible` is checked on the documents' own rows (sets of ids,
    probed once per match), which keeps a common word's thousands of matches within a
    search's time.
    """
    indexed = [term for term in terms if not term.unspaced]
    where = [D.team_id == team_id, visible]
    if len(indexed) < len(terms):
        where.append(D.unspaced)
    for term in terms:
        if term.unspaced:
            pattern = "%" + _escape_like(term.text) + "%"
            where.append(
                sa.or_(D.title.like(pattern, escape="\\"), D.body.like(pattern, escape="\\"))
            )
    if not indexed:
        return sa.select(D.id, sa.case((D.title != "", 0), else_=1).label("rank")).where(*where)
    if dialect == "sqlite":
        fts = sa.table(FTS, sa.column("rowid"))
        index = sa.literal_column(FTS)
        ranked = (
            sa.select(fts.c.rowid.label("id"), sa.func.bm25(index, *_WEIGHTS).label("rank"))
            .join(D, D.id == fts.c.rowid)
            .where(index.match(fts5_expression(team_id, indexed)), *where)
            .order_by(fts.c.rowid.desc())
            .limit(SQLITE_RANKED)
            .subquery()
        )
        return sa.select(D.id, ranked.c.rank).join(ranked, ranked.c.id == D.id)
    vector = sa.literal_column(f"search_document.{TSVECTOR}")
    text = sa.bindparam("tsquery", tsquery_expression(indexed), literal_execute=True)
    tsquery = sa.func.to_tsquery(_SIMPLE, text)
    rank = -sa.func.ts_rank(vector, tsquery)
    return sa.select(D.id, rank.label("rank")).where(*where, vector.op("@@")(tsquery))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
