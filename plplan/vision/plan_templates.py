"""Example plans a new plan can start from, so people see what a complete plan looks like.

Each is a JSON file in `plplan/data/plan_templates/`: a title and one-line summary for the
chooser, the plan's default name, its fields by key and its rows by kind. They are read once.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "plan_templates"
# The order the chooser offers them in; a file not listed here is not offered.
ORDER = ("b2b_saas", "consumer_marketplace", "internal_platform")


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    title: str
    summary: str
    name: str
    fields: dict[str, str]
    rows: dict[str, list[dict[str, str]]]


@cache
def plan_templates() -> dict[str, PlanTemplate]:
    """Every template by key, in the chooser's order."""
    return {key: _load(key) for key in ORDER}


def _load(key: str) -> PlanTemplate:
    data = json.loads((DIRECTORY / f"{key}.json").read_text(encoding="utf-8"))
    return PlanTemplate(key=key, **data)
