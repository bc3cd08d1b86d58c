"""Fixtures: the app on a real database, clients, people and teams by role, a query counter,
and a live server driven by Debian's Chromium through Playwright.

The suite runs on SQLite by default and on PostgreSQL with `--database-url postgresql://...`.
"""

import os
import re
import shutil
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from plplan import create_app
from plplan.extensions import db
from plplan.models import Membership, Role, Team, User
from plplan.security import hash_password
from tests.queries import counting_queries

# Fixtures several modules share: the demo team and its sign-in helpers (one-pager and
# publication tests), and signed-in clients on their own app instances (race tests).
pytest_plugins = [
    "tests.api_world",
    "tests.export_world",
    "tests.races",
    "tests.webhook_server",
    "tests.notifications_cast",
    "tests.chat_world",
]

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Every hostname but ours fails at once: the CDN is unreachable, the local htmx is used.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
PASSWORD = "correct horse battery"
# Hashed once: argon2 is slow on purpose, and most tests never check the password.
_PASSWORD_HASH = hash_password(PASSWORD)


def pytest_addoption(parser):
    parser.addoption("--database-url", default=None, help="run against this database")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    for item in items:
        if "browser" in item.keywords:
            if IN_CI:
                item.add_marker(pytest.mark.xfail(reason="no Chromium", strict=True, run=False))
            else:
                item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a missing browser or database is a failure."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter and (reporter.stats.get("skipped") or reporter.stats.get("xfailed")):
        reporter.write_line("CI: tests were skipped; failing the run.", red=True)
        session.exitstatus = 1


# -- the application and its database ---------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory) -> str:
    url = request.config.getoption("--database-url")
    return url or f"sqlite:///{tmp_path_factory.mktemp('db')}/plplan-test.sqlite"


class PlplanClient(FlaskClient):
    """A test client that sends the CSRF token on every POST, as the real pages do."""

    def csrf_token(self) -> str:
        page = self.get("/auth/login", follow_redirects=True).get_data(as_text=True)
        return re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)

    def post(self, *args, csrf: bool = True, htmx: bool = False, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        if csrf:
            headers["X-CSRF-Token"] = self.csrf_token()
        if htmx:
            headers["HX-Request"] = "true"
        return super().post(*args, headers=headers, **kwargs)


def _reset_schema(app) -> None:
    with app.app_context():
        meta = sa.MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        db.create_all()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": None,
        }
    )
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    app.test_client_class = PlplanClient
    _reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test starts from empty tables (faster than a new schema, same isolation)."""
    yield
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def another_app(app):
    """`another_app(**config)`: a second app instance on the same database, as another
    gunicorn worker (or a differently configured server) would be."""

    def _another_app(**config):
        instance = create_app(
            {
                "ENV_NAME": "test",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                **config,
            }
        )
        instance.test_client_class = app.test_client_class
        return instance

    return _another_app


@pytest.fixture
def client(app) -> PlplanClient:
    return app.test_client()


@pytest.fixture
def count_queries(app):
    """`with count_queries() as q: ...` then `len(q)` is the number of SQL statements run."""
    return lambda: counting_queries(app)


# -- people and teams ---------------------------------------------------------------------------


@dataclass
class Person:
    id: int
    email: str
    name: str
    session_token: str
    password: str = PASSWORD


@dataclass
class TeamWorld:
    """A team with one person per role, plus an outsider; `person(role)` picks one."""

    id: int
    slug: str
    name: str
    people: dict[str, Person] = field(default_factory=dict)
    membership_ids: dict[str, int] = field(default_factory=dict)

    def person(self, role: str) -> Person:
        return self.people[role]


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def _make_user(name: str | None = None, email: str | None = None) -> Person:
        n = next(counter)
        name = name or f"Person {n}"
        email = email or f"person{n}-{os.getpid()}@example.com"
        with app.app_context():
            user = User(email=email.lower(), display_name=name, password_hash=_PASSWORD_HASH)
            db.session.add(user)
            db.session.commit()
            return Person(user.id, user.email, name, user.session_token)

    return _make_user


@pytest.fixture
def make_team(app, make_user):
    def _make_team(name: str = "Checkout", **roles: Role) -> TeamWorld:
        """`make_team(leader=Role.LEADER, member=Role.MEMBER, ...)`: one new person per key."""
        roles = roles or {
            "leader": Role.LEADER,
            "member": Role.MEMBER,
            "viewer": Role.VIEWER,
        }
        people = {key: make_user(name=key.capitalize()) for key in roles}
        with app.app_context():
            team = Team(name=name, slug=re.sub(r"\W+", "-", name.lower()))
            db.session.add(team)
            db.session.flush()
            memberships = {}
            for key, role in roles.items():
                membership = Membership(team_id=team.id, user_id=people[key].id, role=role)
                db.session.add(membership)
                memberships[key] = membership
            db.session.commit()
            return TeamWorld(
                team.id,
                team.slug,
                team.name,
                people,
                {key: m.id for key, m in memberships.items()},
            )

    return _make_team


@pytest.fixture
def team(make_team, make_user) -> TeamWorld:
    """The usual cast: leader, member, viewer in the team, and an outsider who is not."""
    world = make_team()
    world.people["outsider"] = make_user(name="Outsider")
    return world


@pytest.fixture
def login(app):
    """Sign a client in as a person without going through the (slow, rate-limited) form."""

    def _login(client: PlplanClient, person: Person) -> PlplanClient:
        with app.app_context():
            token = db.session.get(User, person.id).session_token
        with client.session_transaction() as session:
            session["_user_id"] = f"{person.id}:{token}"
            session["_fresh"] = True
        return client

    return _login


@pytest.fixture
def client_as(app, login):
    """A new client signed in as `person` (or anonymous for None)."""

    def _client_as(person: Person | None) -> PlplanClient:
        client = app.test_client()
        return login(client, person) if person else client

    return _client_as


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(app):
    """The app served over real HTTP on a free port, in a background thread: an instance on
    the same database whose PLPLAN_BASE_URL is that address, so the links it hands out work."""
    served = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    served.instance_path = app.instance_path
    with serving(served) as base_url:
        yield base_url


@contextmanager
def serving(served):
    """`served` over real HTTP on a free port, in a background thread, its PLPLAN_BASE_URL
    that address while it serves (then what it was: `served` may be the session's app); gives
    the address."""
    server = make_server("127.0.0.1", 0, served, threaded=True)
    base_url = served.config["PLPLAN_BASE_URL"]
    served.config["PLPLAN_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served.config["PLPLAN_BASE_URL"]
    server.shutdown()
    thread.join(5)
    served.config["PLPLAN_BASE_URL"] = base_url
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def sign_in():
    """Log a Playwright page in through the real form."""

    def _sign_in(page, base_url: str, person: Person) -> None:
        page.goto(f"{base_url}/auth/login")
        page.get_by_label("Email").fill(person.email)
        page.get_by_label("Password").fill(person.password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/(home|t/.*)$"))

    return _sign_in


# -- mail ---------------------------------------------------------------------------------------


class Mailbox(Message):
    """What a real SMTP server received: `messages` (email.message.Message objects)."""

    def __init__(self, port: int):
        super().__init__()
        self.messages = []
        self.config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False}

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture
def mailbox():
    """An SMTP server on a free local port; `another_app(**mailbox.config)` sends to it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox(port)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()
