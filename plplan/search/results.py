"""A team's search results for one member: only what they may open, best first, grouped by
kind, the matching words highlighted, each with a link to its place.

Who sees what follows the rules of plplan/authz.py and the goals pages, as SQL on the live
rows a document names: who reads drafts finds plans' live text and comments; the others the
last published version (`may_open_plan`); goals by `goals.services.visible_to`; area data by
`area_modules_readable_by`, only while its module is on. Archived plans and areas drop out.
The rules are applied in the ranked query itself, before the page is cut from it.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from plplan.authz import Capability, area_modules_readable_by
from plplan.extensions import db
from plplan.goals.services import visible_to
from plplan.models import Area, AreaModule, Goal, Membership, Plan, SearchDocument
from plplan.search.query import BadQuery, Term, matching, parse
from plplan.vision.parts import SECTIONS_BY_KEY

LIMIT = 30  # results a page
MAX_PAGE = 100  # pages one may ask for: the first 3,000 results
SNIPPET = 160  # characters of text around the first match
AREA_DATA = ("kpi", "budget", "comms")
GOAL_PARTS = ("checkin", "goal_comment")  # documents of a goal, named by it


@dataclass
class Hit:
    kind: str
    title: Markup
    snippet: Markup
    url: str
    context: str = ""


@dataclass
class Group:
    label: str
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)
    problem: str = ""  # why the query could not be searched for
    wider: str = ""  # when nothing was found: the query with its last word as a prefix
    page: int = 1  # LIMIT results a page, the first page 1
    more: bool = False  # whether a next page has results

    @property
    def count(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    @property
    def first(self) -> int:
        """The place of this page's first result among all of them."""
        return (self.page - 1) * LIMIT + 1

    @property
    def last(self) -> int:
        return self.first + self.count - 1


def search(membership: Membership, text: str, page: int = 1) -> Results:
    """The `page`th LIMIT results of `text` in `membership`'s team, as `membership` may see
    them (a page past MAX_PAGE, or before the first, reads as the nearest one)."""
    page = min(max(page, 1), MAX_PAGE)
    results = Results(text, page=page)
    try:
        terms = parse(text)
    except BadQuery as problem:
        results.problem = str(problem)
        return results
    team_id = membership.team_id
    ranked = matching(db.engine.dialect.name, team_id, terms, _visible(membership))
    rank = ranked.selected_columns.rank
    hits = (
        ranked.order_by(rank, SearchDocument.id)
        .limit(LIMIT + 1)
        .offset((page - 1) * LIMIT)
        .subquery()
    )
    query = (
        sa.select(SearchDocument, Plan.name, Goal.title, Area.name)
        .join(hits, hits.c.id == SearchDocument.id)
        .outerjoin(Plan, Plan.id == SearchDocument.plan_id)
        .outerjoin(Goal, Goal.id == SearchDocument.goal_id)
        .outerjoin(Area, Area.id == SearchDocument.area_id)
        .order_by(hits.c.rank, hits.c.id)
    )
    rows = db.session.execute(query).all()
    results.more = len(rows) > LIMIT
    pattern, labels, slug = highlighter(terms), _labels(), membership.team.slug
    groups: dict[str, Group] = {}
    for document, plan_name, goal_title, area_name in rows[:LIMIT]:
        key = _group_of(document.kind)
        around = {"publication": document.label, "goal": "", "area": ""}
        around |= dict.fromkeys(GOAL_PARTS, goal_title)
        context = around.get(document.kind, plan_name if document.plan_id else area_name)
        hit = _hit(slug, document, pattern, context or "", labels)
        groups.setdefault(key, Group(labels[key])).hits.append(hit)
    results.groups = list(groups.values())
    if not groups and page == 1 and _widens(terms[-1], text.rstrip()):
        results.wider = text.rstrip() + "*"
    return results


def _widens(last: Term, text: str) -> bool:
    """Whether the query's last word, a whole word, could be offered as a prefix."""
    return len(last.words) == 1 and not (last.prefix or last.unspaced or text.endswith('"'))


