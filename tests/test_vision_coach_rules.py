"""The coach reviews every part of the plan: an empty plan, a hollow one and a full one,
each read through the real snapshot the way the plan page reads it."""

import re

from plplan.extensions import db
from plplan.models import Plan, User
from plplan.vision import services
from plplan.vision.coach import advise
from tests import vision_world
from tests.vision_world import plan_url

world = vision_world.world
plan_id = vision_world.plan_id

FULL_FIELDS = {
    "vision": "Every shopper pays in one tap, anywhere.",
    "mission": "We remove every step between deciding to buy and having bought.",
    "pos_target_customer": "mid-size online merchants",
    "pos_need": "lose a fifth of their buyers at checkout",
    "pos_product_name": "Checkout",
    "pos_category": "payment experience",
    "pos_key_benefit": "turns more visits into orders",
    "pos_alternative": "hosted payment pages",
    "pos_differentiator": "keeps shoppers on the merchant's site",
    "target_group": "Mid-size European merchants selling to returning mobile shoppers",
    "ns_name": "Completed checkouts per week",
    "ns_unit": "checkouts",
    "ns_current": "410000",
    "ns_target": "560000",
    "ns_by_when": "2027-12-31",
    "non_goals": "No in-person payments.",
}
FULL_ROWS = [
    ("need", {"text": "Shoppers abandon when asked to type card details on a phone"}),
    ("product", {"text": "One-tap pay with a remembered wallet"}),
    ("business_goal", {"text": "Raise checkout conversion from 61% to 70%"}),
    (
        "pillar",
        {"title": "Mobile first", "rationale": "Phones convert worst", "metric": "Mobile CR"},
    ),
    (
        "pmf",
        {
            "hypothesis": "Merchants switch",
            "evidence": "8 of 10 pilots signed",
            "status": "validated",
        },
    ),
    ("theme", {"horizon": "now", "title": "Remembered wallet", "goal": "Raise conversion"}),
]


def build(app, world, plan_id, fields=None, rows=(), publish=False) -> int:
    """Write `fields` and add `rows` through the services, as leaders' saves would."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        leader = db.session.get(User, world.person("leader").id)
        parts, _ = services.plan_parts(plan)
        for key, value in (fields or {}).items():
            services.save_field(plan, services.get_field(plan, key), value, 1, leader)
        for kind, values in rows:
            services.add_item(plan, kind, values, leader)
        if publish:
            services.publish(plan, leader)
        db.session.commit()
    return plan_id


def coach(app, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        parts = services.plan_parts(plan)
        return advise(
            services.plan_snapshot(plan, parts), parts[1], services.latest_publication(plan)
        )


def test_an_empty_plan_is_told_every_section_it_lacks(app, plan_id):
    assert [(a.message, a.anchor) for a in coach(app, plan_id)] == [
        ("Write a vision statement.", "in-vision"),
        ("Write the mission: what the team does to get there.", "in-mission"),
        ("Fill in the positioning statement.", "in-pos_target_customer"),
        ("Name the target group.", "in-target_group"),
        ("Name the needs: the problems the product solves.", "s-needs"),
        ("List the few key features that set the product apart.", "s-product"),
        ("Add a measurable business goal.", "s-business_goals"),
        ("Add a strategic pillar and the metric it moves.", "s-pillars"),
        ("Choose a North Star metric, with its current value and target.", "in-ns_name"),
        ("Say what the team deliberately won't do (non-goals).", "in-non_goals"),
        ("No product-market fit evidence is validated yet.", "s-pmf"),
        ("Add roadmap themes for now, next and later.", "s-roadmap"),
        ("Not published yet: viewers see nothing.", "publish"),
    ]


def test_a_hollow_plan_fires_every_rule_on_what_it_has(app, world, plan_id):
    fields = {
        **FULL_FIELDS,
        "vision": "word " * 40,
        "pos_alternative": "",
        "pos_differentiator": "",
        "ns_current": "",
        "ns_target": "",
    }
    rows = [
        ("need", {"text": "Add a saved-cards dashboard"}),
        ("need", {"text": "Integration with Shopify"}),
        ("product", {"text": "One-tap pay"}),
        ("business_goal", {"text": "Become the default payment"}),
        ("pillar", {"title": "Merchant pull", "metric": ""}),
        ("pmf", {"hypothesis": "One tap converts", "status": "validated", "evidence": " "}),
        ("theme", {"horizon": "later", "title": "Self-serve", "goal": ""}),
        ("need", {}),  # added with "+ Add a need" and left blank
        ("pillar", {}),
    ]
    build(app, world, plan_id, fields, rows)
    advice = coach(app, plan_id)
    assert [a.message for a in advice] == [
        "The vision statement has 40 words; aim for 35 or fewer.",
        "The positioning statement has 2 slots to fill.",
        "“Add a saved-cards dashboard” reads like a feature; describe the problem it solves.",
        "“Integration with Shopify” reads like a feature; describe the problem it solves.",
        "Business goal “Become the default payment” has no number.",
        "Pillar “Merchant pull” has no metric.",
        "The North Star has no current value and target yet.",
        "“One tap converts” is marked validated but names no evidence.",
        "Roadmap theme “Self-serve” serves no goal.",
        "2 blank rows (needs, pillars): type in them or remove them; "
        "they are not part of the plan.",
        "Not published yet: viewers see nothing.",
    ]
    anchors = [a.anchor for a in advice]
    assert anchors[1] == "in-pos_alternative" and anchors[6] == "in-ns_current"
    assert re.fullmatch(r"in-\d+-evidence", anchors[7]) and re.fullmatch(r"r-\d+", anchors[9])


def test_a_full_published_plan_has_nothing_missing(app, world, plan_id, client_as):
    build(app, world, plan_id, FULL_FIELDS, FULL_ROWS, publish=True)
    assert coach(app, plan_id) == []
    page = client_as(world.person("leader")).get(plan_url(world, plan_id)).get_data(as_text=True)
    assert "Nothing missing. This plan is in good shape." in page


def test_blank_rows_do_not_count_as_content(app, world, plan_id):
    build(app, world, plan_id, rows=[("need", {}), ("need", {"text": "  "})])
    messages = [a.message for a in coach(app, plan_id)]
    assert "Name the needs: the problems the product solves." in messages
    assert [m for m in messages if "blank row" in m] == [
        "2 blank rows (needs): type in them or remove them; they are not part of the plan."
    ]


def test_every_advice_links_to_something_on_the_page(app, world, plan_id, client_as):
    build(
        app, world, plan_id, {"vision": "word " * 40}, [("pillar", {"title": "Pull"}), ("need", {})]
    )
    page = client_as(world.person("leader")).get(plan_url(world, plan_id)).get_data(as_text=True)
    links = re.findall(r'<a href="#([^"]+)" data-coach>', page)
    assert len(links) == len(coach(app, plan_id)) > 10
    for anchor in links:
        assert f'id="{anchor}"' in page, anchor
