"""Property-based fuzzing of every POST route, and of the pages that read a query string,
through the real HTTP stack (test client, CSRF token as the pages send it) and the real database.

Routes come from the app's URL map; each endpoint's fields from the WTForms classes its view code
names (with their choices; number fields get non-finite and out-of-range numbers) and the names
it reads from the request. Two properties hold for every request: the server never answers 5xx,
and a refused request (4xx) leaves every table's row count, versions and set flags as they were.
"""

import importlib
import inspect
import pkgutil
import re

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import FloatField, IntegerField
from wtforms.fields.core import UnboundField

import plplan
from plplan import create_app
from plplan.api.auth import create_token
from plplan.areadata import budget, kpis
from plplan.areadata.registry import MODULES
from plplan.export import services as share
from plplan.extensions import db
from plplan.models import Area, AreaModule, PlanRevision, Role, Team, User
from plplan.teams import services as teams
from plplan.vision import comments
from plplan.vision import services as vision
from plplan.vision.parts import ROW_KINDS
from tests.chat_world import failed_delivery
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.responsibilities_world import set_cells, with_default_areas

# Per route: small enough that the whole file runs in well under a minute per database.
EXAMPLES = 10
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "4",
    "100",
    "-5",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "1e13",
    "2147483648",
    "9223372036854775808",
    "1" * 400,
    "2026-02-30",
    "1999-01-01",
    "up",
    "down",
    "mine",
    "theirs",
    "merged",
    "A",
    "R",
    "C",
    "I",
    "on_track",
    "done",
    "achieved",
    "team",
    "private",
    "published",
    "draft",
    "vision",
    "pillar",
    "<script>alert(1)</script>",
    "Éclair",
    "\x00",
    "x" * 5000,
]
# What number fields get: beyond what floats, SQLite and PostgreSQL hold, and ordinary ones.
NUMBERS = ["nan", "inf", "-inf", "1e309", "1e13", "-5", "5", "2147483648", "9223372036854775809"]
# A refused login counts against the account on purpose: those columns may change.
MAY_CHANGE_ON_REFUSAL = {("user", "failed_logins"), ("user", "locked_until")}


def form_classes() -> dict[str, type]:
    """Every FlaskForm class in the app, by name."""
    found = {}
    for module in pkgutil.walk_packages(plplan.__path__, "plplan."):
        if module.name.endswith(".forms"):
            for name, cls in inspect.getmembers(importlib.import_module(module.name)):
                if inspect.isclass(cls) and issubclass(cls, FlaskForm) and cls is not FlaskForm:
                    found[name] = cls
    return found


def form_fields(cls) -> dict[str, list[str]]:
    """A form class's field names, each with the values its static choices offer."""
    fields = {}
    for klass in reversed(cls.__mro__):
        for name, unbound in vars(klass).items():
            if isinstance(unbound, UnboundField):
                choices = unbound.kwargs.get("choices") or []
                fields[name] = [str(c.value if hasattr(c, "value") else c[0]) for c in choices]
                if issubclass(unbound.field_class, (FloatField, IntegerField)):
                    fields[name] = NUMBERS
    return fields


def _source_with_helpers(view) -> str:
    """The view's source and that of the module's functions it calls, transitively."""
    view = inspect.unwrap(view)
    module = inspect.getmodule(view)
    seen, todo, source = set(), [view], ""
    while todo:
        function = todo.pop()
        text = inspect.getsource(function)
        source += text
        for name in set(re.findall(r"\b(\w+)\(", text)) - seen:
            seen.add(name)
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                todo.append(helper)
    return source


def endpoint_fields(view) -> dict[str, list[str]]:
    """The fields an endpoint may read: those of the form classes its code names (with their
    choices), and every quoted name in its code (what it reads from request.form or .args)."""
    source = _source_with_helpers(view)
    fields: dict[str, list[str]] = {n: [] for n in re.findall(r"[\"']([a-z_]{2,20})[\"']", source)}
    for name, cls in form_classes().items():
        if re.search(rf"\b{name}\b", source):
            fields.update(form_fields(cls))
    if "_answer(" in source:  # a plan part's conflict answer and its inputs
        fields.update({c.name: [] for kind in ROW_KINDS.values() for c in kind.columns})
        fields.update(choice=["mine", "theirs", "merged"], value=[])
    return fields


