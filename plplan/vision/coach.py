"""The completeness coach: what a strong plan still lacks, each with a link to the field."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from plplan.models import PlanField, PlanItem, PlanPublication, utcnow

VISION_MAX_WORDS = 35
STALE_AFTER = timedelta(days=90)

# A need names a problem ("shoppers abandon slow checkouts"); these read like a solution.
_FEATURE_START = re.compile(
    r"^\s*(add|build|create|implement|launch|ship|integrate|enable|provide|offer|support|"
    r"allow|let|make|a|an)\b",
    re.IGNORECASE,
)
_FEATURE_WORDS = re.compile(
    r"\b(feature|button|dashboard|integration|app|api|widget|toggle|setting)s?\b",
    re.IGNORECASE,
)


# Row kind, what it lacks (given its values), the advice, the column to go to, the row's name.
_ROW_CHECKS = (
    (
        "need",
        lambda v: reads_like_a_feature(v.get("text", "")),
        "“{}” reads like a feature; describe the problem it solves.",
        "text",
        "text",
    ),
    (
        "business_goal",
        lambda v: not re.search(r"\d", v.get("text", "")),
        "Business goal “{}” has no number.",
        "text",
        "text",
    ),
    (
        "pillar",
        lambda v: not v.get("metric", "").strip(),
        "Pillar “{}” has no metric.",
        "metric",
        "title",
    ),
    (
        "theme",
        lambda v: not v.get("goal", "").strip(),
        "Roadmap theme “{}” serves no goal.",
        "goal",
        "title",
    ),
)


@dataclass(frozen=True)
class Advice:
    message: str
    anchor: str  # the id of the input (or section) to go to


def reads_like_a_feature(need: str) -> bool:
    return bool(need.strip()) and bool(_FEATURE_START.search(need) or _FEATURE_WORDS.search(need))


def advise(
    fields: dict[str, PlanField],
    rows: dict[str, list[PlanItem]],
    publication: PlanPublication | None,
    now: datetime | None = None,
) -> list[Advice]:
    """Everything the plan still lacks, roughly in page order."""
    now = now or utcnow()
    advice = []
    vision = fields["vision"].value
    words = len(vision.split())
    if not vision:
        advice.append(Advice("Write a vision statement.", "in-vision"))
    elif words > VISION_MAX_WORDS:
        advice.append(
            Advice(
                f"The vision statement has {words} words; aim for {VISION_MAX_WORDS} or fewer.",
                "in-vision",
            )
        )
    if not fields["target_group"].value:
        advice.append(Advice("Name the target group.", "in-target_group"))
    if not rows["business_goal"]:
        advice.append(Advice("Add a measurable business goal.", "s-business_goals"))
    for kind, is_lacking, message, column, name_column in _ROW_CHECKS:
        advice += [
            Advice(
                message.format(_short(item.values.get(name_column, ""))), f"in-{item.id}-{column}"
            )
            for item in rows[kind]
            if is_lacking(item.values)
        ]
    if not any(item.values.get("status") == "validated" for item in rows["pmf"]):
        advice.append(Advice("No product-market fit evidence is validated yet.", "s-pmf"))
    if publication is None:
        advice.append(Advice("Not published yet: viewers see nothing.", "publish"))
    elif now - publication.published_at > STALE_AFTER:
        days = (now - publication.published_at).days
        advice.append(Advice(f"Not published for {days} days.", "publish"))
    return advice


def _short(text: str, limit: int = 40) -> str:
    text = text.strip() or "untitled"
    return text if len(text) <= limit else text[: limit - 1] + "…"
