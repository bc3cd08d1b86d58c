"""The completeness coach: what a strong plan lacks, and who sees the advice."""

from datetime import timedelta

import pytest

from plplan.extensions import db
from plplan.models import Plan, User, utcnow
from plplan.vision import services
from plplan.vision.coach import advise, reads_like_a_feature
from tests import vision_world
from tests.vision_world import add_row, plan_url

world = vision_world.world
plan_id = vision_world.plan_id


# -- the coach ------------------------------------------------------------------------------------

HOLLOW = [
    "Write a vision statement.",
    "Name the target group.",
    "Add a measurable business goal.",
    "No product-market fit evidence is validated yet.",
    "Not published yet: viewers see nothing.",
]
FILLED = [
    "The vision statement has 36 words; aim for 35 or fewer.",
    "“Add a saved-cards dashboard” reads like a feature; describe the problem it solves.",
    "Business goal “Become the default payment” has no number.",
    "Pillar “Merchant pull” has no metric.",
    "Roadmap theme “Self-serve” serves no goal.",
    "Not published for 91 days.",
]


def test_coach_lists_what_a_strong_plan_lacks(app, world, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        fields, rows = services.plan_parts(plan)
        messages = [a.message for a in advise(services.plan_snapshot(plan), rows, None)]
    # a hollow plan gets more advice than this, pinned in test_vision_coach_rules.py
    assert [m for m in messages if m in HOLLOW] == HOLLOW
    need = add_row(app, world, plan_id, "need", text="Add a saved-cards dashboard")
    add_row(app, world, plan_id, "business_goal", text="Become the default payment")
    add_row(app, world, plan_id, "pillar", title="Merchant pull", metric="")
    add_row(app, world, plan_id, "theme", horizon="later", title="Self-serve", goal="")
    add_row(app, world, plan_id, "pmf", hypothesis="One tap", status="validated")
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        fields, rows = services.plan_parts(plan)
        services.save_field(plan, fields["vision"], "word " * 36, 1, leader)
        services.save_field(plan, fields["target_group"], "Mobile shoppers", 1, leader)
        publication = services.publish(plan, leader)
        publication.published_at = utcnow() - timedelta(days=91)
        fields, rows = services.plan_parts(plan)
        advice = advise(services.plan_snapshot(plan), rows, publication)
    messages = [a.message for a in advice]
    assert [m for m in messages if m in FILLED] == FILLED
    assert not {"Write a vision statement.", "Name the target group."} & set(messages)
    assert next(a for a in advice if "saved-cards" in a.message).anchor == f"in-{need}-text"


@pytest.mark.parametrize(
    "need, feature_like",
    [
        ("Shoppers abandon checkout on slow pages", False),
        ("Merchants can't see why payments fail", False),
        ("Add Apple Pay", True),
        ("A dashboard for refunds", True),
        ("Better settings page", True),
        ("", False),
    ],
)
def test_needs_written_like_features_are_spotted(need, feature_like):
    assert reads_like_a_feature(need) is feature_like


def test_plan_page_shows_the_coach_to_leaders_only(client_as, world, plan_id):
    leader_page = client_as(world.person("leader")).get(plan_url(world, plan_id)).get_data(True)
    member_page = client_as(world.person("member")).get(plan_url(world, plan_id)).get_data(True)
    assert 'href="#in-target_group" data-coach>Name the target group.' in leader_page
    assert "Completeness coach" not in member_page
