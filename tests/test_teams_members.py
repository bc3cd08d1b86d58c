"""A big team's people page: a page of people at a time, and a search by name (or by email,
for those who may see emails)."""

import re

import pytest

from plplan.extensions import db
from plplan.models import Membership, Role, Team
from plplan.teams.roster import PAGE


@pytest.fixture
def big_team(team, app, make_user):
    """The team with PAGE + 10 more members, "Person 000" onwards, one of them "Zoe Last"."""
    people = [make_user(f"Person {n:03}") for n in range(PAGE + 9)]
    people.append(make_user("Zoe Last", "zoe@elsewhere.example"))
    with app.app_context():
        for person in people:
            db.session.add(Membership(team_id=team.id, user_id=person.id, role=Role.MEMBER))
        db.session.commit()
    return team


def names(page: str) -> list[str]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        name.strip()
        for name in re.findall(r"<tr>\s*<td>(?:<span class=\"avatar\"[^>]*></span>)?([^<]+)", body)
    ]


def test_the_second_page_shows_the_people_after_the_first(big_team, client_as):
    client = client_as(big_team.person("leader"))
    everyone = PAGE + 13  # leader, member, viewer and the crowd
    first = client.get(f"/t/{big_team.slug}/members").get_data(as_text=True)
    assert names(first)[:3] == ["Leader", "Member", "Person 000"]
    assert len(names(first)) == PAGE
    assert f"People 1–{PAGE} of {everyone}." in first
    assert "Previous people" not in first
    link = re.search(r'<a href="([^"]+)" rel="next">Next people</a>', first)[1]
    assert link == f"/t/{big_team.slug}/members?page=2"

    second = client.get(link).get_data(as_text=True)
    assert names(second)[0] == f"Person {PAGE - 2:03}"
    assert names(second)[-2:] == ["Viewer", "Zoe Last"]
    assert f"People {PAGE + 1}–{everyone} of {everyone}." in second
    assert "Next people" not in second and 'rel="prev">Previous people' in second


def test_a_page_past_the_end_shows_the_first(big_team, client_as):
    page = client_as(big_team.person("leader")).get(f"/t/{big_team.slug}/members?page=9")
    assert names(page.get_data(as_text=True))[0] == "Leader"


def test_a_search_finds_people_by_name_and_leaders_by_email(big_team, client_as):
    leader = client_as(big_team.person("leader"))
    page = leader.get(f"/t/{big_team.slug}/members?q=zoe").get_data(as_text=True)
    assert names(page) == ["Zoe Last"]
    assert "1 person matching “zoe”." in page
    by_email = leader.get(f"/t/{big_team.slug}/members?q=ELSEWHERE").get_data(as_text=True)
    assert names(by_email) == ["Zoe Last"]
    none = leader.get(f"/t/{big_team.slug}/members?q=100%25").get_data(as_text=True)
    assert "Nobody matches “100%”." in none and "<tbody>" not in none


def test_a_viewer_searches_names_only(big_team, client_as):
    """Viewers do not see emails: a search must not find people by theirs either."""
    viewer = client_as(big_team.person("viewer"))
    page = viewer.get(f"/t/{big_team.slug}/members?q=elsewhere").get_data(as_text=True)
    assert "Nobody matches “elsewhere”." in page


def test_htmx_gets_the_list_alone(big_team, client_as):
    client = client_as(big_team.person("leader"))
    response = client.get(f"/t/{big_team.slug}/members?q=Last", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="people-found">')
    assert "<h1>" not in fragment and names(fragment) == ["Zoe Last"]


def test_each_row_names_its_person_in_its_forms(team, client_as, app, make_user):
    """The sentences are translated once a page and filled in per row: names and a team
    name with "%" or markup still come out whole and escaped."""
    odd = make_user('Ann "<b>" 100%')
    with app.app_context():
        membership = Membership(team_id=team.id, user_id=odd.id, role=Role.VIEWER)
        db.session.add(membership)
        db.session.get(Team, team.id).name = "100% <Club>"
        db.session.commit()
        membership_id = membership.id
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/members").get_data(as_text=True)
    who = "Ann &#34;&lt;b&gt;&#34; 100%"
    assert f">Role of {who}</label>" in page
    assert f">Remove {who}</button>" in page
    assert f'data-confirm="Remove {who} from 100% &lt;Club&gt;? Their responsibilities' in page
    row = page.split(f">Role of {who}</label>")[1].split("</select>")[0]
    assert re.findall(r'<option value="(\w+)" selected>', row) == ["viewer"]
    for action in ["role", "remove"]:
        assert f'action="/t/{team.slug}/members/{membership_id}/{action}"' in page
