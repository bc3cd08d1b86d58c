"""Query counts per page are pinned, and do not grow with the amount of data."""

import pytest

from plplan.extensions import db
from plplan.models import Activity, Invitation, Membership, Role, Team, User, utcnow
from plplan.teams.roster import PAGE
from plplan.teams.views import HOME_PEOPLE
from plplan.vision.services import create_plan, publish

PAGES = {
    # page: (path, queries); every page reads the person with their teams and unread count (1,
    # plplan.signed_in); team pages include the nav's "needs your attention" count (1)
    # team home: + current plan with its publication (1), my goals (2, which also give the nav's
    # count), my responsibilities (1), my communications due (1), the getting-started steps a
    # leader sees (1), the first people (1), recent activity (1)
    "team home": ("/t/{slug}/", 9),
    "members": ("/t/{slug}/members", 3),
    "invitations": ("/t/{slug}/invitations", 3),
    "my teams": ("/home", 2),
}


def grow(app, team, make_user, n: int) -> None:
    """Add n members, n activity entries and n pending invitations to the team."""
    people = [make_user() for _ in range(n)]
    with app.app_context():
        for person in people:
            db.session.add(Membership(team_id=team.id, user_id=person.id, role=Role.MEMBER))
            db.session.add(
                Activity(
                    team_id=team.id,
                    actor_id=person.id,
                    verb="joined",
                    object_type="membership",
                    summary="joined the team",
                )
            )
            db.session.add(
                Invitation(
                    team_id=team.id,
                    token_hash=f"{person.id:064d}",
                    role=Role.MEMBER,
                    expires_at=utcnow().replace(year=2100),
                    created_by_id=team.person("leader").id,
                )
            )
        db.session.commit()


@pytest.fixture
def published_plan(team, app):
    """The team's current plan, published once: the team home shows it."""
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        publish(plan, leader)
        db.session.commit()


def queries_for(client, count_queries, path: str) -> int:
    client.get(path)  # warm up: the session cookie, the CSRF token
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_flat(
    page, team, published_plan, client_as, count_queries, app, make_user
):
    path, pinned = PAGES[page]
    path = path.format(slug=team.slug)
    client = client_as(team.person("leader"))
    small = queries_for(client, count_queries, path)
    grow(app, team, make_user, 25)
    large = queries_for(client, count_queries, path)
    assert small == large == pinned


def test_the_team_home_of_200_people_names_a_few_and_links_to_everyone(
    team, client_as, app, make_user
):
    grow(app, team, make_user, 200)
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/").get_data(as_text=True)
    people = page.split('<ul class="people">', 1)[1].split("</ul>", 1)[0]
    assert people.count("<li>") == HOME_PEOPLE
    assert "All 203 people" in page and len(page) < 40_000


def test_the_members_page_of_200_people_shows_a_page_of_them(team, client_as, app, make_user):
    grow(app, team, make_user, 200)
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/members").get_data()
    assert page.count(b"<tr>") == PAGE + 1  # the header row, then a page of people
    assert b"People 1\xe2\x80\x93%d of 203." % PAGE in page and len(page) < 100_000
