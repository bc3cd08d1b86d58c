"""A realistic plan snapshot (the shape plplan.vision.services.plan_snapshot returns)."""


def _theme(horizon: str, title: str, goal: str, metric: str) -> dict:
    return {"horizon": horizon, "title": title, "goal": goal, "metric": metric}


REALISTIC_SNAPSHOT = {
    "name": "Checkout 2027",
    "vision": "Every shopper pays in one tap, anywhere, and trusts us with their money.",
    "mission": "We remove every step between deciding to buy and having bought, for shoppers "
    "and the merchants who serve them.",
    "positioning": {
        "target_customer": "mid-size online merchants",
        "need": "lose a fifth of their buyers at checkout",
        "product_name": "Checkout",
        "category": "payment experience",
        "key_benefit": "turns more visits into orders",
        "alternative": "hosted payment pages",
        "differentiator": "keeps shoppers on the merchant's site and remembers them everywhere",
        "sentence": "For mid-size online merchants who lose a fifth of their buyers at checkout, "
        "Checkout is a payment experience that turns more visits into orders; unlike hosted "
        "payment pages, our product keeps shoppers on the merchant's site and remembers them "
        "everywhere.",
    },
    "board": {
        "target_group": "Mid-size online merchants (50–500 staff) in Europe selling to returning "
        "consumers on mobile.",
        "needs": [
            "Shoppers abandon when asked to type card details on a phone",
            "Merchants cannot tell why a payment failed",
            "Finance teams reconcile payouts by hand every week",
        ],
        "product": [
            "One-tap pay with a remembered wallet",
            "Failure reasons in plain words, live",
            "Automatic payout reconciliation",
        ],
        "business_goals": [
            "Raise checkout conversion from 61% to 70% by Q4 2027",
            "Grow merchant net revenue retention to 115%",
            "Cut payment-related support tickets by 40%",
        ],
    },
    "strategy": {
        "pillars": [
            {
                "title": "Mobile first",
                "rationale": "Two thirds of our checkouts start on a phone, "
                "where we convert worst.",
                "metric": "Mobile conversion rate",
            },
            {
                "title": "Explain every failure",
                "rationale": "Merchants churn when they cannot answer their own customers.",
                "metric": "Payment support tickets per 1,000 orders",
            },
            {
                "title": "Money you can trust",
                "rationale": "Reconciliation is the job finance hires us for "
                "and the reason they stay.",
                "metric": "Net revenue retention",
            },
        ],
        "north_star": {
            "name": "Completed checkouts per week",
            "unit": "k",
            "current": "410",
            "target": "560",
            "by_when": "Dec 2027",
        },
        "non_goals": "No in-person payments; no lending products in 2027.",
    },
    "pmf": [
        {
            "area": "value",
            "hypothesis": "Merchants will switch for a 5-point conversion gain",
            "evidence": "8 of 10 pilot merchants signed",
            "status": "validated",
            "note": "",
        }
    ],
    "roadmap": [
        {
            "horizon": "now",
            "title": "Remembered wallet",
            "goal": "Raise checkout conversion",
            "metric": "Mobile conversion",
        },
        {
            "horizon": "now",
            "title": "Failure explanations",
            "goal": "Cut support tickets",
            "metric": "Tickets per 1k orders",
        },
        {"horizon": "next", "title": "Payout reconciliation", "goal": "Grow NRR", "metric": "NRR"},
        {
            "horizon": "later",
            "title": "Merchant insights",
            "goal": "Grow NRR",
            "metric": "Weekly active merchants",
        },
    ],
}

REALISTIC_ACCOUNTABLE = [
    ("Building the team and culture", "Maya Chen"),
    ("Product processes", "Jonas Weber"),
    ("Budget management", "Maya Chen"),
    ("Go-to-market operations", "Priya Nair"),
    ("Project management", "Amara Okafor"),
    ("Senior leadership and stakeholder communications", None),
]

REALISTIC_GROWTH = {
    "skills": ["Communication", "Strategic thinking", "Business acumen"],
    "open_goals": 11,
    "on_track": 7,
}


def overlong_snapshot() -> dict:
    """The realistic plan with far too much in it for one page."""
    snap = {**REALISTIC_SNAPSHOT}
    words = "We will keep shoppers in the flow and explain every decision plainly. " * 12
    snap["vision"] = words
    snap["board"] = {k: (v * 5 if isinstance(v, list) else v) for k, v in snap["board"].items()}
    snap["strategy"] = {
        **snap["strategy"],
        "pillars": [
            {**p, "title": f"{p['title']} {n}", "rationale": words}
            for n in range(4)
            for p in REALISTIC_SNAPSHOT["strategy"]["pillars"]
        ],
    }
    snap["roadmap"] = snap["roadmap"] * 6
    return snap
