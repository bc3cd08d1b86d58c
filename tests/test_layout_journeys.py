"""Browser journeys for text layout: on the narrowest phone (320 px), words in tables,
headers and buttons wrap between words, never inside one."""

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Plan, User
from plplan.vision.services import add_item, publish
from tests.export_world import log_in

pytestmark = pytest.mark.browser

LONG_WORDS = "Internationalisation requirements"


@pytest.fixture
def published_evidence(demo, app):
    """The demo plan published again with a hypothesis of long words."""
    with app.app_context():
        plan = db.session.get(Plan, demo["plan_id"])
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        values = {"area": "viability", "hypothesis": LONG_WORDS, "evidence": LONG_WORDS}
        add_item(plan, "pmf", values | {"status": "validated"}, maya)
        publish(plan, maya)
        db.session.commit()
    return demo


# The words inside `selector` that the browser laid out on more than one line.
BROKEN_WORDS = """selector => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 320, "height": 800})
    return page


def words_broken(page, selector: str) -> list[str]:
    assert page.locator(selector).count(), f"nothing matches {selector}"
    return page.evaluate(BROKEN_WORDS, selector)


def test_the_viewers_evidence_table_keeps_its_words_whole(page, live_server, published_evidence):
    page.set_viewport_size({"width": 700, "height": 800})  # the narrowest table with columns
    log_in(page, live_server, "elena@example.com")
    page.goto(f"{live_server}/t/checkout-payments/plans/{published_evidence['plan_id']}")
    page.get_by_text(LONG_WORDS).first.wait_for()
    assert words_broken(page, "main .table-wrap table") == []


def test_grid_headers_and_copy_buttons_keep_their_words_whole(phone, live_server, demo):
    log_in(phone, live_server, "maya@example.com")
    phone.goto(f"{live_server}/t/checkout-payments/responsibilities/")
    assert words_broken(phone, "table.raci thead") == []
    phone.goto(f"{live_server}/t/checkout-payments/invitations")
    phone.get_by_role("button", name="Create link").click()
    phone.get_by_role("button", name="Copy").wait_for()
    assert words_broken(phone, "button[data-copy]") == []
