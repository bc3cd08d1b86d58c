"""The team's side of goals over real HTTP: skills, settings, the navigation and team growth."""

import re

import sqlalchemy as sa

from plplan.cli import plplan_cli
from plplan.extensions import db
from plplan.goals.charts import BarChart
from plplan.models import CheckIn, Goal, Skill, Team
from tests import goals_world
from tests.goals_factory import add_checkins, make_goal

cast = goals_world.cast


def test_leaders_manage_skills_and_the_staleness_period(cast, client_as, app):
    leader = client_as(cast.person("leader"))
    base = f"/t/{cast.slug}/goals"
    dup = leader.post(f"{base}/skills", data={"name": "communication"})
    assert dup.status_code == 422 and "already has a skill" in dup.get_data(as_text=True)
    assert leader.post(f"{base}/skills", data={"name": "Negotiation"}).status_code == 303
    skill_id = cast.skills["Technical skills"]
    renamed = {f"skill{skill_id}-name": "Engineering", f"skill{skill_id}-levels": "Reads\nWrites"}
    assert leader.post(f"{base}/skills/{skill_id}", data=renamed).status_code == 303
    assert leader.post(f"{base}/skills/{cast.skills['Communication']}/archive").status_code == 303
    form = client_as(cast.person("owner")).get(f"{base}/new").get_data(as_text=True)
    assert "Negotiation" in form and "Engineering" in form and ">Communication<" not in form
    bad = leader.post(f"{base}/settings", data={"goal_stale_days": "0"})
    assert bad.status_code == 422 and "Choose between 1 and 365 days." in bad.get_data(as_text=True)
    assert leader.post(f"{base}/settings", data={"goal_stale_days": "7"}).status_code == 303
    with app.app_context():
        assert db.session.get(Team, cast.id).goal_stale_days == 7
        assert db.session.get(Skill, skill_id).level_names == ["Reads", "Writes"]


def test_the_navigation_counts_what_needs_my_attention(cast, client_as, app):
    owner = client_as(cast.person("owner"))
    assert 'id="goals-attention"' not in owner.get(f"/t/{cast.slug}/").get_data(as_text=True)
    make_goal(app, cast.id, cast.person("owner").id, created_days_ago=15)
    home = owner.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert 'id="goals-attention">1<' in home
    viewer = client_as(cast.person("viewer"))
    assert "My goals" not in viewer.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert viewer.get(f"/t/{cast.slug}/goals/").status_code == 403


def test_the_badge_is_the_same_on_pages_that_show_my_goals_and_on_those_that_do_not(
    cast, client_as, app
):
    """Team home and My goals count the badge from the goals they show; other pages ask."""
    make_goal(app, cast.id, cast.person("mentor").id, title="Own, stale", created_days_ago=15)
    make_goal(app, cast.id, cast.person("mentor").id, title="Own, fresh")
    mentored = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    add_checkins(app, mentored, 2)
    mentor = client_as(cast.person("mentor"))
    for path in ("/", "/goals/", "/members", "/responsibilities/"):
        page = mentor.get(f"/t/{cast.slug}{path}").get_data(as_text=True)
        assert 'id="goals-attention">3<' in page, path


def test_team_growth_lists_at_most_25_flagged_goals(cast, client_as, app):
    for n in range(27):
        make_goal(app, cast.id, cast.person("owner").id, title=f"Old goal {n}", created_days_ago=30)
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert page.count("Stale: no check-in for 30 days") == 25
    assert "and 2 more" in page
    assert re.search(r"27 open goals ·\s+0 overdue · 27 stale", page)


def test_team_growth_without_open_goals_invites_a_first_goal(cast, client_as):
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert "No open goals yet" in page
    assert f'href="/t/{cast.slug}/goals/new"' in page.split('id="no-open-goals"')[1]
    assert 'id="per-person"' not in page and 'id="per-skill"' not in page
    assert "0 goals" not in page


def chart_svg(page: str, chart_id: str) -> str:
    return re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', page, re.S).group(0)


def bar_widths(page: str, chart_id: str) -> list[float]:
    """The bars' widths, in percent of the chart's."""
    return [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)%"', chart_svg(page, chart_id))]


def test_team_growth_bars_keep_a_sensible_scale_and_say_what_they_count(cast, client_as, app):
    make_goal(app, cast.id, cast.person("owner").id, skill_name="Communication")
    make_goal(app, cast.id, cast.person("other").id, skill_name="Decision-making")
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    full = BarChart([]).bar_area
    drawn = bar_widths(page, "per-skill")
    assert drawn == [round(full / 5, 1)] * 2  # one goal is a fifth of the area, not all of it
    assert chart_svg(page, "per-skill").count(">1 goal · 1 person</text>") == 2


def test_team_growth_draws_each_chart_once(cast, client_as, app):
    make_goal(app, cast.id, cast.person("owner").id, skill_name="Communication")
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    for chart_id in ["per-person", "per-skill", "skills-picture"]:
        assert page.count(f'<desc id="{chart_id}-desc">') == 1, chart_id
    assert page.count('class="chart-svg') == 3


def test_team_growth_counts_every_open_goal_and_lists_overdue_before_stale(cast, client_as, app):
    from datetime import date, timedelta

    owner, mentor = cast.person("owner").id, cast.person("mentor").id
    long_ago = date.today() - timedelta(days=3)
    lately = date.today() - timedelta(days=1)
    make_goal(app, cast.id, owner, title="Quiet goal", created_days_ago=30)
    make_goal(app, cast.id, owner, title="Late and quiet", target_date=lately, created_days_ago=30)
    make_goal(app, cast.id, owner, title="Long overdue", target_date=long_ago)
    waiting = make_goal(app, cast.id, owner, title="Checked in", mentor_id=mentor)
    add_checkins(app, waiting, 3)
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert re.search(r"4 open goals ·\s+2 overdue · 2 stale", page)
    assert "3 check-ins waiting for a mentor" in page
    flagged = page.split('id="flagged-goals"')[1].split("</ul>")[0]
    titles = re.findall(r">(Long overdue|Late and quiet|Quiet goal)\s*</a>", flagged)
    assert titles == ["Long overdue", "Late and quiet", "Quiet goal"]  # soonest due, then quiet
    assert "Checked in</a> · Owner · 3 waiting" in re.sub(r"\s+", " ", page)


def test_the_demo_goals_count_the_check_ins_waiting_on_them(app):
    app.test_cli_runner().invoke(plplan_cli, ["demo"])
    with app.app_context():
        waiting = (
            sa.select(sa.func.count(CheckIn.id))
            .where(CheckIn.goal_id == Goal.id, CheckIn.acknowledged_at.is_(None))
            .scalar_subquery()
        )
        counts = db.session.execute(sa.select(Goal.waiting, waiting)).all()
    assert counts and all(stored == real for stored, real in counts)
    assert any(real for _, real in counts) and any(not real for _, real in counts)