def routes(app, method: str) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def fuzz_world(app, make_team):
    """One of everything a URL can point at, owned by a team the leader leads."""
    world = make_team(leader=Role.LEADER, coleader=Role.LEADER, member=Role.MEMBER)
    world.skills = seed_team_skills(app, world.id)
    with_default_areas(app, world)
    area_id = next(iter(world.areas.values()))
    set_cells(app, (area_id, world.membership_ids["member"], "R"))
    goal_id = make_goal(
        app,
        world.id,
        world.person("member").id,
        mentor_id=world.person("leader").id,
        numbers=(0, 10, "interviews"),
    )
    (checkin_id,) = add_checkins(app, goal_id, 1)
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        team = db.session.get(Team, world.id)
        plan = vision.create_plan(team, "Checkout 2027", leader)
        item = vision.add_item(plan, "pillar", {"title": "Mobile first"}, leader)
        vision.add_item(plan, "pillar", {"title": "Trust"}, leader)
        db.session.flush()
        vision.save_field(plan, vision.get_field(plan, "vision"), "Faster", 0, leader)
        comment = comments.add_comment(plan, "vision", "Why?", leader)
        invitation, world.token = teams.create_invitation(team, Role.MEMBER, 7, leader)
        area = db.session.get(Area, area_id)  # carries every kind of working data
        switched_on = set(
            db.session.scalars(sa.select(AreaModule.kind).where(AreaModule.area_id == area_id))
        )
        db.session.add_all(
            AreaModule(area_id=area_id, kind=kind) for kind in MODULES if kind not in switched_on
        )
        line = budget.add_line(team, area, "Hosting", "Tools", None, None, 100000, "month", leader)
        kpi = kpis.add_kpi(team, area, kpis.CATALOGUE_BY_KEY["pql"])
        link, _ = share.create_share_link(
            team,
            plan,
            source="draft",
            sections=["vision"],
            paper="a4",
            days=7,
            label="Board",
            creator=leader,
        )
        api_token, _ = create_token(leader, "Fuzz", None, False, None)
        db.session.commit()
        revision_id = db.session.scalar(
            sa.select(sa.func.max(PlanRevision.id)).where(PlanRevision.plan_id == plan.id)
        )
        world.ids = {
            "member_id": world.membership_ids["member"],
            "invitation_id": invitation.id,
            "area_id": area_id,
            "goal_id": goal_id,
            "checkin_id": checkin_id,
            "skill_id": next(iter(world.skills.values())),
            "plan_id": plan.id,
            "item_id": item.id,
            "revision_id": revision_id,
            "comment_id": comment.id,
            "link_id": link.id,
            "line_id": line.id,
            "kpi_id": kpi.id,
            "token_id": api_token.id,
            "message_id": failed_delivery(team),
        }
    return world


def url_for_rule(rule, world) -> str:
    def value(match):
        name = match.group(2)
        if name == "slug":
            return world.slug
        if name == "key":
            return "vision"
        if name in ("token", "filename"):
            return world.token
        if name == "digest":  # an uploaded bundle's SHA-256: none was uploaded
            return "0" * 64
        return str(world.ids[name])

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule.rule)


def fingerprint_query():
    """One statement: per table its row count, the sum of its versions and how many rows have
    each nullable column set (archived, deleted, acknowledged, revoked, ...)."""
    parts = []
    for table in db.metadata.sorted_tables:
        parts.append(sa.select(sa.func.count()).select_from(table).scalar_subquery())
        for column in table.c:
            if (table.name, column.name) in MAY_CHANGE_ON_REFUSAL:
                continue
            if column.name == "version":
                parts.append(sa.select(sa.func.coalesce(sa.func.sum(column), 0)).scalar_subquery())
            elif column.nullable:
                parts.append(sa.select(sa.func.count(column)).scalar_subquery())
    return sa.select(*parts)


