"""The digest, for a fixed clock: each person's at their hour in their time zone, daily or on
their weekday, once a period; what it gathers (and never a private goal to someone who may
not see it); none when nothing needs them; both parts through a real SMTP server."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from plplan.areadata import kpis
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Delivery,
    Membership,
    Notification,
    OutboxMessage,
    Role,
    User,
)
from plplan.notifications.preferences import set_delivery
from tests.comms_world import COMMS, add_comm, with_comms
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.notifications_world import publish
from tests.rhythm_world import at, digest_periods, digests, run, schedule
from tests.test_notifications_delivery import deliver, received


@pytest.fixture
def world(app, make_team):
    world = make_team(leader=Role.LEADER, member=Role.MEMBER, mentor=Role.MEMBER)
    seed_team_skills(app, world.id)
    return world


def test_each_person_gets_their_digest_at_their_own_hour(app, world):
    leader, member = world.person("leader"), world.person("member")
    schedule(app, leader, time_zone="Europe/Berlin", digest_hour=8)
    schedule(app, member, time_zone="America/Los_Angeles", digest_hour=8)
    make_goal(app, world.id, leader.id, title="Hire two engineers")  # made years before MONDAY
    make_goal(app, world.id, member.id, title="Ship the app")

    run(app, at(0, 7))  # 08:00 in Berlin; 23:00 on Sunday in Los Angeles
    [(to, subject, text)] = digests(app)
    assert (to, subject) == (leader.email, "Your plplan digest: 1 thing needs you")
    assert "Goals going stale or overdue:" in text and "Hire two engineers" in text
    assert "Ship the app" not in text

    run(app, at(0, 15))  # 07:00 in Los Angeles: not yet
    assert len(digests(app)) == 1
    run(app, at(0, 16))  # 08:00 in Los Angeles
    run(app, at(0, 16.5))  # later in the hour: their digest went already
    assert [to for to, _, _ in digests(app)] == [leader.email, member.email]
    assert "Ship the app" in digests(app)[1][2] and "Hire two" not in digests(app)[1][2]
    assert digest_periods(app, member) == ["2030-01-07"]


def test_a_weekly_digest_comes_on_the_chosen_weekday_only(app, world):
    member = world.person("member")
    schedule(app, member, digest_frequency="weekly", digest_weekday=2, digest_hour=9)
    make_goal(app, world.id, member.id, title="Ship the app")
    for day in range(7):
        run(app, at(day, 9.5))
    assert [to for to, _, _ in digests(app)] == [member.email]
    assert digest_periods(app, member) == ["2030-W02"]  # the Wednesday of ISO week 2


def test_an_empty_digest_is_not_sent(app, world):
    run(app, at(0, 8))
    assert digests(app) == []
    assert digest_periods(app, world.person("member")) == ["2030-01-07"]  # and not redone


def test_a_private_goal_reaches_only_those_who_may_see_it(app, world):
    member, mentor = world.person("member"), world.person("mentor")
    secret = make_goal(app, world.id, member.id, title="Quietly job hunting", private=True)
    shared = make_goal(app, world.id, member.id, title="Run interviews", mentor_id=mentor.id)
    add_checkins(app, secret, 1)
    add_checkins(app, shared, 2)
    run(app, at(0, 8))
    texts = {to: text for to, _, text in digests(app)}
    assert "Check-ins to acknowledge:" in texts[mentor.email]
    assert "Member: “Run interviews” (2 check-ins)" in texts[mentor.email]
    assert "Quietly job hunting" not in texts[mentor.email]
    # The leader reviews goals: the unmentored private one waits for them.
    assert "Member: “Quietly job hunting” (1 check-in)" in texts[world.person("leader").email]
    assert "Quietly job hunting" in texts[member.email]  # their own, going stale


def test_items_chosen_for_the_digest_come_in_it_once_and_not_by_mail(app, world):
    member = world.person("member")
    with app.app_context():
        set_delivery(member.id, "plan_published", Delivery.DIGEST)
        db.session.commit()
    publish(app, world)
    with app.app_context():
        mailed = db.session.scalars(sa.select(OutboxMessage.address)).all()
        assert mailed == [world.person("mentor").email]  # the member's waits for the digest
        db.session.execute(sa.update(Notification).values(created_at=at(0, 1)))
        db.session.commit()
    run(app, at(0, 8))
    run(app, at(1, 8))
    [(to, _, text)] = [d for d in digests(app) if d[0] == member.email]
    assert "In your inbox:" in text and "Leader published “Checkout 2027” (version 1)" in text


def test_the_digest_gathers_communications_and_kpi_entries_due(app, world):
    with_comms(app, world)
    add_comm(app, world.area(COMMS), world.membership_ids["member"], first_due=date(2030, 1, 9))
    with app.app_context():
        area = db.session.get(Area, world.area("Go-to-market operations"))
        on = sa.select(AreaModule).where(AreaModule.area_id == area.id, AreaModule.kind == "kpis")
        if db.session.scalar(on) is None:
            db.session.add(AreaModule(area_id=area.id, kind="kpis"))
        owner = db.session.get(Membership, world.membership_ids["member"])
        kpis.add_kpi(owner.team, area, kpis.CATALOGUE_BY_KEY["pql"], owner)
        db.session.commit()
    run(app, at(0, 8))
    [(_, subject, text)] = digests(app)
    assert subject == "Your plplan digest: 2 things need you"
    assert "Communications due:" in text
    assert f"“Board update” ({COMMS}): due 09 Jan 2030" in text
    assert "KPI entries due:" in text and "for December 2029" in text


def test_the_digest_arrives_by_smtp_with_both_parts_and_stops_in_one_click(
    app, world, another_app, mailbox, client
):
    member = world.person("member")
    make_goal(app, world.id, member.id, title="Ship <the> app")
    run(app, at(0, 8))
    assert deliver(another_app(**mailbox.config), at(0, 8)).sent == 1
    [mail] = received(mailbox)
    assert mail["To"] == member.email
    assert mail["Subject"] == "Your plplan digest: 1 thing needs you"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A short link may fold onto the header's next line: a mail program unfolds it.
    unsubscribe = mail["List-Unsubscribe"].strip()
    assert re.fullmatch(r"<http://localhost/unsubscribe/[\w.-]+>", unsubscribe)
    text, html = (part.get_content() for part in mail.iter_parts())
    assert "Ship <the> app" in text and "http://localhost/t/checkout/goals/" in text
    assert "Ship &lt;the&gt; app" in html and 'href="http://localhost/t/checkout/goals/' in html
    stop = client.post(urlsplit(unsubscribe.strip("<>")).path)
    assert "Done: no more digests." in stop.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, member.id).digest_frequency == "off"
    run(app, at(1, 8))
    assert len(digests(app)) == 1


def test_the_profile_sets_the_digest_schedule(app, world, client_as):
    member = client_as(world.person("member"))
    page = member.get("/auth/profile").get_data(as_text=True)
    assert '<option selected value="daily">Daily</option>' in page
    response = member.post(
        "/auth/profile/digest",
        data={
            "digest-frequency": "weekly",
            "digest-weekday": "4",
            "digest-hour": "17",
            "digest-working_days_only": "y",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/profile#digest"
    with app.app_context():
        user = db.session.get(User, world.person("member").id)
        schedule = (user.digest_frequency, user.digest_weekday, user.digest_hour)
        assert schedule == ("weekly", 4, 17) and user.working_days_only
    refused = member.post("/auth/profile/digest", data={"digest-hour": "9"}, csrf=False)
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"digest-hour": "24"}, "digest-hour", "Choose an hour from 0 to 23."),
        ({"digest-hour": ""}, "digest-hour", "Choose an hour from 0 to 23."),
        ({"digest-weekday": "9"}, "digest-weekday", "Choose a day from Monday to Sunday."),
        ({"digest-frequency": "hourly"}, "digest-frequency", "Not a valid choice."),
        (
            {"digest-weekday": "5", "digest-working_days_only": "y"},
            "digest-weekday",
            "With working days only, choose a day from Monday to Friday.",
        ),
    ],
)
def test_bad_digest_input_gets_a_message_next_to_the_field(
    app, world, client_as, fields, field, message
):
    member = client_as(world.person("member"))
    data = {"digest-frequency": "weekly", "digest-weekday": "0", "digest-hour": "8", **fields}
    response = member.post("/auth/profile/digest", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}</p>' in page
    with app.app_context():
        assert db.session.get(User, world.person("member").id).digest_frequency == "daily"


def test_the_rhythm_reads_the_same_however_much_it_finds(app, world, count_queries):
    """Reminders and the digest: one read per kind of thing, not one per goal (each reminder
    sent still writes its rows)."""
    member, mentor = world.person("member"), world.person("mentor")

    def reads(day: int) -> int:
        with count_queries() as statements:
            run(app, at(day, 8))
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    schedule(app, world.person("leader"), digest_frequency="off")
    make_goal(app, world.id, member.id, title="Ship the app", mentor_id=mentor.id)
    first = reads(0)
    for n in range(5):
        make_goal(app, world.id, member.id, title=f"Goal {n}", mentor_id=mentor.id)
    assert reads(1) == first
    assert len(digests(app)) == 4  # member and mentor, each day