def _visible(membership: Membership):
    """SQL condition on search documents: those `membership` may see (module docstring), as
    sets of the team's plans, areas, goals and area modules that a document must name."""
    team_id, D = membership.team_id, SearchDocument
    plans = ("plan", "comment") if membership.can(Capability.READ_DRAFTS) else ("publication",)
    live_plans = sa.select(Plan.id).where(Plan.team_id == team_id, Plan.archived_at.is_(None))
    live_areas = sa.select(Area.id).where(Area.team_id == team_id, Area.archived_at.is_(None))
    modules = (
        sa.select(AreaModule.area_id, AreaModule.kind)
        .join(Area)
        .where(
            Area.team_id == team_id,
            Area.archived_at.is_(None),
            area_modules_readable_by(membership),
        )
    )
    return sa.or_(
        sa.and_(D.kind.in_(plans), D.plan_id.in_(live_plans)),
        sa.and_(D.kind == "area", D.area_id.in_(live_areas)),
        sa.and_(
            D.kind.in_(("goal", *GOAL_PARTS)),
            D.goal_id.in_(sa.select(Goal.id).where(visible_to(membership))),
        ),
        sa.and_(D.kind.in_(AREA_DATA), sa.tuple_(D.area_id, D.module).in_(modules)),
    )


def _labels() -> dict[str, str]:
    """Names of groups and of documents without a title, asked of the catalogue once."""
    return {
        "plan": gettext("Plans"),
        "data": gettext("Area data"),
        "comment": gettext("Comments"),
        "area": gettext("Areas"),
        "goal": gettext("Goals"),
        "checkin": gettext("Check-ins"),
        "a comment": gettext("Comment"),
        "a checkin": gettext("Check-in"),
        "a goal_comment": gettext("Comment"),
        "a kpi": gettext("KPI"),
        "a budget": gettext("Budget line"),
        "a comms": gettext("Communication"),
    }


def _group_of(kind: str) -> str:
    if kind in ("plan", "publication"):
        return "plan"
    if kind == "goal_comment":
        return "comment"
    return "data" if kind in AREA_DATA else kind


def _hit(slug: str, document: SearchDocument, pattern, context: str, labels: dict) -> Hit:
    """A result; a document without a title (a plan's section, a check-in) is named by what
    it is, and a comment by its section too."""
    section = SECTIONS_BY_KEY.get(document.part)
    if document.title:
        title = highlight(document.title, pattern)
    else:
        name = labels.get(f"a {document.kind}") or (section.title if section else "")
        title = escape(name)
        if document.kind == "comment" and section:
            context = f"{context} · {section.title}"
    return Hit(document.kind, title, snippet(document.body, pattern), _url(slug, document), context)


def _url(slug: str, document: SearchDocument) -> str:
    kind, part = document.kind, document.part
    if kind in ("plan", "publication"):
        anchor = f"s-{part}" if part else None
        return url_for("vision.plan", slug=slug, plan_id=document.plan_id, _anchor=anchor)
    if kind == "comment":
        return url_for("vision.thread", slug=slug, plan_id=document.plan_id, section=part)
    if kind in ("goal", *GOAL_PARTS):
        anchors = {"checkin": "checkin", "goal_comment": "goal-comment"}
        anchor = f"{anchors[kind]}-{document.source_id}" if kind in anchors else None
        return url_for("goals.show", slug=slug, goal_id=document.goal_id, _anchor=anchor)
    if kind == "kpi":
        return url_for(
            "areadata.kpi", slug=slug, area_id=document.area_id, kpi_id=document.source_id
        )
    if kind == "budget":
        return url_for(
            "areadata.budget_line", slug=slug, area_id=document.area_id, line_id=document.source_id
        )
    anchor = "comms" if kind == "comms" else None
    return url_for("responsibilities.area", slug=slug, area_id=document.area_id, _anchor=anchor)


# -- highlighting --------------------------------------------------------------------------------


def highlighter(terms: list[Term]) -> re.Pattern:
    """A pattern of the words the terms match, as the index matches them: whole words, the
    start of a word for a prefix, anywhere for a script without spaces."""
    pieces = []
    for term in terms:
        if term.unspaced:
            pieces.append(re.escape(term.text))
            continue
        for n, word in enumerate(term.words):
            tail = r"[^\W_]*" if term.prefix and n == len(term.words) - 1 else r"(?![^\W_])"
            pieces.append(r"(?<![^\W_])" + re.escape(word) + tail)
    return re.compile("|".join(pieces), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern) -> Markup:
    """`text` escaped, with each match in <mark>: markup is added only around escaped text."""
    out, at = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[at : match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group())
        at = match.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def snippet(text: str, pattern: re.Pattern) -> Markup:
    """About SNIPPET characters of `text` around its first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - SNIPPET // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else start) else start
    end = start + SNIPPET
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = highlight(text[start:end], pattern)
    return Markup("").join(
        [
            Markup("… ") if start else Markup(""),
            piece,
            Markup(" …") if end < len(text) else Markup(""),
        ]
    )
