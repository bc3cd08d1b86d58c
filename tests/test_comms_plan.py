"""The communication plan of an area: rows, Mark done, overdue flags, the owner's due list."""

import re

import pytest
import sqlalchemy as sa

from plplan.areadata import comms
from plplan.demo import load_demo
from plplan.extensions import db
from plplan.formatting import format_date, today
from plplan.models import Activity, Area, AreaModule, Communication, CommunicationDone, Team
from tests.comms_world import COMMS, add_comm, add_done, days_ago, with_comms
from tests.responsibilities_world import text


@pytest.fixture
def planned(team, app):
    return with_comms(app, team)


def area_path(team) -> str:
    return f"/t/{team.slug}/responsibilities/areas/{team.area(COMMS)}"


def comms_path(team, rest: str) -> str:
    return f"{area_path(team)}/comms/{rest}"


def row_html(page: str, comm_id: int) -> str:
    return re.search(rf'<tr data-comm id="comm-{comm_id}".*?</tr>', page, re.S).group(0)


def words(html: str) -> str:
    """What a reader sees of `html`: the text without tags, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_area_page_flags_an_overdue_row(planned, app, client_as):
    leader = planned.membership_ids["leader"]
    late = add_comm(app, planned.area(COMMS), leader, first_due=days_ago(40))
    fine = add_comm(
        app, planned.area(COMMS), leader, what="Investor letter", audience_name="Investors"
    )
    add_done(app, fine, days_ago(3), note="Sent the November letter")
    page = text(client_as(planned.person("member")).get(area_path(planned)))
    assert "Communication plan" in page and "1 overdue" in page
    assert f"Overdue since {format_date(days_ago(40))} (40 days)" in words(row_html(page, late))
    fine_row = row_html(page, fine)
    assert "Overdue" not in fine_row and "Sent the November letter" in fine_row
    assert format_date(days_ago(3)) in fine_row


def test_a_new_row_offers_the_consulted_and_informed_first_and_the_accountable_as_owner(
    planned, client_as
):
    page = client_as(planned.person("leader")).get(comms_path(planned, "new")).get_data(True)
    audience = re.search(r'<select[^>]*name="audience".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)"', audience)
    assert groups == [
        "Consulted and Informed on this area",
        "People in the team",
        "Outside audiences",
    ]
    first_group = audience.split("<optgroup")[1]
    assert "Member (Consulted)" in first_group and "Leader" not in first_group
    for outside in ["Board", "Investors", "Sales leadership"]:
        assert f">{outside}</option>" in audience
    owner = re.search(r'<select[^>]*name="owner".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option selected value="{planned.membership_ids["leader"]}">', owner)


def new_row(**overrides) -> dict:
    return {
        "audience": "",
        "new_audience": "Sales leadership",
        "what": "Pipeline review",
        "channel": "meeting",
        "cadence": "biweekly",
        "owner": "",
        "first_due": today().isoformat(),
        **overrides,
    }


def test_adding_a_row_goes_to_the_history_and_the_feed(planned, app, client_as):
    client = client_as(planned.person("leader"))
    data = new_row(owner=str(planned.membership_ids["member"]))
    response = client.post(comms_path(planned, "new"), data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("#comms")
    page = text(client.get(area_path(planned)))
    assert "Sales leadership" in page and "Every two weeks" in page and "Due today" in page
    history = words(text(client.get(comms_path(planned, "history"))))
    assert "Leader added Pipeline review for Sales leadership" in history
    with app.app_context():
        feed = db.session.scalars(sa.select(Activity.summary)).all()
    assert f"updated the communication plan of {COMMS} (added Pipeline review)" in feed
    # a name the team used is offered next time, among the outside audiences
    form = client.get(comms_path(planned, "new")).get_data(True)
    assert 'value="n:Sales leadership"' in form


def test_a_row_without_an_audience_says_so_and_keeps_what_was_typed(planned, client_as):
    client = client_as(planned.person("leader"))
    response = client.post(comms_path(planned, "new"), data=new_row(new_audience=""))
    assert response.status_code == 422
    page = text(response)
    assert "Choose an audience, or name one below." in page
    assert 'value="Pipeline review"' in page


def test_editing_a_row_records_each_changed_field(planned, app, client_as):
    comm = add_comm(app, planned.area(COMMS), planned.membership_ids["leader"])
    client = client_as(planned.person("leader"))
    form = client.get(comms_path(planned, f"{comm}/edit")).get_data(True)
    assert 'value="Board update"' in form and '<option selected value="n:Board">' in form
    data = new_row(
        audience=f"m{planned.membership_ids['member']}",
        new_audience="",
        what="Board update",
        channel="meeting",
        cadence="quarterly",
        owner=str(planned.membership_ids["leader"]),
    )
    assert client.post(comms_path(planned, f"{comm}/edit"), data=data).status_code == 303
    history = words(text(client.get(comms_path(planned, "history"))))
    assert "changed the cadence from Monthly to Quarterly" in history
    assert "changed the audience from Board to Member" in history
    assert "changed the what" not in history


def test_mark_done_without_javascript_goes_back_and_moves_the_next_due_date(
    planned, app, client_as
):
    comm = add_comm(app, planned.area(COMMS), planned.membership_ids["leader"], cadence="weekly")
    client = client_as(planned.person("leader"))
    done_on = days_ago(2)
    response = client.post(
        comms_path(planned, f"{comm}/done"),
        data={f"done{comm}-done_on": done_on.isoformat(), f"done{comm}-note": "Slides shared"},
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("#comms")
    row = row_html(text(client.get(area_path(planned))), comm)
    assert f"Due {format_date(days_ago(-5))}" in words(row) and "Slides shared" in row
    history = words(text(client.get(comms_path(planned, "history"))))
    assert f"marked it done: {format_date(done_on)}: Slides shared" in history


def test_mark_done_with_htmx_answers_with_the_row_no_longer_overdue(planned, app, client_as):
    comm = add_comm(
        app, planned.area(COMMS), planned.membership_ids["leader"], first_due=days_ago(9)
    )
    client = client_as(planned.person("leader"))
    response = client.post(
        comms_path(planned, f"{comm}/done"),
        data={f"done{comm}-done_on": today().isoformat(), f"done{comm}-note": "https://docs/x"},
        htmx=True,
    )
    assert response.status_code == 200
    row = text(response)
    assert row.strip().startswith(f'<tr data-comm id="comm-{comm}"')
    assert "Overdue" not in row and f"Due {format_date(today().replace(day=1))}" not in row
    assert '<a href="https://docs/x" rel="noopener noreferrer">' in row


def test_a_done_day_in_the_future_is_refused_next_to_the_field(planned, app, client_as):
    comm = add_comm(app, planned.area(COMMS), planned.membership_ids["leader"])
    client = client_as(planned.person("leader"))
    data = {f"done{comm}-done_on": days_ago(-1).isoformat(), f"done{comm}-note": "Too early"}
    for htmx in (True, False):
        response = client.post(comms_path(planned, f"{comm}/done"), data=data, htmx=htmx)
        assert response.status_code == 422
        page = text(response)
        assert "That day has not come yet." in page and 'value="Too early"' in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CommunicationDone.id))) == 0


def test_the_grid_signals_an_overdue_communication_until_it_is_done(planned, app, client_as):
    comm = add_comm(
        app, planned.area(COMMS), planned.membership_ids["leader"], first_due=days_ago(1)
    )
    add_comm(app, planned.area(COMMS), None, cadence="event", first_due=days_ago(99))
    client = client_as(planned.person("member"))
    grid = f"/t/{planned.slug}/responsibilities/"
    assert text(client.get(grid)).count("communication overdue") == 1
    add_done(app, comm, today())
    assert "communication overdue" not in text(client.get(grid))


def due_list(page: str) -> str:
    found = re.search(r'<ul class="due-list" id="due-comms">.*?</ul>', page, re.S)
    return found.group(0) if found else ""


def test_owners_see_their_due_communications_on_my_responsibilities_and_the_home(
    planned, app, client_as
):
    area, leader = planned.area(COMMS), planned.membership_ids["leader"]
    add_comm(app, area, leader, what="Late update", first_due=days_ago(3))
    add_comm(app, area, leader, what="Soon update", first_due=days_ago(-6))
    add_comm(app, area, leader, what="Later update", first_due=days_ago(-7))
    add_comm(app, area, leader, what="Launch note", cadence="event")
    add_comm(app, area, planned.membership_ids["member"], what="Not mine", first_due=days_ago(3))
    client = client_as(planned.person("leader"))
    for path in (f"/t/{planned.slug}/responsibilities/mine", f"/t/{planned.slug}/"):
        listed = due_list(text(client.get(path)))
        assert listed.index("Late update") < listed.index("Soon update")
        assert "Overdue" in listed.split("Soon update")[0]
        for hidden in ("Later update", "Launch note", "Not mine"):
            assert hidden not in listed
    with app.app_context():  # the area no longer carries a plan: nothing due from it
        db.session.execute(sa.delete(AreaModule).where(AreaModule.area_id == area))
        db.session.commit()
    assert "Communications due" not in text(client.get(f"/t/{planned.slug}/responsibilities/mine"))


def test_marking_done_from_my_responsibilities_with_htmx_takes_it_off_the_list(
    planned, app, client_as
):
    comm = add_comm(
        app, planned.area(COMMS), planned.membership_ids["leader"], first_due=days_ago(5)
    )
    client = client_as(planned.person("leader"))
    response = client.post(
        comms_path(planned, f"{comm}/done"),
        data={f"done{comm}-done_on": today().isoformat(), f"done{comm}-back": "mine"},
        htmx=True,
    )
    page = text(response)
    assert "Marked “Board update” done." in page
    assert "Overdue" not in page and "<form" not in page
    plain = client.post(
        comms_path(planned, f"{comm}/done"),
        data={f"done{comm}-done_on": today().isoformat(), f"done{comm}-back": "mine"},
    )
    assert plain.headers["Location"] == f"/t/{planned.slug}/responsibilities/mine"


def test_removing_a_row_keeps_it_in_the_history(planned, app, client_as):
    comm = add_comm(app, planned.area(COMMS), planned.membership_ids["leader"])
    client = client_as(planned.person("leader"))
    assert client.post(comms_path(planned, f"{comm}/delete")).status_code == 303
    assert f'id="comm-{comm}"' not in text(client.get(area_path(planned)))
    history = words(text(client.get(comms_path(planned, "history"))))
    assert "removed Board update for Board" in history


def test_the_demo_team_has_a_communication_plan_with_one_overdue_row(app):
    with app.app_context():
        load_demo()
        db.session.commit()
        rows = db.session.scalars(sa.select(Communication)).all()
        late = [row.what for row in rows if comms.standing(row).overdue]
        area_ids = db.session.scalars(sa.select(Area.id)).all()
        team = db.session.scalar(sa.select(Team))
        assert len(rows) == 5 and late == ["Monthly investor update"]
        assert list(comms.signals(team, area_ids).values()) == ["communication overdue"]
