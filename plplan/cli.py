"""`flask plplan ...` commands."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from plplan.auth.services import find_user, register_user
from plplan.backup import BackupError, backup, restore
from plplan.demo import database_is_empty, load_demo
from plplan.demo_people import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEAM, demo_logins
from plplan.extensions import db
from plplan.formatting import plural
from plplan.models import utcnow
from plplan.notifications import rhythm
from plplan.notifications.deliver import deliver_due
from plplan.passwords import is_guessable
from plplan.search import reindex

plplan_cli = AppGroup("plplan", help="plplan administration.")


@plplan_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users already.")
def demo(if_empty: bool) -> None:
    """Fill an empty database with a realistic demo team and print the logins."""
    if not database_is_empty():
        if not if_empty:
            raise click.ClickException("The demo needs an empty database.")
        click.echo("Database already has data; demo not loaded.")
        people = demo_logins()
        if people:
            _echo_logins(f"The demo team “{DEMO_TEAM}” is there. Log in with any of these:", people)
        return
    team = load_demo()
    db.session.commit()
    _echo_logins(f"Demo team “{team.name}” is ready. Log in with any of these:", DEMO_PEOPLE)


def _echo_logins(heading: str, people) -> None:
    click.echo(heading)
    for email, name, role in people:
        click.echo(f"  {email:<22} {DEMO_PASSWORD}   {name} ({role.label.lower()})")


@plplan_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild every search document (after upgrading, or after rows were bulk-loaded)."""
    count = reindex(db.session.connection())
    db.session.commit()
    click.echo(f"Indexed {count} search documents.")


@plplan_cli.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt="Display name")
@click.password_option()
def create_user(email: str, name: str, password: str) -> None:
    """Create an account."""
    if find_user(email):
        raise click.ClickException(f"{email} already has an account.")
    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    if is_guessable(password, email):
        raise click.ClickException("That password is among the most common ones; choose another.")
    register_user(email, name, password)
    db.session.commit()
    click.echo(f"Created {email}.")


@plplan_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a copy of the whole database to PATH (safe while the app runs)."""
    try:
        backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the database to {path}.")


@plplan_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces every row in the database with the backup. Go on?")
def restore_command(path: Path) -> None:
    """Replace the database's contents with the backup at PATH (stop the app servers first)."""
    try:
        restore(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the database from {path}.")


@plplan_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped (Ctrl-C).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between looks (--loop).")
def deliver_command(loop: bool, interval: float) -> None:
    """Queue the reminders and digests whose time has come, then send the outbox's due mails
    (to the log without SMTP_HOST); with --loop, keep at it, whatever error one look meets."""
    try:
        while True:
            went_well = _deliver_once(loop)
            if not loop:
                if not went_well:
                    raise click.ClickException("Delivery failed; the log shows why.")
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Deliverer stopped.")


def _deliver_once(loop: bool) -> bool:
    """One look: the rhythm, then the outbox. An error in either (a database hiccup, a bug)
    is logged with its traceback and rolled back, and the outbox is sent even when the
    rhythm failed; whether both went well."""
    went_well = True
    try:
        rhythm.run(utcnow())
    except Exception:
        went_well = _logged_and_undone("Queueing the reminders and digests failed")
    try:
        done = deliver_due()
    except Exception:
        return _logged_and_undone("Sending the outbox failed")
    if done.sent or done.failed or not loop:
        failed = f"; {done.failed} failed, to be retried" if done.failed else ""
        click.echo(f"Delivered {plural(done.sent, 'mail', 'mails')}{failed}.")
    return went_well


def _logged_and_undone(what: str) -> bool:
    """Log the error being handled, with its traceback, and roll its transaction back; False."""
    current_app.logger.exception(what)
    db.session.rollback()
    return False
