"""The compare view reads in the plan's document order (parts.py's sections, each section's
fields in order, rows as ordered), whatever order the edits were made in."""

import re

from tests import vision_world
from tests.vision_world import add_row, plan_url, revisions, save

world = vision_world.world
plan_id = vision_world.plan_id


def test_compare_lists_parts_in_document_order(client_as, world, app, plan_id):
    leader = client_as(world.person("leader"))
    save(leader, world, plan_id, "mission", "Where we start from", 1)
    [first_revision] = revisions(app, plan_id)
    for key in ("pos_differentiator", "pos_target_customer", "non_goals", "vision"):
        save(leader, world, plan_id, key, f"Text for {key}", 1)
    for n in range(1, 11):  # ids past 9: "item:10" sorted before "item:9" as text
        add_row(app, world, plan_id, "need", text=f"Need {n}")
    page = leader.get(
        plan_url(
            world, plan_id, f"/compare?from={first_revision.id}&to={revisions(app, plan_id)[-1].id}"
        )
    )
    headings = re.findall(r'<h2 id="part-\d+">([^<]+?) <span', page.get_data(as_text=True))
    assert headings == [
        "Vision statement",
        "For (target customer)",
        "Our product (differentiator)",
        *[f"Need: Need {n}" for n in range(1, 11)],
        "Non-goals",
    ]
