"""The Alembic migrations build exactly the schema the models describe, both ways."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from plplan import create_app
from plplan.extensions import db
from plplan.migrations import MIGRATE_OPTIONS, attach_migrations


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database of its own, so migrating never touches the one the other tests use."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.sqlite"
        return
    name = f"{url.database}_migrations"
    admin = sa.create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": MIGRATE_OPTIONS["include_object"]}
        )
        return compare_metadata(context, db.metadata)


def test_migrations_match_models_and_run_both_ways(empty_database_url):
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    attach_migrations(app)
    with app.app_context():
        upgrade()
        assert schema_differences(app) == []
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert schema_differences(app) == []
        db.engine.dispose()
