"""The search page: GET only, the query in the address, results without JavaScript."""

from flask import Blueprint, request

from plplan.authz import Capability, team_view
from plplan.htmx import render
from plplan.models import Membership
from plplan.search.results import search

bp = Blueprint("search", __name__, url_prefix="/t/<slug>")


@bp.get("/search")
@team_view(Capability.READ)
def results(membership: Membership):
    """What the team's header search box asks; an empty box shows the form alone."""
    text = request.args.get("q", "")
    found = search(membership, text) if text else None
    return render("search/results.html", None, 200, team=membership.team, q=text, results=found)
