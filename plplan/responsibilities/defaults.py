"""The six leadership areas every team starts with (from the product-leadership article)."""

DEFAULT_AREAS: list[dict[str, str]] = [
    {
        "name": "Building the team and culture",
        "purpose": "Hire, train and mentor a product team with the right skills and mindset, "
        "and grow a product-centric culture of innovation, collaboration and improvement.",
        "duties": "- Hiring and onboarding\n- Training and mentoring\n- Team rituals and culture",
        "decisions": "Who joins the team; how people grow; how the team works together.",
    },
    {
        "name": "Product processes",
        "purpose": "Develop and run efficient product processes and tools that streamline "
        "workflow across communication, product design, development and technology.",
        "duties": "- Discovery and delivery process\n- Tooling\n- Definition of done",
        "decisions": "Which process and tools the team uses, and when they change.",
    },
    {
        "name": "Budget management",
        "purpose": "Manage budgets and financial projections for product initiatives, and align "
        "pricing with the product's market potential.",
        "duties": "- Yearly budget and projections\n- Spend tracking\n- Pricing input",
        "decisions": "Where the product budget goes; pricing recommendations.",
    },
    {
        "name": "Go-to-market operations",
        "purpose": "Position the product in the market with data: target segments, "
        "product-qualified leads, churn, retention and engagement.",
        "duties": "- Target segments\n- GTM metrics (PQLs, churn, retention, engagement)\n"
        "- Launch readiness",
        "decisions": "Which segments we target and how we launch.",
    },
    {
        "name": "Project management",
        "purpose": "Work with product managers and stakeholders so projects stay on track and "
        "aligned with the vision; provide support, guidance and resources.",
        "duties": "- Delivery tracking\n- Unblocking and resourcing\n- Cross-team dependencies",
        "decisions": "Priorities and trade-offs when projects compete for people.",
    },
    {
        "name": "Senior leadership and stakeholder communications",
        "purpose": "Be the point of contact for senior leadership, investors and other "
        "stakeholders: product updates, business decisions and goals, communicated openly.",
        "duties": "- Stakeholder updates\n- Board and investor material\n- Alignment meetings",
        "decisions": "What is communicated to whom, and when.",
    },
]
