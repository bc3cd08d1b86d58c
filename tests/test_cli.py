"""`flask plplan demo` and `flask plplan create-user`."""

import sqlalchemy as sa

from plplan.cli import plplan_cli
from plplan.demo_people import DEMO_PASSWORD, DEMO_PEOPLE
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
    assert all(email in again.output for email, _, _ in DEMO_PEOPLE)  # the second `make run`
    assert DEMO_PASSWORD in again.output
    assert runner.invoke(plplan_cli, ["demo"]).exit_code != 0


def test_demo_logins_work(app, client):
    app.test_cli_runner().invoke(plplan_cli, ["demo"])
    email = DEMO_PEOPLE[0][0]
    response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 303


def test_other_data_is_not_passed_off_as_the_demo(app, make_user):
    make_user()
    again = app.test_cli_runner().invoke(plplan_cli, ["demo", "--if-empty"])
    assert again.exit_code == 0 and "already has data" in again.output
    assert DEMO_PASSWORD not in again.output


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


def _every_row(app) -> dict[str, list]:
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(sa.select(table))), key=repr)
            for table in db.metadata.sorted_tables
        }


def test_backup_and_restore_round_trip_the_demo_team(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(plplan_cli, ["demo"]).exit_code == 0
    before = _every_row(app)
    assert all(before[name] for name in ("user", "team", "membership", "area", "goal", "plan"))
    path = tmp_path / "plplan.backup"
    result = runner.invoke(plplan_cli, ["backup", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():  # a bad day after the backup: a team gone, a name changed
        db.session.execute(sa.delete(Team))
        db.session.execute(sa.update(User).values(display_name="Overwritten"))
        db.session.commit()
    assert _every_row(app) != before
    result = runner.invoke(plplan_cli, ["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    assert _every_row(app) == before


def test_restore_refuses_a_file_that_is_no_backup(app, tmp_path):
    app.test_cli_runner().invoke(plplan_cli, ["demo"])
    before = _every_row(app)
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup")
    result = app.test_cli_runner().invoke(plplan_cli, ["restore", "--yes", str(junk)])
    assert result.exit_code != 0 and "Error" in result.output
    assert _every_row(app) == before
