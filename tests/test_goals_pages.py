"""Goals over real HTTP: creating, checking in, mentoring, privacy, closing, skills, settings."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Area, CheckIn, Goal, Role, Skill, Team
from tests.goals_factory import add_checkins, make_goal, seed_team_skills


@pytest.fixture
def cast(make_team, app):
    """A team with an owner, their mentor, another member, a leader and a viewer."""
    world = make_team(
        leader=Role.LEADER,
        owner=Role.MEMBER,
        mentor=Role.MEMBER,
        other=Role.MEMBER,
        viewer=Role.VIEWER,
    )
    world.skills = seed_team_skills(app, world.id)
    return world


def goal_url(world, goal_id, rest=""):
    return f"/t/{world.slug}/goals/{goal_id}{rest}"


def new_goal_data(world, **overrides):
    data = {
        "title": "Run customer interviews",
        "success": "Ten interviews with notes",
        "skill": str(world.skills["Empathy and user focus"]),
        "visibility": "team",
    }
    return {**data, **overrides}


def checkin_data(goal_id, **fields):
    """A check-in form's fields, named with the goal's prefix as the page names them."""
    data = {"status": "on_track", "confidence": "4", "happened": "Talked to users", **fields}
    return {f"goal{goal_id}-{name}": value for name, value in data.items()}


def goal_row(app, goal_id) -> Goal:
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        db.session.expunge(goal)
        return goal


def test_a_member_creates_their_own_goal(cast, client_as, app):
    client = client_as(cast.person("owner"))
    response = client.post(f"/t/{cast.slug}/goals/new", data=new_goal_data(cast))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Run customer interviews" in page and "Empathy and user focus" in page
    with app.app_context():
        goal = db.session.scalars(sa.select(Goal)).one()
        assert goal.owner_id == cast.person("owner").id and goal.progress == 0
    home = client.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "created the goal “Run customer interviews”" in home


def test_bad_goal_input_is_explained_next_to_the_field_and_kept(cast, client_as):
    client = client_as(cast.person("owner"))
    response = client.post(
        f"/t/{cast.slug}/goals/new",
        data=new_goal_data(cast, title="", unit="interviews", start_value="2"),
        htmx=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in page and "Give the goal a short title." in page
    assert "With a unit, give both a start and a target value." in page
    assert 'value="interviews"' in page and "Ten interviews with notes" in page


def mentor_choices(page: str) -> list[str]:
    """The names the Mentor select offers."""
    select = re.search(r'<select[^>]*id="mentor".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_owner_is_not_offered_as_their_own_mentor(cast, client_as, app):
    owner = client_as(cast.person("owner"))
    offered = mentor_choices(owner.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True))
    assert "Owner" not in offered and {"No mentor", "Mentor", "Leader"} <= set(offered)
    response = owner.post(
        f"/t/{cast.slug}/goals/new",
        data=new_goal_data(cast, mentor=str(cast.person("owner").id)),
    )
    assert response.status_code == 422  # posted anyway: refused, not saved
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    edit_page = client_as(cast.person("leader")).get(goal_url(cast, goal_id, "/edit"))
    assert "Owner" not in mentor_choices(edit_page.get_data(as_text=True))


def test_a_leader_choosing_the_owner_cannot_make_them_their_own_mentor(cast, client_as):
    leader = client_as(cast.person("leader"))
    offered = mentor_choices(leader.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True))
    assert {"Owner", "Leader"} <= set(offered)  # the owner select can still change
    other = str(cast.person("other").id)
    response = leader.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, owner=other, mentor=other)
    )
    assert response.status_code == 422
    assert "Choose someone other than the goal&#39;s owner as mentor." in response.get_data(
        as_text=True
    )


def test_a_leader_creates_a_goal_for_a_member(cast, client_as, app):
    client = client_as(cast.person("leader"))
    data = new_goal_data(cast, owner=str(cast.person("other").id))
    assert client.post(f"/t/{cast.slug}/goals/new", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Goal.owner_id)).one() == cast.person("other").id


def test_check_in_in_place_moves_progress_and_keeps_input_on_error(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, numbers=(0, 10, "interviews"))
    client = client_as(cast.person("owner"))
    bad = client.post(
        goal_url(cast, goal_id, "/checkins"),
        data=checkin_data(goal_id, value="", happened="Booked calls"),
        htmx=True,
    )
    assert bad.status_code == 422
    assert "Enter where you are now." in bad.get_data(as_text=True)
    assert "Booked calls" in bad.get_data(as_text=True)
    ok = client.post(
        goal_url(cast, goal_id, "/checkins"),
        data=checkin_data(goal_id, value="4", status="at_risk", happened="Four calls"),
        htmx=True,
    )
    fragment = ok.get_data(as_text=True)
    assert ok.status_code == 200 and fragment.lstrip().startswith('<section id="goal-progress"')
    assert "Check-in saved." in fragment and 'aria-valuenow="40"' in fragment
    assert 'data-progress="40"' in fragment  # the chart's new point
    goal = goal_row(app, goal_id)
    assert (goal.current_value, goal.progress, goal.status) == (4, 40, "at_risk")


def test_the_mentor_acknowledges_and_replies_but_cannot_edit(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    (checkin_id,) = add_checkins(app, goal_id, 1)
    mentor = client_as(cast.person("mentor"))
    assert mentor.get(f"/t/{cast.slug}/goals/").get_data(as_text=True).count("Run interviews") == 1
    assert mentor.get(goal_url(cast, goal_id, "/edit")).status_code == 403
    checkin = checkin_data(goal_id, progress="90")
    assert mentor.post(goal_url(cast, goal_id, "/checkins"), data=checkin).status_code == 403
    assert mentor.post(goal_url(cast, goal_id, "/close"), data={}).status_code == 403
    response = mentor.post(
        goal_url(cast, goal_id, f"/checkins/{checkin_id}/acknowledge"),
        data={f"ack{checkin_id}-feedback": "Try a script next time"},
        htmx=True,
    )
    assert response.status_code == 200
    assert "Try a script next time" in response.get_data(as_text=True)
    assert (
        mentor.post(goal_url(cast, goal_id, "/comments"), data={"body": "Proud"}).status_code == 303
    )
    page = client_as(cast.person("owner")).get(goal_url(cast, goal_id)).get_data(as_text=True)
    assert "Acknowledged by Mentor" in page and "Proud" in page
    with app.app_context():
        assert db.session.get(CheckIn, checkin_id).acknowledged_at is not None


def test_a_member_cannot_change_another_members_goal(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    other = client_as(cast.person("other"))
    assert other.get(goal_url(cast, goal_id)).status_code == 200  # team-visible
    assert other.get(goal_url(cast, goal_id, "/edit")).status_code == 403
    assert other.post(goal_url(cast, goal_id, "/edit"), data=new_goal_data(cast)).status_code == 403
    checkin = checkin_data(goal_id, progress="90")
    assert other.post(goal_url(cast, goal_id, "/checkins"), data=checkin).status_code == 403
    assert other.post(goal_url(cast, goal_id, "/comments"), data={"body": "Hi"}).status_code == 403
    assert goal_row(app, goal_id).progress == 0


@pytest.fixture
def private_goal(cast, app):
    goal_id = make_goal(
        app,
        cast.id,
        cast.person("owner").id,
        title="Handle my stage fright",
        mentor_id=cast.person("mentor").id,
        private=True,
        created_days_ago=30,
    )
    checkin_id = add_checkins(app, goal_id, 1, days_ago=20)[0]
    return goal_id, checkin_id


@pytest.mark.parametrize(
    ("method", "rest"),
    [
        ("GET", ""),
        ("GET", "/edit"),
        ("POST", "/edit"),
        ("POST", "/checkins"),
        ("POST", "/comments"),
        ("GET", "/close"),
        ("POST", "/close"),
        ("POST", "/checkins/{checkin_id}/acknowledge"),
    ],
)
def test_a_private_goal_is_not_there_for_other_members(cast, client_as, private_goal, method, rest):
    goal_id, checkin_id = private_goal
    path = goal_url(cast, goal_id, rest.format(checkin_id=checkin_id))
    other = client_as(cast.person("other"))
    response = other.get(path) if method == "GET" else other.post(path, data={"body": "x"})
    assert response.status_code == 404


def test_a_private_goal_is_seen_by_owner_mentor_and_leaders_only(cast, client_as, private_goal):
    goal_id, _ = private_goal
    for person in ("owner", "mentor", "leader"):
        assert client_as(cast.person(person)).get(goal_url(cast, goal_id)).status_code == 200
    other = client_as(cast.person("other"))
    home = other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "stage fright" not in home and "a private goal" in home  # the feed hides the title
    growth = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team")
    assert "Handle my stage fright" in growth.get_data(as_text=True)  # leaders see it, flagged
    mentor_page = client_as(cast.person("mentor")).get(f"/t/{cast.slug}/goals/")
    assert "Handle my stage fright" in mentor_page.get_data(as_text=True)  # to acknowledge


def test_a_private_goal_stays_out_of_other_members_lists_counts_and_charts(cast, private_goal, app):
    from plplan.goals import services
    from plplan.models import Membership

    make_goal(app, cast.id, cast.person("owner").id, title="Public goal")
    with app.app_context():
        other = db.session.scalar(
            sa.select(Membership).where(Membership.user_id == cast.person("other").id)
        )
        visible = db.session.scalars(sa.select(Goal.title).where(services.visible_to(other)))
        assert set(visible) == {"Public goal"}
        growth = services.team_growth(other)
        assert growth.open_count == 1
        assert sum(p.open_count for p in growth.people) == 1
        assert growth.stale == [] and growth.unacknowledged == []
        assert services.growth_focus(db.session.get(Team, cast.id))["open_goals"] == 1


def test_an_edit_that_lost_a_race_keeps_what_was_typed(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    client = client_as(cast.person("owner"))
    form = client.get(goal_url(cast, goal_id, "/edit")).get_data(as_text=True)
    assert 'value="Run interviews"' in form and 'name="version" type="hidden" value="1"' in form
    add_checkins(app, goal_id, 1)  # saved by someone since version 1 was loaded
    data = new_goal_data(cast, title="My better title", version="1")
    response = client.post(goal_url(cast, goal_id, "/edit"), data=data, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'value="My better title"' in page and "saved by someone else" in page
    assert goal_row(app, goal_id).title == "Run interviews"
    data["version"] = str(goal_row(app, goal_id).version)
    assert client.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    assert goal_row(app, goal_id).title == "My better title"


def test_closing_a_goal_records_the_retrospective_and_ends_check_ins(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    client = client_as(cast.person("owner"))
    bad = client.post(goal_url(cast, goal_id, "/close"), data={"status": "done"}, htmx=True)
    assert bad.status_code == 422 and "Choose how it ended." in bad.get_data(as_text=True)
    data = {"status": "done", "outcome": "achieved", "learned": "Scripts help"}
    assert client.post(goal_url(cast, goal_id, "/close"), data=data).status_code == 303
    page = client.get(goal_url(cast, goal_id)).get_data(as_text=True)
    assert "Retrospective" in page and "Scripts help" in page and "Save check-in" not in page
    checkin = checkin_data(goal_id, progress="90")
    assert client.post(goal_url(cast, goal_id, "/checkins"), data=checkin).status_code == 403


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


def test_team_growth_lists_at_most_25_flagged_goals(cast, client_as, app):
    for n in range(27):
        make_goal(app, cast.id, cast.person("owner").id, title=f"Old goal {n}", created_days_ago=30)
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert page.count("Stale: no check-in for 30 days") == 25
    assert "and 2 more" in page
    assert re.search(r"27 open goals ·\s+0 overdue · 27 stale", page)


def test_check_in_from_my_goals_answers_with_the_goals_card(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    client = client_as(cast.person("owner"))
    url = goal_url(cast, goal_id, "/checkins")
    bad = client.post(
        url, data={**checkin_data(goal_id, progress="120"), "from": "card"}, htmx=True
    )
    card = bad.get_data(as_text=True)
    assert bad.status_code == 422 and card.lstrip().startswith(
        f'<li class="card goal-card" id="goal-card-{goal_id}"'
    )
    assert "Progress is between 0 and 100." in card and 'value="120"' in card
    ok = client.post(url, data={**checkin_data(goal_id, progress="55"), "from": "card"}, htmx=True)
    card = ok.get_data(as_text=True)
    assert ok.status_code == 200 and 'aria-valuenow="55"' in card and "Check-in saved." in card
    assert goal_row(app, goal_id).progress == 55


def test_checking_in_acknowledging_and_closing_write_to_the_team_feed(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    owner, mentor = client_as(cast.person("owner")), client_as(cast.person("mentor"))
    owner.post(goal_url(cast, goal_id, "/checkins"), data=checkin_data(goal_id, progress="30"))
    with app.app_context():
        checkin_id = db.session.scalars(sa.select(CheckIn.id)).one()
    mentor.post(
        goal_url(cast, goal_id, f"/checkins/{checkin_id}/acknowledge"),
        data={f"ack{checkin_id}-feedback": "Good start"},
    )
    close = {"status": "done", "outcome": "partly", "learned": "Start earlier"}
    owner.post(goal_url(cast, goal_id, "/close"), data=close)
    feed = client_as(cast.person("other")).get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "checked in on the goal “Run interviews”: 30%, on track" in feed
    assert "acknowledged a check-in and replied on the goal “Run interviews”" in feed
    assert "closed the goal “Run interviews” as done (partly)" in feed


def test_a_second_acknowledgement_does_not_overwrite_the_first_reply(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    (checkin_id,) = add_checkins(app, goal_id, 1)
    url = goal_url(cast, goal_id, f"/checkins/{checkin_id}/acknowledge")
    client_as(cast.person("mentor")).post(url, data={f"ack{checkin_id}-feedback": "First"})
    late = client_as(cast.person("leader")).post(
        url, data={f"ack{checkin_id}-feedback": "Second"}, htmx=True
    )
    assert late.status_code == 409 and late.headers["HX-Reswap"] == "none"
    assert "not sent" in late.headers["HX-Trigger"]
    with app.app_context():
        assert db.session.get(CheckIn, checkin_id).feedback == "First"


def test_a_goal_can_name_the_responsibility_area_it_prepares_for(cast, client_as, app, make_team):
    with app.app_context():
        budget = Area(team_id=cast.id, name="Budget management", position=1)
        elsewhere = Area(team_id=make_team(name="Elsewhere").id, name="Secret area", position=1)
        db.session.add_all([budget, elsewhere])
        db.session.commit()
        budget_id, elsewhere_id = budget.id, elsewhere.id
    client = client_as(cast.person("owner"))
    form = client.get(f"/t/{cast.slug}/goals/new").get_data(as_text=True)
    assert "Budget management" in form and "Secret area" not in form
    refused = client.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, area=str(elsewhere_id))
    )
    assert refused.status_code == 422
    created = client.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, area=str(budget_id))
    )
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Responsibility area" in page and "Budget management" in page


def edit_data(cast, app, goal_id, **overrides):
    """The edit form as loaded now (its version included), with `overrides` typed in."""
    goal = goal_row(app, goal_id)
    data = {
        "title": goal.title,
        "success": goal.success,
        "skill": str(goal.skill_id or ""),
        "visibility": goal.visibility,
        "unit": goal.unit,
        "start_value": "" if goal.start_value is None else f"{goal.start_value:g}",
        "target_value": "" if goal.target_value is None else f"{goal.target_value:g}",
        "version": str(goal.version),
    }
    return {**data, **overrides}


def test_a_goal_made_private_leaves_the_team_feed(cast, client_as, app):
    owner = client_as(cast.person("owner"))
    created = owner.post(
        f"/t/{cast.slug}/goals/new", data=new_goal_data(cast, title="Overcome stage fright")
    )
    goal_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    owner.post(goal_url(cast, goal_id, "/checkins"), data=checkin_data(goal_id, progress="20"))
    other = client_as(cast.person("other"))
    assert "“Overcome stage fright”" in other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    data = edit_data(cast, app, goal_id, visibility="private")
    assert owner.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    home = other.get(f"/t/{cast.slug}/").get_data(as_text=True)
    assert "stage fright" not in home
    assert "created a private goal" in home and "checked in on a private goal: 20%" in home


def test_changing_the_measure_is_recorded_as_a_check_in(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, numbers=(0, 8, "interviews"))
    add_checkins(app, goal_id, 4)  # at 4 of 8: 50 %, on track
    leader = client_as(cast.person("leader"))
    data = edit_data(cast, app, goal_id, target_value="10")
    assert leader.post(goal_url(cast, goal_id, "/edit"), data=data).status_code == 303
    goal = goal_row(app, goal_id)
    assert (goal.current_value, goal.progress, goal.status) == (4, 40, "on_track")
    with app.app_context():
        latest = db.session.scalars(
            sa.select(CheckIn).where(CheckIn.goal_id == goal_id).order_by(CheckIn.id.desc())
        ).first()
        assert latest.author_id == cast.person("leader").id
        assert (latest.value, latest.progress, latest.status) == (4, 40, "on_track")
    page = leader.get(goal_url(cast, goal_id)).get_data(as_text=True)
    assert "Changed the measure: 0 → 10 interviews (was 0 → 8 interviews)" in page
    assert re.findall(r'data-progress="(\d+)"', page)[-1] == "40"  # the chart ends at the bar
    unchanged = edit_data(cast, app, goal_id, title="Run ten interviews")
    leader.post(goal_url(cast, goal_id, "/edit"), data=unchanged)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 5


def test_team_growth_without_open_goals_invites_a_first_goal(cast, client_as):
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    assert "No open goals yet" in page
    assert f'href="/t/{cast.slug}/goals/new"' in page.split('id="no-open-goals"')[1]
    assert 'id="per-person"' not in page and 'id="per-skill"' not in page
    assert "0 goals" not in page


def bar_widths(page: str, chart_id: str) -> list[float]:
    svg = re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', page, re.S).group(0)
    return [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]


def test_team_growth_bars_keep_a_sensible_scale_and_say_what_they_count(cast, client_as, app):
    from plplan.goals.charts import CHART_WIDTH, BarChart

    make_goal(app, cast.id, cast.person("owner").id, skill_name="Communication")
    make_goal(app, cast.id, cast.person("other").id, skill_name="Decision-making")
    page = client_as(cast.person("leader")).get(f"/t/{cast.slug}/goals/team").get_data(as_text=True)
    full = BarChart([]).bar_area
    drawn = [width for width in bar_widths(page, "per-skill") if width > 1]  # 1: a zero bar
    assert drawn == [full / 5, full / 5]  # one goal is a fifth of the area, not all of it
    assert page.count(">1 goal · 1 person</text>") == 2
    assert f'viewBox="0 0 {CHART_WIDTH} ' in page


def test_the_progress_chart_labels_each_date_once(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id)
    client = client_as(cast.person("owner"))
    for progress in ("20", "40"):
        data = checkin_data(goal_id, progress=progress)
        assert client.post(goal_url(cast, goal_id, "/checkins"), data=data).status_code == 303
    page = client.get(goal_url(cast, goal_id)).get_data(as_text=True)
    chart = re.search(r'<svg[^>]*id="progress-chart".*?</svg>', page, re.S).group(0)
    dates = re.findall(r'class="axis">(\d\d \w{3} \d{4})<', chart)
    assert len(dates) == 1


def test_the_check_in_value_reads_as_typed_and_past_the_target_gets_a_hint(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, numbers=(0, 10, "interviews"))
    client = client_as(cast.person("owner"))
    page = client.get(goal_url(cast, goal_id)).get_data(as_text=True)
    assert f'name="goal{goal_id}-value"' in page and 'value="0"' in page
    assert "past the target" not in page
    response = client.post(
        goal_url(cast, goal_id, "/checkins"),
        data=checkin_data(goal_id, value="9999"),
        htmx=True,
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200  # accepted: overshooting can be real
    assert 'value="9999"' in fragment and "9999.0" not in fragment
    hint = re.search(rf'<p class="hint" id="goal{goal_id}-value-hint">([^<]*)</p>', fragment)
    assert "9999 is past the target" in hint.group(1)
    assert goal_row(app, goal_id).current_value == 9999


def test_the_acknowledgement_notice_shows_on_the_check_in(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    first, second = add_checkins(app, goal_id, 2)
    response = client_as(cast.person("mentor")).post(
        goal_url(cast, goal_id, f"/checkins/{first}/acknowledge"), data={}, htmx=True
    )
    fragment = response.get_data(as_text=True)
    assert fragment.count("Check-in acknowledged.") == 1
    acknowledged = fragment.split(f'id="checkin-{first}"')[1]
    assert "Check-in acknowledged." in acknowledged.split("</li>")[0]
