"""The vision pages' query counts are pinned and do not grow with rows, revisions, comments."""

import pytest

from plplan.extensions import db
from plplan.models import Plan, Role, Team, User
from plplan.vision import comments, history, services
from plplan.vision.parts import ROW_KINDS

PAGES = {
    # page: (path after /t/<slug>/plans/<id>, who, queries); members and leaders also get
    # the team nav's "needs your attention" count; every plan page runs one query for the live
    # KPI values beside its goals (areadata.kpis.live_for_plan); the comments are one count per
    # section, their threads load when opened: a section's threads with replies and authors (2)
    "plan as leader": ("", "leader", 8),
    "plan as member": ("", "member", 8),
    "plan as viewer": ("", "viewer", 4),
    "history": ("/history", "member", 4),
    "a section's comments": ("/comments/needs", "member", 5),
}


def grow(app, world, plan_id: int, n: int) -> None:
    """Add n rows of every kind, 10n revisions and n comment threads with a reply each."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        for i in range(n):
            for kind in ROW_KINDS:
                services.add_item(plan, kind, {"text": f"{kind} {i}", "title": f"T{i}"}, leader)
            for j in range(10):
                history.record(
                    plan, f"item:x{i}-{j}", "need", "delete", {"text": "x"}, None, leader
                )
            thread = comments.add_comment(plan, "needs", f"Comment {i}", leader)
            comments.add_comment(plan, "needs", f"Reply {i}", leader, thread)
        services.publish(plan, leader, f"Version after {n}")
        db.session.commit()


def queries_for(client, count_queries, path: str) -> int:
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("page", PAGES)
def test_vision_page_queries_are_pinned_and_flat(page, make_team, client_as, count_queries, app):
    rest, who, pinned = PAGES[page]
    world = make_team(leader=Role.LEADER, member=Role.MEMBER, viewer=Role.VIEWER)
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan_id = services.create_plan(db.session.get(Team, world.id), "Plan", leader).id
        db.session.commit()
    path = f"/t/{world.slug}/plans/{plan_id}{rest}"
    client = client_as(world.person(who))
    grow(app, world, plan_id, 1)
    small = queries_for(client, count_queries, path)
    grow(app, world, plan_id, 10)
    large = queries_for(client, count_queries, path)
    assert small == large == pinned
