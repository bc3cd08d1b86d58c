"""`flask plplan demo` and `flask plplan create-user`."""

import sqlalchemy as sa

from plplan.cli import plplan_cli
from plplan.demo import DEMO_PASSWORD, DEMO_PEOPLE
from plplan.extensions import db
from plplan.models import Membership, Role, Team, User


def test_demo_fills_an_empty_database_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(plplan_cli, ["demo"])
    assert result.exit_code == 0, result.output
    for email, _, _ in DEMO_PEOPLE:
        assert email in result.output
    assert DEMO_PASSWORD in result.output
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        roles = sorted(m.role for m in db.session.scalars(sa.select(Membership)))
        assert team.name == "Checkout & Payments"
        assert roles == [Role.VIEWER] + [Role.MEMBER] * 4 + [Role.LEADER]
    again = runner.invoke(plplan_cli, ["demo", "--if-empty"])
    assert again.exit_code == 0 and "already has data" in again.output
    assert runner.invoke(plplan_cli, ["demo"]).exit_code != 0


def test_demo_logins_work(app, client):
    app.test_cli_runner().invoke(plplan_cli, ["demo"])
    email = DEMO_PEOPLE[0][0]
    response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 303


def test_create_user(app):
    runner = app.test_cli_runner()
    args = [
        "create-user",
        "--email",
        "Ops@Example.com",
        "--name",
        "Ops",
        "--password",
        "long enough pw",
    ]
    result = runner.invoke(plplan_cli, args)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User.email)) == "ops@example.com"
    assert runner.invoke(plplan_cli, args).exit_code != 0
