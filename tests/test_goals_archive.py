"""The closed goals archive: closed goals leave the open lists and are found here, by person,
skill, how they were closed and their outcome, with the privacy rule of every goals page."""

import pytest

from plplan.extensions import db
from plplan.goals import services
from plplan.models import Goal, Membership, Role
from tests.goals_factory import make_goal, seed_team_skills
from tests.test_queries import queries_for


@pytest.fixture
def cast(make_team, app):
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER, other=Role.MEMBER, viewer=Role.VIEWER)
    seed_team_skills(app, world.id)
    return world


def close(app, goal_id: int, status="done", outcome="achieved", learned="Ask open questions."):
    with app.app_context():
        services.close_goal(db.session.get(Goal, goal_id), status, outcome, learned)
        db.session.commit()


def archive(client, cast, query: str = "", team_wide: bool = False) -> str:
    path = f"/t/{cast.slug}/goals/{'team/' if team_wide else ''}closed{query}"
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_closed_goal_leaves_my_goals_and_team_growth_and_is_in_the_archives(cast, client_as, app):
    owner = cast.person("owner")
    goal_id = make_goal(app, cast.id, owner.id, title="Run interviews alone")
    close(app, goal_id, learned="Silence makes people talk.")
    mine = client_as(owner).get(f"/t/{cast.slug}/goals/").get_data(as_text=True)
    assert "Run interviews alone" not in mine
    assert f'href="/t/{cast.slug}/goals/closed"' in mine
    growth = (
        client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    )
    assert "Run interviews alone" not in growth
    assert f'href="/t/{cast.slug}/goals/team/closed"' in growth

    page = archive(client_as(owner), cast)
    assert "Run interviews alone" in page and "Silence makes people talk." in page
    assert "Outcome: <strong>Achieved</strong>" in page
    assert "Run interviews alone" in archive(client_as(cast.person("leader")), cast, team_wide=True)


def test_my_archive_holds_only_my_goals(cast, client_as, app):
    close(app, make_goal(app, cast.id, cast.person("owner").id, title="Mine, closed"))
    close(app, make_goal(app, cast.id, cast.person("other").id, title="Theirs, closed"))
    make_goal(app, cast.id, cast.person("owner").id, title="Mine, open")
    page = archive(client_as(cast.person("owner")), cast)
    assert "Mine, closed" in page
    assert "Theirs, closed" not in page and "Mine, open" not in page
    assert "1 closed goal<" in page


def test_team_archive_filters_by_person_skill_status_and_outcome(cast, client_as, app):
    owner, other = cast.person("owner").id, cast.person("other").id
    close(app, make_goal(app, cast.id, owner, title="Talks", skill_name="Communication"))
    close(
        app,
        make_goal(app, cast.id, other, title="Roadmap", skill_name="Strategic thinking"),
        status="dropped",
        outcome="missed",
    )
    close(
        app,
        make_goal(app, cast.id, other, title="Pitch", skill_name="Communication"),
        outcome="partly",
    )
    with app.app_context():
        skills = {g.title: g.skill_id for g in db.session.query(Goal)}
    client = client_as(cast.person("leader"))

    def titles(query: str) -> set[str]:
        page = archive(client, cast, query, team_wide=True)
        return {t for t in ("Talks", "Roadmap", "Pitch") if f">{t}</a>" in page}

    assert titles("") == {"Talks", "Roadmap", "Pitch"}
    assert titles(f"?person={other}") == {"Roadmap", "Pitch"}
    assert titles(f"?skill={skills['Talks']}") == {"Talks", "Pitch"}
    assert titles("?status=dropped") == {"Roadmap"}
    assert titles("?outcome=partly") == {"Pitch"}
    assert titles(f"?person={other}&skill={skills['Talks']}&outcome=partly") == {"Pitch"}
    assert titles("?outcome=nonsense&skill=abc") == {"Talks", "Roadmap", "Pitch"}  # ignored
    assert "No closed goals match these filters." in archive(
        client, cast, f"?person={owner}&status=dropped", team_wide=True
    )


def test_private_closed_goals_follow_the_visibility_rule(cast, client_as, app):
    close(app, make_goal(app, cast.id, cast.person("owner").id, title="Quiet one", private=True))
    assert "Quiet one" in archive(client_as(cast.person("owner")), cast)
    assert "Quiet one" in archive(client_as(cast.person("leader")), cast, team_wide=True)
    assert "Quiet one" not in archive(client_as(cast.person("other")), cast)


def test_only_reviewers_reach_the_team_archive(cast, client_as):
    assert (
        client_as(cast.person("other")).get(f"/t/{cast.slug}/goals/team/closed").status_code == 403
    )
    assert client_as(cast.person("viewer")).get(f"/t/{cast.slug}/goals/closed").status_code == 403


def test_a_filter_answers_htmx_with_the_list_alone(cast, client_as, app):
    close(app, make_goal(app, cast.id, cast.person("owner").id, title="Talks"))
    response = client_as(cast.person("owner")).get(
        f"/t/{cast.slug}/goals/closed?outcome=achieved", headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="closed-list"') and "Talks" in body
    assert "<html" not in body


@pytest.mark.parametrize("team_wide, who, pinned", [(False, "owner", 4), (True, "leader", 5)])
def test_archive_query_count_is_pinned_and_flat(
    cast, client_as, count_queries, app, make_user, team_wide, who, pinned
):
    path = f"/t/{cast.slug}/goals/{'team/' if team_wide else ''}closed"
    client = client_as(cast.person(who))
    close(app, make_goal(app, cast.id, cast.person("owner").id))
    small = queries_for(client, count_queries, path)
    for n in range(6):
        person = make_user()
        with app.app_context():
            db.session.add(Membership(team_id=cast.id, user_id=person.id, role=Role.MEMBER))
            db.session.commit()
        close(app, make_goal(app, cast.id, person.id, title=f"Goal {n}", private=n % 2 == 0))
        close(app, make_goal(app, cast.id, cast.person("owner").id, title=f"Own {n}"))
    large = queries_for(client, count_queries, path)
    assert small == large == pinned
