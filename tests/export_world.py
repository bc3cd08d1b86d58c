"""Helpers shared by the one-pager test modules: the demo team, signing in as a demo person
(over HTTP or in the browser), share links, and the text of a PDF."""

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from plplan.demo import load_demo
from plplan.demo_people import DEMO_PASSWORD
from plplan.extensions import db
from plplan.models import Plan, Team, User
from plplan.vision.services import add_item, current_plan, plan_snapshot

SLUG = "checkout-payments"


@pytest.fixture
def demo(app):
    """The demo team: a realistic published plan, a filled responsibility map, goals, budget,
    KPIs linked to the plan and a communication plan."""
    with app.app_context():
        load_demo()
        db.session.commit()
        plan = current_plan(db.session.scalar(sa.select(Team).where(Team.slug == SLUG)))
        return {"plan_id": plan.id, "snapshot": plan_snapshot(plan)}


@pytest.fixture
def long_draft(demo, app):
    """The demo plan's draft with 40 more needs than fit ("Extra need number 0" to 39)."""
    with app.app_context():
        plan = db.session.get(Plan, demo["plan_id"])
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        for n in range(40):
            add_item(plan, "need", {"text": f"Extra need number {n}"}, maya)
        db.session.commit()


@pytest.fixture
def signed_in(app):
    def _signed_in(email: str):
        client = app.test_client()
        response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 303
        return client

    return _signed_in


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/t/checkout-payments/")  # the demo people are in one team


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def create_link(client, plan_id, **fields):
    data = {
        "plan": str(plan_id),
        "source": "published",
        "paper": "a4",
        "sections": ["vision", "board", "strategy", "roadmap", "responsibilities"],
        **fields,
    }
    return client.post(f"/t/{SLUG}/share-links", data=data)


def shared_path(response) -> str:
    return re.search(r'value="http://localhost(/s/[^"]+)"', response.get_data(as_text=True))[1]
