"""Right after publishing: the next steps (a share link, the PDF, what viewers see) on the page."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import ShareLink
from tests import vision_world
from tests.vision_world import plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id


def published(leader, world, plan_id) -> str:
    """Publish the plan as it is; the address the leader is sent on to."""
    response = leader.post(plan_url(world, plan_id, "/publish"), data={"note": ""})
    assert response.status_code == 303
    return response.headers["Location"]


def test_the_plan_page_after_publishing_offers_the_next_steps(client_as, world, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Pay in one step.", 1)
    then = published(leader, world, plan_id)
    assert then == plan_url(world, plan_id, "?published=1")
    page = leader.get(then).get_data(as_text=True)
    assert "Published version 1. Viewers see it now." in page
    assert re.search(r'id="published" tabindex="-1" autofocus', page)  # focus lands there
    assert "Create a share link" in page and "Download the PDF" in page
    assert "See what viewers see" in page
    assert "Viewers see it now" not in leader.get(plan_url(world, plan_id)).get_data(True)


def test_the_next_steps_work_in_one_click_each(client_as, world, plan_id, app):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Pay in one step.", 1)
    page = leader.get(published(leader, world, plan_id)).get_data(as_text=True)
    steps = page[page.index('id="published"') :]
    share = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', steps, re.S)
    fields = re.findall(r'name="(\w+)" value="([^"]*)"', share.group(2))
    created = leader.post(share.group(1), data=_multi(fields))
    assert created.status_code == 200 and "Your share link" in created.get_data(True)
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link.plan_id == plan_id and link.source == "published"

    pdf_url = re.search(r'href="([^"]+)">Download the PDF', page).group(1).replace("&amp;", "&")
    pdf = leader.get(pdf_url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"

    save(leader, world, plan_id, "vision", "A draft nobody else sees.", 2)
    viewer_url = re.search(r'href="([^"]+)">See what viewers see', page).group(1)
    as_viewer = leader.get(viewer_url.replace("&amp;", "&")).get_data(as_text=True)
    assert "Pay in one step." in as_viewer and "A draft nobody else sees." not in as_viewer
    assert "This is the plan as viewers see it" in as_viewer


def test_only_who_publishes_is_offered_the_next_steps(client_as, world, plan_id):
    published(client_as(world.person("leader")), world, plan_id)
    member_page = client_as(world.person("member")).get(plan_url(world, plan_id, "?published=1"))
    assert "Viewers see it now" not in member_page.get_data(as_text=True)


def _multi(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def test_a_publish_note_too_long_comes_back_open_with_its_summary_and_kept(
    client_as, world, plan_id
):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", "Pay in one step.", 1)
    note = "Why we changed course. " * 100
    response = leader.post(plan_url(world, plan_id, "/publish"), data={"note": note})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<details class="publish" id="publish" open>' in page
    assert re.search(r'id="error-summary"[^>]*autofocus', page)
    assert re.search(r'<a href="#note">[^<]*2000[^<]*</a>', page)
    assert f"{note}</textarea>" in page  # what was typed is kept
    assert "Published version 1" not in page
