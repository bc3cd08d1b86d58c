"""The plan page's URLs, formatted from one `url_for` per request.

A plan of 50 rows asked `url_for` for some 230 URLs (save, move, delete, conflict per row);
they all share the plan's URL, so each is that URL with an id formatted in. Each method
matches its view's route (tests/test_vision_urls.py holds them to `url_for`).
"""

from flask import g, url_for

from plplan.models import Plan


class PlanUrls:
    def __init__(self, plan_url: str):
        self.plan = plan_url

    def save_field(self, key: str) -> str:
        return f"{self.plan}/fields/{key}"

    def add_row(self) -> str:
        return f"{self.plan}/rows"

    def save_row(self, item_id: int) -> str:
        return f"{self.plan}/rows/{item_id}"

    def move_row(self, item_id: int) -> str:
        return f"{self.plan}/rows/{item_id}/move"

    def delete_row(self, item_id: int) -> str:
        return f"{self.plan}/rows/{item_id}/delete"

    def thread(self, section: str) -> str:
        return f"{self.plan}/comments/{section}"

    def revisions(self) -> str:
        return f"{self.plan}/history"

    def publications(self) -> str:
        return f"{self.plan}/publications"

    def compare_draft(self) -> str:
        return f"{self.plan}/publications/draft"

    def publish(self) -> str:
        return f"{self.plan}/publish"

    def presence(self) -> str:
        return f"{self.plan}/presence"


def plan_urls(plan: Plan) -> PlanUrls:
    """The plan's URLs, built once per request."""
    built = g.setdefault("vision_plan_urls", {})
    if plan.id not in built:
        built[plan.id] = PlanUrls(url_for("vision.plan", slug=plan.team.slug, plan_id=plan.id))
    return built[plan.id]
