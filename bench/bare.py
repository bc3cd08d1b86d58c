"""The bare reference: Flask + Jinja, one query on the same database, nothing else.

Every bench number is read against it, so the machine's speed at that moment cancels out.
`gunicorn --chdir bench 'bare:create_bare_app()'` serves it on $DATABASE_URL.
"""

import os

import sqlalchemy as sa
from flask import Flask, render_template_string

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ team }} · bare</title></head>
<body><main><h1>{{ team }}</h1><p>One query, one template.</p></main></body></html>
"""


def create_bare_app(database_url: str | None = None) -> Flask:
    """A page that reads one team's name; `database_url` defaults to $DATABASE_URL."""
    url = database_url or os.environ["DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    engine = sa.create_engine(url)
    app = Flask(__name__)

    @app.get("/")
    def page():
        with engine.connect() as connection:
            team = connection.execute(sa.text("SELECT name FROM team ORDER BY id LIMIT 1"))
            return render_template_string(PAGE, team=team.scalar())

    return app
