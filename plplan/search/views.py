"""The search page: GET only, the query and the page in the address, results without
JavaScript."""

from flask import Blueprint, request

from plplan.authz import Capability, team_view
from plplan.htmx import render
from plplan.models import Membership
from plplan.search.results import search

bp = Blueprint("search", __name__, url_prefix="/t/<slug>")


@bp.get("/search")
@team_view(Capability.READ)
def results(membership: Membership):
    """What the team's header search box asks, a page of results at a time (`?page=`);
    an empty box shows the form alone; htmx gets the results alone."""
    text = request.args.get("q", "")
    found = search(membership, text, request.args.get("page", 1, type=int)) if text else None
    return render(
        "search/results.html", "results", 200, team=membership.team, q=text, results=found
    )
