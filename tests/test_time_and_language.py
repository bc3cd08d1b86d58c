"""Dates and times in the person's own time zone (chosen on the profile, or the browser's
at the first sign-in); numbers and money in the browser's locale; counts that agree."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string

from plplan.extensions import db
from plplan.formatting import format_money, format_number, plural, time_ago
from plplan.goals import services as goals
from plplan.models import Activity, Role, Team, User
from tests import areadata_world
from tests.areadata_world import add_line
from tests.goals_factory import add_checkins, make_goal

budget_world = areadata_world.budget_world  # the fixture


def zone_of(app, person) -> str | None:
    with app.app_context():
        return db.session.get(User, person.id).time_zone


def save_profile(client, name: str, zone: str):
    return client.post("/auth/profile", data={"display_name": name, "time_zone": zone})


def test_the_feed_shows_times_in_the_zone_chosen_on_the_profile(client_as, team, app):
    with app.app_context():
        db.session.add(
            Activity(
                team_id=team.id,
                actor=db.session.get(User, team.person("leader").id),
                verb="renamed",
                object_type="team",
                summary="renamed the team",
                created_at=datetime(2026, 11, 24, 14, 5, tzinfo=UTC),
            )
        )
        db.session.commit()
    member = client_as(team.person("member"))
    profile = member.get("/auth/profile").get_data(as_text=True)
    assert 'value="UTC"' in profile  # no zone chosen yet: what the person sees now

    assert save_profile(member, "Member", "Asia/Tokyo").status_code == 303
    page = member.get(f"/t/{team.slug}/").get_data(as_text=True)
    assert 'title="24 Nov 2026, 23:05 JST"' in page
    assert zone_of(app, team.person("member")) == "Asia/Tokyo"
    assert 'title="24 Nov 2026, 14:05 UTC"' in client_as(team.person("leader")).get(
        f"/t/{team.slug}/"
    ).get_data(as_text=True)  # everyone else still reads UTC


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "utc+2"])
def test_an_unknown_zone_is_refused_next_to_the_field(client_as, team, app, zone):
    member = client_as(team.person("member"))
    answer = save_profile(member, "Member", zone)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    error = page.split('id="time_zone-error">')[1].split("</p>")[0]
    assert "not a time zone we know" in error
    assert 'aria-describedby="time_zone-hint time_zone-error"' in page
    assert zone_of(app, team.person("member")) is None


def test_a_new_account_takes_the_browsers_zone(client, app):
    client.post(
        "/auth/register",
        data={
            "display_name": "Ana",
            "email": "ana@example.com",
            "password": "a long enough password",
            "browser_zone": "America/Sao_Paulo",
        },
    )
    with app.app_context():
        assert db.session.scalar(db.select(User.time_zone)) == "America/Sao_Paulo"


def test_signing_in_takes_the_browsers_zone_only_when_none_is_set(client_as, make_user, app):
    person = make_user()

    def sign_in(zone: str) -> None:
        client = client_as(None)
        answer = client.post(
            "/auth/login",
            data={"email": person.email, "password": person.password, "browser_zone": zone},
        )
        assert answer.status_code == 303

    sign_in("Not/A_Zone")
    assert zone_of(app, person) is None
    sign_in("Europe/Berlin")
    assert zone_of(app, person) == "Europe/Berlin"
    sign_in("Asia/Kolkata")  # travelling: the zone the person has stays
    assert zone_of(app, person) == "Europe/Berlin"


def test_a_zone_without_an_abbreviation_is_named_by_its_offset(client_as, team, app):
    member = client_as(team.person("member"))
    save_profile(member, "Member", "Asia/Dubai")
    with app.test_request_context():
        from flask_login import login_user

        login_user(db.session.get(User, team.person("member").id))
        assert 'title="24 Nov 2026, 18:05 UTC+04"' in time_ago(
            datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
        )


@pytest.mark.parametrize(
    "age, text",
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(minutes=-3), "just now"),  # a clock a little ahead
        (timedelta(hours=5), "5 hours ago"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=1), "1 day ago"),
    ],
)
def test_recent_moments_read_as_how_long_ago(app, age, text):
    with app.test_request_context():
        assert f">{text}</time>" in time_ago(datetime.now(UTC) - age)


@pytest.mark.parametrize(
    "language, money, number",
    [
        ("en-US,en;q=0.9", "€1,234.50", "1,234.5"),
        ("de-DE,de;q=0.9", "1.234,50\xa0€", "1.234,5"),
        ("fr-FR", "1\u202f234,50\xa0€", "1\u202f234,5"),
        ("xx-YY, en-GB;q=0.5", "€1,234.50", "1,234.5"),  # the first language Babel knows
        ("", "€1,234.50", "1,234.5"),
    ],
)
def test_money_and_numbers_follow_the_browsers_locale(app, language, money, number):
    with app.test_request_context(headers={"Accept-Language": language} if language else {}):
        assert format_money(123450, "EUR") == money
        assert format_number(1234.5) == number
        assert render_template_string("{{ 123450|money('EUR') }}") == money


def test_the_budget_reads_in_the_browsers_locale(budget_world, client_as, app):
    add_line(app, budget_world, "Cloud hosting", 110050)
    page = f"/t/{budget_world.slug}/responsibilities/areas/{budget_world.area_id}"
    holder = client_as(budget_world.person("holder"))
    english = holder.get(page, headers={"Accept-Language": "en-GB,en;q=0.8"})
    german = holder.get(page, headers={"Accept-Language": "de-DE,de;q=0.8"})
    assert "Planned €13,206.00 for the year" in english.get_data(as_text=True)  # 12 × 1,100.50
    assert "Planned 13.206,00\xa0€ for the year" in german.get_data(as_text=True)


def test_a_currency_written_as_its_code_keeps_apart_from_the_digits(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_money(123450, "CHF") == "CHF 1,234.50"
        assert format_money(-1005, "KWD") == "−KWD 1.005"


@pytest.mark.parametrize(
    "count, text", [(0, "0 interviews"), (1, "1 interview"), (2, "2 interviews")]
)
def test_counts_agree_through_ngettext(app, count, text):
    with app.test_request_context():
        assert plural(count, "interview", "interviews") == text
        rendered = render_template_string(
            "{{ ngettext('%(num)d interview', '%(num)d interviews', n) }}", n=count
        )
        assert rendered == text


def test_a_count_of_one_reads_singular_on_the_pages(make_team, client_as, app):
    world = make_team(leader=Role.LEADER, owner=Role.MEMBER, mentor=Role.MEMBER)
    with app.app_context():
        goals.set_stale_days(db.session.get(Team, world.id), 1)
        db.session.commit()
    goal = make_goal(app, world.id, world.person("owner").id, mentor_id=world.person("mentor").id)
    add_checkins(app, goal, 1)
    page = client_as(world.person("leader")).get(f"/t/{world.slug}/goals/team")
    text = " ".join(page.get_data(as_text=True).split())
    assert "1 open goal ·" in text and "(no check-in for 1 day)" in text
    assert "1 check-in waiting for a mentor" in text
