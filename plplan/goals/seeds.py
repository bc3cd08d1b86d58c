"""The skills every team starts with (from the articles in seeds/), with their levels."""

DEFAULT_LEVELS = ("Learning", "Practising with help", "Doing it independently", "Teaching others")

SEED_SKILLS: list[tuple[str, tuple[str, ...]]] = [
    (name, DEFAULT_LEVELS)
    for name in (
        "Business acumen",
        "Domain knowledge",
        "Technical skills",
        "Communication",
        "Decision-making",
        "Empathy and user focus",
        "Strategic thinking",
        "Influence and motivation",
    )
]
