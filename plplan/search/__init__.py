"""Search across a team's plans, comments, areas, goals, check-ins and area data.

`documents` keeps one search document per searchable thing current (session events),
`schema` is the database's full-text index over them, `query` reads the search box and asks
the index, `results` applies who may see what and highlights, `views` is the page.
"""

from flask import Flask

from plplan.extensions import db
from plplan.search import schema  # noqa: F401  (the index is created with the table)
from plplan.search.documents import listen, reindex
from plplan.search.results import Results, search

__all__ = ["Results", "register_search", "reindex", "search"]


def register_search(app: Flask) -> None:
    """The search page, and search kept current by every session of the app."""
    from plplan.search.views import bp

    listen(db.session)
    app.register_blueprint(bp)
