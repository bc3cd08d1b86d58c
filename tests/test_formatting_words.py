"""Counted words agree with their count, names own things the English way, and resolved
comment threads say how many comments they hold and who resolved them."""

import re

import pytest
import sqlalchemy as sa
from flask import render_template_string

from plplan.extensions import db
from plplan.formatting import measure, plural, possessive
from plplan.models import Activity, Plan, Role, Team, User
from plplan.teams.services import create_invitation
from plplan.vision import comments, services


@pytest.mark.parametrize(
    "count, expected", [(0, "0 comments"), (1, "1 comment"), (2, "2 comments"), (21, "21 comments")]
)
def test_plural_agrees_with_the_count(count, expected):
    assert plural(count, "comment", "comments") == expected


def test_plural_takes_an_irregular_form():
    assert plural(1, "hypothesis", "hypotheses") == "1 hypothesis"
    assert plural(3, "hypothesis", "hypotheses") == "3 hypotheses"


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (1, "interviews", "1 interview"),
        (2, "interviews", "2 interviews"),
        (1.5, "interviews", "1.5 interviews"),
        (1, "%", "1 %"),
        (1, "bus", "1 bus"),
        (1, "class", "1 class"),
        (3, "", "3"),
    ],
)
def test_a_measure_in_a_goals_unit_reads_right(value, unit, expected):
    assert measure(value, unit) == expected


@pytest.mark.parametrize(
    "name, expected", [("Maya", "Maya's"), ("Payments", "Payments'"), ("OPS", "OPS'")]
)
def test_possessive(name, expected):
    assert possessive(name) == expected


def test_the_helpers_are_filters_in_every_template(app):
    with app.test_request_context():
        text = render_template_string(
            "{{ ngettext('%(num)d day', '%(num)d days', 1) }} / {{ 1|measure('interviews') }}"
            " / {{ 'Payments'|possessive }}"
        )
    assert text == "1 day / 1 interview / Payments&#39;"  # HTML for Payments'


def test_rendered_strings_have_no_plural_slips(make_team, client_as, app):
    world = make_team("Payments", leader=Role.LEADER)
    leader = client_as(world.person("leader"))
    assert "Payments&#39; plans" in leader.get(f"/t/{world.slug}/plans").get_data(as_text=True)
    with app.app_context():
        team = db.session.get(Team, world.id)
        create_invitation(team, Role.MEMBER, 1, db.session.get(User, world.person("leader").id))
        db.session.commit()
        summaries = db.session.scalars(sa.select(Activity.summary)).all()
    assert "created an invite link for a member (valid 1 day)" in summaries


def test_a_resolved_thread_shows_its_count_and_who_resolved_it_when(make_team, client_as, app):
    world = make_team("Checkout", leader=Role.LEADER, member=Role.MEMBER)
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        member = db.session.get(User, world.person("member").id)
        plan = services.create_plan(db.session.get(Team, world.id), "Checkout 2027", leader)
        thread = comments.add_comment(plan, "vision", "Why now?", member)
        comments.add_comment(plan, "vision", "Because.", leader, thread)
        comments.add_comment(plan, "vision", "Fair.", member, thread)
        comments.set_resolved(thread, leader)
        db.session.commit()
        plan_id = db.session.scalar(sa.select(Plan.id))
    # the plan page shows the summary; the section's threads (their own URL) the note
    member = client_as(world.person("member"))
    page = member.get(f"/t/{world.slug}/plans/{plan_id}")
    block = page.get_data(as_text=True).split('id="comments-vision"')[1].split("</details>")[0]
    summary = " ".join(block.split("</summary>")[0].split())
    assert '<span class="comment-count" data-count="0">3</span> comments' in summary
    assert "all resolved" in summary and "0 comments" not in block
    block = member.get(f"/t/{world.slug}/plans/{plan_id}/comments/vision").get_data(as_text=True)
    note = " ".join(block.split('class="muted small resolved-note"')[1].split("</p>")[0].split())
    assert re.fullmatch(
        r">Resolved by Leader, <time datetime=\S+>\d\d \w{3} \d{4}, \d\d:\d\d UTC</time>"
        r" · 3 comments",
        note,
    )