def digest(app) -> tuple:
    """The state a refused request must leave as it was."""
    with app.app_context():
        state = tuple(db.session.execute(fingerprint_query()).one())
        db.session.remove()
        return state


ABSENT = object()


def form_data(fields: dict[str, list[str]], world):
    """Most fields present, most with a value their choices offer (or an id of the world, or
    ordinary text) so that requests get past the first check; some with a nasty number or
    string, some left out."""
    ordinary = [str(i) for i in world.ids.values()] + ["Talked to users", "Pricing", "7"]

    def value(choices):
        good = st.sampled_from(choices or ordinary)
        nasty = st.one_of(st.sampled_from(NUMBERS), st.sampled_from(NASTY), st.text(max_size=12))
        return st.one_of(good, good, st.sampled_from(ordinary), nasty, st.just(ABSENT))

    drawn = st.fixed_dictionaries({name: value(choices) for name, choices in fields.items()})
    return drawn.map(lambda data: {k: v for k, v in data.items() if v is not ABSENT})


def prefixed(world, data: dict) -> dict:
    ids = world.ids
    prefixes = [f"goal{ids['goal_id']}-", f"ack{ids['checkin_id']}-", f"skill{ids['skill_id']}-"]
    prefixes.append("mine__")  # a conflict answered with "mine" sends its copy so
    return {**data, **{p + k: v for p in prefixes for k, v in data.items()}}


def check(app, client, method, url, data, htmx):
    before = digest(app)
    headers = {"X-CSRF-Token": client.token}
    if htmx:
        headers["HX-Request"] = "true"
    if method == "GET":
        response = client.get(url, query_string=data, headers=headers)
    else:
        response = client.open(url, method=method, data=data, headers=headers)
    status = response.status_code
    assert status < 500, f"{method} {url} {data!r} -> {status}"
    if 400 <= status < 500:
        assert digest(app) == before, f"{method} {url} {data!r} -> {status} but changed rows"


def signed_in(client_as, world, role):
    client = client_as(world.person(role) if role else None)
    client.token = client.csrf_token()
    return client


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def pytest_generate_tests(metafunc):
    """One test per POST endpoint of the app, named after it."""
    if "post_endpoint" in metafunc.fixturenames:
        app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        metafunc.parametrize("post_endpoint", [r.endpoint for r in routes(app, "POST")])


def _rule(app, endpoint, method):
    return next(r for r in routes(app, method) if r.endpoint == endpoint)


@FUZZ
@given(data=st.data())
def test_no_post_answers_5xx_and_a_refused_one_changes_nothing(
    app, client_as, fuzz_world, post_endpoint, data
):
    rule = _rule(app, post_endpoint, "POST")
    role = None if rule.rule.startswith(("/auth/", "/join/")) else "leader"
    if post_endpoint in ("auth.logout", "auth.change_password", "auth.profile"):
        role = "member"
    client = signed_in(client_as, fuzz_world, role)
    fields = endpoint_fields(app.view_functions[post_endpoint])
    fields = prefixed(fuzz_world, data.draw(form_data(fields, fuzz_world), label="form"))
    htmx = data.draw(st.booleans(), label="htmx")
    check(app, client, "POST", url_for_rule(rule, fuzz_world), fields, htmx)


# The pages whose views read the query string (request.args, `next`, `invite`, the options).
QUERY_PAGES = [
    "auth.login",
    "auth.register",
    "vision.revisions",
    "vision.compare",
    "export.one_pager",
    "export.one_pager_markdown",
]


@settings(FUZZ, max_examples=5 * len(QUERY_PAGES))
@given(data=st.data())
def test_no_query_string_makes_a_page_answer_5xx(app, client_as, fuzz_world, data):
    endpoint = data.draw(st.sampled_from(QUERY_PAGES), label="page")
    rule = _rule(app, endpoint, "GET")
    client = signed_in(client_as, fuzz_world, "leader")
    query = data.draw(form_data(endpoint_fields(app.view_functions[endpoint]), fuzz_world))
    check(app, client, "GET", url_for_rule(rule, fuzz_world), query, False)
