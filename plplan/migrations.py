"""Flask-Migrate (Alembic), loaded only when a migration runs: Alembic with Mako and Pygments
is 9 of the 81 MiB a worker held after boot, and no request needs it.

`flask db ...` works as Flask-Migrate documents it; code that calls its functions
(`flask_migrate.upgrade()`) attaches it first with `attach_migrations(app)`.
"""

import click
from flask import Flask, current_app


def _include_object(*args) -> bool:
    """Leave the search index's own objects (no model describes them) out of comparisons."""
    from plplan.search.schema import include_object

    return include_object(*args)


MIGRATE_OPTIONS = {"compare_type": True, "render_as_batch": True, "include_object": _include_object}


def register_migrations(app: Flask, directory: str) -> None:
    """Offer `flask db`; Flask-Migrate is imported when that command runs."""
    app.config["PLPLAN_MIGRATIONS"] = directory
    app.cli.add_command(_Migrations("db", help="Perform database migrations."))


def attach_migrations(app: Flask) -> None:
    """Attach Flask-Migrate to `app` (once), as its init_app does."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        from plplan.extensions import db

        Migrate(**MIGRATE_OPTIONS).init_app(app, db, directory=app.config["PLPLAN_MIGRATIONS"])


class _Migrations(click.Group):
    """Stands in for Flask-Migrate's `db` group until it is invoked, then hands over to it."""

    def make_context(self, info_name, args, parent=None, **extra):
        attach_migrations(current_app)
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)
