"""Dates and times read one way everywhere, in the viewer's zone (UTC for now)."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from flask import render_template_string

import plplan
from plplan.extensions import db
from plplan.formatting import format_date, format_datetime, format_month
from plplan.models import Activity, User

EAST = timezone(timedelta(hours=2))


def test_a_day_and_a_moment_have_one_format_each():
    assert format_date(date(2026, 3, 2)) == "02 Mar 2026"
    assert format_date(datetime(2026, 11, 24, 14, 5, tzinfo=UTC)) == "24 Nov 2026"
    assert format_datetime(datetime(2026, 11, 24, 14, 5, tzinfo=UTC)) == "24 Nov 2026, 14:05 UTC"

    assert format_month(date(2026, 11, 1)) == "Nov 2026"
    assert format_month(date(2026, 11, 1), with_year=False) == "Nov"


def test_dates_people_read_are_formatted_only_in_the_formatting_module():
    """Only formatting.py writes a date for reading; machine formats (`%Y-%m` in a field
    name, ISO in a CSV or a file name) may live elsewhere."""
    readable = re.compile(r"%[aAbBp]")  # month and day names, AM/PM: "24 Nov"
    package = Path(plplan.__file__).parent
    sources = [p for p in package.rglob("*.py") if p.name != "formatting.py"]
    sources += list((package.parent / "templates").rglob("*.html"))
    found = [
        str(path.name)
        for path in sources
        for line in path.read_text().splitlines()
        if ("strftime" in line or ":%" in line) and readable.search(line)
    ]
    assert found == []


def test_moments_are_shown_in_the_viewers_zone_which_is_named():
    just_after_midnight_east = datetime(2026, 11, 25, 0, 30, tzinfo=EAST)
    assert format_date(just_after_midnight_east) == "24 Nov 2026"  # still the 24th in UTC
    assert format_datetime(just_after_midnight_east) == "24 Nov 2026, 22:30 UTC"


def test_every_template_has_the_date_and_datetime_filters(app):
    moment = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    with app.test_request_context():
        text = render_template_string("{{ d|date }} / {{ m|datetime }}", d=moment.date(), m=moment)
    assert text == "24 Nov 2026 / 24 Nov 2026, 14:05 UTC"


def test_the_team_feed_says_when_and_in_which_zone(client_as, team, app):
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        db.session.add(
            Activity(
                team_id=team.id,
                actor=leader,
                verb="renamed",
                object_type="team",
                summary="renamed the team",
                created_at=datetime(2026, 11, 24, 14, 5, tzinfo=UTC),
            )
        )
        db.session.commit()
    page = client_as(team.person("member")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert 'title="24 Nov 2026, 14:05 UTC" class="muted">' in page  # "… ago", exact on hover
