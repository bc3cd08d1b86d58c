"""The one-pager's Numbers section: the team's budget for the year and the KPIs linked to the
plan, for those who may read them, on the page, in the PDF, the Markdown and share links."""

import sqlalchemy as sa

from plplan.areadata import budget
from plplan.extensions import db
from plplan.models import Team
from tests.export_world import SLUG, create_link, pdf_text, shared_path

WITH_NUMBERS = (
    f"/t/{SLUG}/one-pager{{}}?source=draft&chosen=1&paper=a4&sections=vision&sections=numbers"
)


def demo_total(app) -> budget.TeamTotal:
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.slug == SLUG))
        return budget.team_total(team, every_area=True)


def test_a_member_sees_the_budget_and_the_linked_kpis_with_their_health(demo, signed_in, app):
    total = demo_total(app)
    assert total.over and total.variance.startswith("+")  # the demo's cloud line runs over
    body = signed_in("jonas@example.com").get(WITH_NUMBERS.format("")).get_data(as_text=True)
    numbers = body.split('id="op-numbers-h"', 1)[1]
    assert f"Budget {total.plan} · projected {total.projection}" in numbers
    assert total.variance in numbers
    assert "Product-qualified leads" in numbers and "On track" in numbers
    assert "PQL → paid conversion" in numbers and "Off track" in numbers
    assert "for Raise mobile checkout conversion" in numbers


def test_numbers_are_left_out_unless_chosen(demo, signed_in):
    body = signed_in("maya@example.com").get(f"/t/{SLUG}/one-pager").get_data(as_text=True)
    assert 'name="sections" type="checkbox" value="numbers">' in body  # offered, not ticked
    assert 'id="op-numbers-h"' not in body


def test_a_viewer_sees_no_area_data_a_leader_has_not_shown_to_viewers(demo, signed_in):
    body = signed_in("elena@example.com").get(WITH_NUMBERS.format("")).get_data(as_text=True)
    assert 'id="op-numbers-h"' not in body and "Budget" not in body.split("<article", 1)[1]


def test_the_pdf_keeps_to_one_page_and_the_markdown_has_a_numbers_table(demo, signed_in, app):
    total = demo_total(app)
    client = signed_in("maya@example.com")
    reader, text = pdf_text(client.get(WITH_NUMBERS.format(".pdf")).data)
    assert len(reader.pages) == 1 and "NUMBERS" in text.upper() and total.plan in text
    markdown = client.get(WITH_NUMBERS.format(".md")).get_data(as_text=True)
    assert "\n## Numbers\n" in markdown and f"Budget {total.plan} for the year" in markdown
    assert "| KPI | For | Latest | Health |" in markdown
    assert "| PQL → paid conversion | Raise mobile checkout conversion" in markdown


def test_an_investor_share_link_carries_the_numbers_and_a_team_one_leaves_them_out(
    demo, signed_in, client, app
):
    total = demo_total(app)
    leader = signed_in("maya@example.com")
    investors = shared_path(
        create_link(leader, demo["plan_id"], label="Investors", sections=["vision", "numbers"])
    )
    team = shared_path(create_link(leader, demo["plan_id"], label="Team"))
    body = client.get(investors).get_data(as_text=True)
    assert total.plan in body and "Off track" in body  # hidden from viewers, shared on purpose
    assert 'id="op-numbers-h"' not in client.get(team).get_data(as_text=True)
