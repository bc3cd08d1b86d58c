"""Browser journey: the closed goals archive, reached from My goals and filtered."""

import re

import pytest
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.goals import services
from plplan.models import Goal, Role
from tests.browser import assert_accessible, wait_for_htmx
from tests.goals_factory import make_goal, seed_team_skills

pytestmark = pytest.mark.browser


def test_member_finds_closed_goals_from_my_goals_and_filters_them(
    page, live_server, make_team, app, sign_in
):
    cast = make_team(leader=Role.LEADER, owner=Role.MEMBER)
    seed_team_skills(app, cast.id)
    owner = cast.person("owner").id
    done = make_goal(app, cast.id, owner, title="Run interviews alone", skill_name="Communication")
    dropped = make_goal(
        app, cast.id, owner, title="Own the roadmap", skill_name="Strategic thinking"
    )
    make_goal(app, cast.id, owner, title="Still going")
    with app.app_context():
        services.close_goal(
            db.session.get(Goal, done), "done", "achieved", "Silence makes people talk."
        )
        services.close_goal(db.session.get(Goal, dropped), "dropped", "missed", "Too early for me.")
        db.session.commit()

    sign_in(page, live_server, cast.person("owner"))
    page.goto(f"{live_server}/t/{cast.slug}/goals/")
    expect(page.get_by_role("link", name="Still going")).to_be_visible()
    expect(page.get_by_role("link", name="Run interviews alone")).to_have_count(0)
    page.get_by_role("link", name="Closed goals").click()
    page.wait_for_url(re.compile(r"/goals/closed$"))
    wait_for_htmx(page)
    page.evaluate("window.__marker = 1")
    expect(page.get_by_role("heading", name="2 closed goals")).to_be_visible()
    expect(page.get_by_text("Silence makes people talk.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Outcome").select_option(label="Missed")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="1 closed goal", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Own the roadmap")).to_be_visible()
    expect(page.get_by_role("link", name="Run interviews alone")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1  # the list was swapped in place
    assert "outcome=missed" in page.url  # and the filtered view has its own address

    page.get_by_label("Outcome").select_option(label="Any outcome")
    page.get_by_label("Skill").select_option(label="Communication")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Run interviews alone")).to_be_visible()
    expect(page.get_by_role("link", name="Own the roadmap")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Run interviews alone").click()
    expect(page.get_by_role("heading", name="Run interviews alone")).to_be_visible()
