"""The communication plan's pages run a fixed number of queries, however many rows and times
done: the area page, the grid's signal, the owner's due list."""

import pytest

from tests.comms_world import COMMS, add_comm, add_done, days_ago, with_comms
from tests.test_queries import queries_for

PAGES = {
    # the area page without a plan (7, tests/test_responsibilities_queries.py) + rows (1) + the
    # latest times each was done (1); the grid (5) + one signal per kind in use: the team's
    # seeded budget, KPIs and communication plan (3); My responsibilities
    # with its due list (4, ibid.); the team home without a plan (tests/test_queries.py)
    "area": ("/t/{slug}/responsibilities/areas/{area_id}", 9),
    "grid": ("/t/{slug}/responsibilities/", 8),
    "mine": ("/t/{slug}/responsibilities/mine", 4),
    "team home": ("/t/{slug}/", 9),
}


def grow(app, team, rows: int, times_done: int) -> None:
    """`rows` rows owned by the leader (a third of them late), each done `times_done` times."""
    leader = team.membership_ids["leader"]
    for n in range(rows):
        comm = add_comm(
            app,
            team.area(COMMS),
            leader if n % 2 else team.membership_ids["member"],
            what=f"Update {n}",
            cadence=["weekly", "biweekly", "monthly", "quarterly", "event"][n % 5],
            first_due=days_ago(30 if n % 3 == 0 else -3),
        )
        add_done(app, comm, *(days_ago(7 * k + 10) for k in range(times_done)), note="Sent")


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_flat_in_rows_and_times_done(
    page, team, client_as, count_queries, app
):
    with_comms(app, team)
    path, pinned = PAGES[page]
    path = path.format(slug=team.slug, area_id=team.area(COMMS))
    client = client_as(team.person("leader"))
    grow(app, team, rows=1, times_done=1)
    small = queries_for(client, count_queries, path)
    grow(app, team, rows=30, times_done=12)
    large = queries_for(client, count_queries, path)
    assert (small, large) == (pinned, pinned)
