"""The demo team's plan: drafted by Maya over a few weeks, commented on, published once."""

from datetime import timedelta

from plplan.extensions import db
from plplan.models import PlanRevision, Team, User, utcnow
from plplan.vision import comments, services

FIELDS = {
    "vision": "Paying online should feel as easy as handing over cash to someone you trust.",
    "mission": "We remove every step between “I want this” and “it's mine” for shoppers "
    "across our marketplaces, without ever compromising their trust.",
    "pos_target_customer": "busy online shoppers on their phones",
    "pos_need": "give up when checkout asks for too much",
    "pos_product_name": "One-tap Checkout",
    "pos_category": "payment experience",
    "pos_key_benefit": "completes a purchase in one tap with details they already trust us with",
    "pos_alternative": "long card forms and redirects to third-party wallets",
    "pos_differentiator": "remembers them safely across every shop on the marketplace",
    "target_group": "Returning mobile shoppers in our five largest markets (DE, FR, ES, IT, NL), "
    "and the merchants who lose them at checkout.",
    "ns_name": "Weekly completed mobile checkouts",
    "ns_unit": "checkouts",
    "ns_current": "182000",
    "ns_target": "240000",
    "ns_by_when": "2027-06-30",
    "non_goals": "No buy-now-pay-later of our own this year.\nNo desktop redesign.",
}
ROWS = {
    "need": [
        "Shoppers abandon checkout when they have to type card details on a phone",
        "Shoppers don't trust unfamiliar payment pages",
        "Add a saved-cards dashboard",
    ],
    "product": [
        "One-tap payment with stored, tokenised cards",
        "Address book shared across the marketplace",
        "Instant refunds to the original method",
    ],
    "business_goal": [
        "Raise mobile checkout conversion from 2.1% to 2.8% by Q2 2027",
        "Cut payment-related support tickets by 30%",
        "Become the default way merchants take payments",
    ],
    "pillar": [
        {
            "title": "Fewer steps",
            "rationale": "Every field we remove lifts conversion; the data is unambiguous.",
            "metric": "Median taps to pay",
        },
        {
            "title": "Earned trust",
            "rationale": "Shoppers pay where they feel safe; trust is built in the details.",
            "metric": "Checkout trust score (survey)",
        },
        {"title": "Merchant pull", "rationale": "Merchants should ask for it.", "metric": ""},
    ],
    "pmf": [
        {
            "area": "value",
            "hypothesis": "Returning shoppers will pay with a stored card if offered in one tap",
            "evidence": "A/B test on 5% of traffic: +11% completed checkouts",
            "status": "validated",
            "note": "Strongest in DE and NL",
        },
        {
            "area": "usability",
            "hypothesis": "Shoppers understand the one-tap button without explanation",
            "evidence": "Hallway tests with 8 people: 6 found it at once",
            "status": "untested",
            "note": "Needs a proper study",
        },
        {
            "area": "viability",
            "hypothesis": "Merchants accept a 0.2% fee for higher conversion",
            "evidence": "3 of 12 merchants interviewed said no",
            "status": "invalidated",
            "note": "Try a performance-based fee",
        },
    ],
    "theme": [
        {
            "horizon": "now",
            "title": "Stored cards for returning shoppers",
            "goal": "Raise mobile checkout conversion",
            "metric": "Checkout conversion",
        },
        {
            "horizon": "next",
            "title": "Shared address book",
            "goal": "Raise mobile checkout conversion",
            "metric": "Median taps to pay",
        },
        {"horizon": "later", "title": "Merchant self-serve onboarding", "goal": "", "metric": ""},
    ],
}


def seed_vision(team: Team, people: dict[str, User]) -> None:
    """Create "Checkout 2027" as the current plan with history, comments and one publish."""
    maya, jonas = people["maya@example.com"], people["jonas@example.com"]
    priya = people["priya@example.com"]
    plan = services.create_plan(team, "Checkout 2027", maya)
    fields, _ = services.plan_parts(plan)
    # A first, wordier vision that Maya later tightened: the history shows both.
    first_vision = (
        "We want to build the best checkout in Europe, one that shoppers love and that "
        "merchants recommend, so that paying feels effortless on every device."
    )
    services.save_field(plan, fields["vision"], first_vision, 1, maya)
    for key, value in FIELDS.items():
        row = fields[key]
        services.save_field(plan, row, value, row.version, maya)
    for kind, rows in ROWS.items():
        for values in rows:
            services.add_item(
                plan, kind, values if isinstance(values, dict) else {"text": values}, maya
            )
    db.session.flush()
    _spread_history(plan.id)
    services.publish(plan, maya, "First version for the leadership offsite.")
    services.save_field(
        plan,
        fields["non_goals"],
        FIELDS["non_goals"] + "\nNo crypto payments.",
        fields["non_goals"].version,
        maya,
    )
    thread = comments.add_comment(
        plan, "business_goals", "Is 2.8% realistic by Q2? The A/B test says +11%, not +33%.", jonas
    )
    comments.add_comment(
        plan,
        "business_goals",
        "Fair. The shared address book adds the rest; see the roadmap.",
        maya,
        thread,
    )
    comments.add_comment(
        plan, "pmf", "I can run the usability study in January with **8 participants**.", priya
    )


def _spread_history(plan_id: int) -> None:
    """Make the seeded revisions look like three weeks of drafting, not one second."""
    revisions = db.session.query(PlanRevision).filter_by(plan_id=plan_id).order_by(PlanRevision.id)
    start = utcnow() - timedelta(days=21)
    for index, revision in enumerate(revisions):
        revision.created_at = revision.updated_at = start + timedelta(hours=6 * index)
