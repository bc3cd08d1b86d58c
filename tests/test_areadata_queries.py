"""The area pages with a budget run a fixed number of queries, however many lines × months."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import BudgetLine
from tests import areadata_world
from tests.areadata_world import add_line
from tests.test_queries import queries_for

PAGES = {
    # the area page: area + modules, its row of the grid (2), history (2), the budget (lines,
    # amounts, pillars) and the session (the person with their teams, plplan.signed_in)
    "area": ("/t/{slug}/responsibilities/areas/{area_id}", 11),
    "grid": ("/t/{slug}/responsibilities/", 6),  # + the budget signal
    "line": ("/t/{slug}/responsibilities/areas/{area_id}/budget/lines/{line_id}", 8),
    "csv": ("/t/{slug}/responsibilities/areas/{area_id}/budget.csv", 4),
}

budget_world = areadata_world.budget_world  # the fixture


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_flat_from_one_line_to_50_lines_by_12_months(
    page,
    budget_world,
    client_as,
    count_queries,
    app,
):
    line_id = add_line(app, budget_world, "Line 0", 100000, actuals=[90000] * 6)
    path, pinned = PAGES[page]
    path = path.format(slug=budget_world.slug, area_id=budget_world.area_id, line_id=line_id)
    client = client_as(budget_world.person("holder"))
    small = queries_for(client, count_queries, path)
    for n in range(1, 50):
        add_line(app, budget_world, f"Line {n}", 100000 + n, actuals=[95000 + n] * 6)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BudgetLine)) == 50
    large = queries_for(client, count_queries, path)
    assert small == large == pinned
