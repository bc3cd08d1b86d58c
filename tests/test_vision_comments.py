"""Comments on a vision plan, and user text escaped or sanitised on every page."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Plan, User
from plplan.vision import comments
from tests import vision_world
from tests.vision_world import add_row, plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id


# -- comments -------------------------------------------------------------------------------------


def test_members_comment_and_reply_leaders_resolve(client_as, world, app, plan_id):
    member, leader = client_as(world.person("member")), client_as(world.person("leader"))
    response = member.post(
        plan_url(world, plan_id, "/comments"),
        data={"section": "business_goals", "body": "Is **2.8%** realistic?"},
        htmx=True,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<strong>2.8%</strong>" in body and 'data-count="1"' in body
    with app.app_context():
        thread = db.session.scalar(sa.select(comments.PlanComment))
    leader.post(
        plan_url(world, plan_id, "/comments"),
        data={"section": "vision", "parent_id": str(thread.id), "body": "Yes, see roadmap."},
        htmx=True,
    )
    page = member.get(plan_url(world, plan_id)).get_data(as_text=True)
    assert 'id="comments-business_goals"' in page and 'data-count="2"' in page
    resolved = leader.post(plan_url(world, plan_id, f"/comments/{thread.id}/resolve"), htmx=True)
    assert 'data-count="0"' in resolved.get_data(as_text=True)
    assert "Reopen" in resolved.get_data(as_text=True)
    empty = member.post(
        plan_url(world, plan_id, "/comments"), data={"section": "vision", "body": " "}, htmx=True
    )
    assert empty.status_code == 422 and "Write something first." in empty.get_data(as_text=True)
    with app.app_context():
        verbs = db.session.scalars(sa.select(Activity.summary)).all()
    assert any("commented on Business goals" in s for s in verbs)
    assert any("replied to a comment on Business goals" in s for s in verbs)


def a_discussed_section(app, world, plan_id) -> None:
    """A thread on Business goals, with a reply in Markdown."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        member = db.session.get(User, world.person("member").id)
        leader = db.session.get(User, world.person("leader").id)
        thread = comments.add_comment(plan, "business_goals", "Is 2.8% realistic?", member)
        comments.add_comment(plan, "business_goals", "Yes, **see** the roadmap.", leader, thread)
        db.session.commit()


def test_the_plan_page_shows_closed_threads_as_a_summary_only(client_as, world, app, plan_id):
    a_discussed_section(app, world, plan_id)
    page = client_as(world.person("member")).get(plan_url(world, plan_id)).get_data(as_text=True)
    block = page.split('id="comments-business_goals"')[1].split("</details>")[0]
    assert 'data-count="2">2</span>' in block and "· last <time datetime=" in block
    assert "Is 2.8% realistic?" not in page and "<strong>see</strong>" not in page
    thread = plan_url(world, plan_id, "/comments/business_goals")
    assert f'hx-get="{thread}"' in block and f'<a href="{thread}">Read and reply' in block


def test_without_javascript_a_sections_threads_are_a_page_of_their_own(
    client_as, world, app, plan_id
):
    a_discussed_section(app, world, plan_id)
    member = client_as(world.person("member"))
    thread = plan_url(world, plan_id, "/comments/business_goals")
    page = member.get(thread)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Comments on Business goals</h1>" in body
    assert "Is 2.8% realistic?" in body and "Yes, <strong>see</strong> the roadmap." in body
    assert 'id="comments-business_goals" class="comments" open' in body
    assert "Reply</label>" in body and "Comment on Business goals</label>" in body
    fragment = member.get(thread, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<details id="comments-business_goals"')
    assert "<html" not in fragment and "<strong>see</strong>" in fragment
    assert member.get(plan_url(world, plan_id, "/comments/nowhere")).status_code == 404

    posted = member.post(thread.rsplit("/", 1)[0], data={"section": "vision", "body": "Why?"})
    assert posted.status_code == 303
    assert posted.headers["Location"] == plan_url(world, plan_id, "/comments/vision")
    assert "Why?" in member.get(posted.headers["Location"]).get_data(as_text=True)


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<div hx-get="/auth/logout" hx-trigger="load">x</div>',
    "[link](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("payload", XSS)
def test_user_text_is_escaped_or_sanitised_everywhere(client_as, world, app, plan_id, payload):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "vision", payload, 1)
    add_row(app, world, plan_id, "need", text=payload)
    leader.post(plan_url(world, plan_id, "/comments"), data={"section": "vision", "body": payload})
    leader.post(plan_url(world, plan_id, "/publish"))
    pages = [
        leader.get(plan_url(world, plan_id)),
        client_as(world.person("member")).get(plan_url(world, plan_id)),
        client_as(world.person("viewer")).get(plan_url(world, plan_id)),
        leader.get(plan_url(world, plan_id, "/history")),
    ]
    for page in pages:
        body = page.get_data(as_text=True)
        for dangerous in ("<script>alert", "<img src=x", "<svg onload", "<div hx-"):
            assert dangerous not in body
        # escaped text may spell out href="javascript:..."; only a real tag would carry it
        assert not re.search(r"<[a-z][^<>]*href=[\"']?javascript:", body)
