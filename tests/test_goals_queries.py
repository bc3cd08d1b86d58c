"""Goals pages run a fixed number of queries, however many goals and check-ins there are."""

import re

import pytest

from plplan.extensions import db
from plplan.goals.views import PEOPLE_SHOWN
from plplan.models import Membership, Role
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.test_queries import queries_for

PAGES = {
    # page: (path, who looks, queries)
    "my goals": ("/t/{slug}/goals/", "member", 3),  # the nav counts from them
    "team growth": ("/t/{slug}/goals/team", "leader", 7),  # counts + the two lists it shows
    "a goal": ("/t/{slug}/goals/{goal_id}", "member", 5),
}


def grow(app, team, make_user, people: int, goals: int, checkins: int) -> None:
    """Add people, each with goals mentored by the team's member, each with check-ins."""
    mentor = team.person("member").id
    for _ in range(people):
        person = make_user()
        with app.app_context():
            db.session.add(Membership(team_id=team.id, user_id=person.id, role=Role.MEMBER))
            db.session.commit()
        for n in range(goals):
            goal_id = make_goal(
                app,
                team.id,
                person.id,
                title=f"Goal {n}",
                mentor_id=mentor,
                private=n % 3 == 0,
                created_days_ago=40,
            )
            add_checkins(app, goal_id, checkins, days_ago=n)


@pytest.mark.parametrize("page", PAGES)
def test_goal_pages_query_count_is_pinned_and_flat(
    page, team, client_as, count_queries, app, make_user
):
    path, who, pinned = PAGES[page]
    seed_team_skills(app, team.id)
    own_goal = make_goal(app, team.id, team.person("member").id, mentor_id=team.person("leader").id)
    add_checkins(app, own_goal, 2)
    path = path.format(slug=team.slug, goal_id=own_goal)
    client = client_as(team.person(who))
    grow(app, team, make_user, people=2, goals=2, checkins=2)
    small = queries_for(client, count_queries, path)
    grow(app, team, make_user, people=6, goals=4, checkins=5)
    add_checkins(app, own_goal, 5)
    large = queries_for(client, count_queries, path)
    assert small == large == pinned


def picture_rows(page: str) -> int:
    """The rows of the skills picture."""
    svg = re.search(r'<svg[^>]*id="skills-picture".*?</svg>', page, re.S).group(0)
    return svg.count('class="matrix-row"')


def test_team_growth_shows_the_first_people_until_everyone_is_asked_for(
    team, client_as, app, make_user
):
    seed_team_skills(app, team.id)
    grow(app, team, make_user, people=PEOPLE_SHOWN + 3, goals=1, checkins=0)
    client = client_as(team.person("leader"))
    page = client.get(f"/t/{team.slug}/goals/team").get_data(as_text=True)
    assert picture_rows(page) == PEOPLE_SHOWN
    hidden = int(re.search(r"Show\s+everyone \((\d+) more people\)", page)[1])
    assert hidden >= 3  # the grown people, and the team's own who own goals
    everyone = client.get(f"/t/{team.slug}/goals/team?people=all").get_data(as_text=True)
    assert picture_rows(everyone) == PEOPLE_SHOWN + hidden
    assert "Show" not in everyone.split('id="people-h"', 1)[1].split("</section>", 1)[0]


def test_team_growth_counts_everyone_while_it_shows_the_first_people(
    team, client_as, app, make_user
):
    seed_team_skills(app, team.id)
    everyone = PEOPLE_SHOWN + 3
    grow(app, team, make_user, people=everyone, goals=1, checkins=2)  # on Communication
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/goals/team").get_data(as_text=True)
    assert re.search(rf"{everyone} open goals ·\s+0 overdue · 0 stale", page)
    assert f"{2 * everyone} check-ins waiting for a mentor" in page
    assert f">{everyone} goals · {everyone} people</text>" in page  # Communication's bar


def test_team_growth_weighs_under_a_kilobyte_per_shown_person(team, client_as, app, make_user):
    """Each chart is drawn once and a cell carries no tooltip: the page grows with the people
    it shows by their bars, their row of the skills picture and their words for screen
    readers."""
    seed_team_skills(app, team.id)
    grow(app, team, make_user, people=PEOPLE_SHOWN + 3, goals=4, checkins=0)
    page = client_as(team.person("leader")).get(f"/t/{team.slug}/goals/team").get_data()
    assert len(page) < 20_000 + PEOPLE_SHOWN * 1_000, len(page)  # 62 KB before, 42 KB now
