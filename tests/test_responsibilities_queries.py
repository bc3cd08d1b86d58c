"""The responsibility pages run a fixed number of queries, however big the grid."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, Assignment, Membership, Raci, Role, Team
from plplan.responsibilities.columns import COLUMNS
from plplan.responsibilities.services import seed_default_areas
from tests.test_queries import queries_for

PAGES = {
    # page: (path, queries); pages with the team nav include its "needs your attention" count
    "grid": ("/t/{slug}/responsibilities/", 5),
    "cards": ("/t/{slug}/responsibilities/cards", 5),  # the phone layout loads it
    "area": ("/t/{slug}/responsibilities/areas/{area_id}", 7),  # its own row of the grid
    "mine": ("/t/{slug}/responsibilities/mine", 4),  # + my communications due (1)
    "areas": ("/t/{slug}/responsibilities/areas", 4),
    "csv": ("/t/{slug}/responsibilities/export.csv", 4),
}
ROLES = list(Raci) + [None]


def grow(app, team, make_user, areas: int, members: int) -> None:
    """Bring the team to `areas` areas × `members` more members, every cell filled or not."""
    people = [make_user() for _ in range(members)]
    with app.app_context():
        for n in range(areas - 6):
            db.session.add(Area(team_id=team.id, name=f"Area {n}", position=10 + n))
        for person in people:
            db.session.add(Membership(team_id=team.id, user_id=person.id, role=Role.MEMBER))
        db.session.flush()
        area_ids = db.session.scalars(sa.select(Area.id).where(Area.team_id == team.id)).all()
        member_ids = db.session.scalars(
            sa.select(Membership.id).where(
                Membership.team_id == team.id, Membership.role != Role.VIEWER
            )
        ).all()
        for i, area_id in enumerate(area_ids):
            for j, member_id in enumerate(member_ids):
                role = ROLES[(i + j) % len(ROLES)]
                if role and (role != Raci.ACCOUNTABLE or j == i % len(member_ids)):
                    db.session.add(Assignment(area_id=area_id, membership_id=member_id, role=role))
        db.session.commit()


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_flat_up_to_30_areas_by_40_members(
    page, team, client_as, count_queries, app, make_user
):
    with app.app_context():
        seed_default_areas(db.session.get(Team, team.id))
        db.session.commit()
        area_id = db.session.scalar(sa.select(sa.func.min(Area.id)))
    path, pinned = PAGES[page]
    path = path.format(slug=team.slug, area_id=area_id)
    client = client_as(team.person("leader"))
    small = queries_for(client, count_queries, path)
    grow(app, team, make_user, areas=30, members=38)  # + leader and member = 40 columns
    large = queries_for(client, count_queries, path)
    assert small == large == pinned


def test_grid_page_stays_small_at_30_areas_by_200_members(team, client_as, app, make_user):
    """A page of COLUMNS people at a time, each cell a bare letter without an id (the headers
    name the person and the area, and its place finds it), and the phone's list left out (it
    loads when asked)."""
    with app.app_context():
        seed_default_areas(db.session.get(Team, team.id))
        db.session.commit()
    grow(app, team, make_user, areas=30, members=198)
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/responsibilities/")
    assert page.status_code == 200
    body = page.data.split(b"<tbody>")[1].split(b"</tbody>")[0]
    assert body.count(b"<td") == 30 * (COLUMNS + 1)  # a cell per person shown, then the rules
    assert len(page.data) < 60_000  # 1.8 MB before, then 368 KB with every column
