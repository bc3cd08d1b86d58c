"""Check-ins over real HTTP: checking in, the mentor's acknowledgement, closing, the feed."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import CheckIn
from tests import goals_world
from tests.goals_factory import add_checkins, make_goal
from tests.goals_world import checkin_data, goal_row, goal_url

cast = goals_world.cast


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


def test_my_goals_loads_a_cards_check_in_form_when_it_is_opened(cast, client_as, app):
    goal_id = make_goal(app, cast.id, cast.person("owner").id, title="Run interviews")
    client = client_as(cast.person("owner"))
    page = client.get(f"/t/{cast.slug}/goals/").get_data(as_text=True)
    card_url = f"/t/{cast.slug}/goals/{goal_id}/card"
    assert f'hx-get="{card_url}"' in page and "Save check-in" not in page
    # without JavaScript the closed form links to the goal page's
    assert f'href="/t/{cast.slug}/goals/{goal_id}#check-in"' in page
    opened = client.get(card_url, headers={"HX-Request": "true"})
    card = opened.get_data(as_text=True)
    assert card.lstrip().startswith(f'<li class="card goal-card" id="goal-card-{goal_id}"')
    assert '<details class="quick-checkin" open>' in card and "Save check-in" in card
    plain = client.get(card_url)
    assert plain.status_code == 302
    assert plain.headers["Location"].endswith(f"/goals/{goal_id}#check-in")
