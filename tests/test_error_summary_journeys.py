"""Browser journeys: every kind of form sent back invalid opens on its error summary (GOV.UK's
pattern): the summary has the focus and lists the error, its link puts the caret in the field,
and what was typed is still there. Plain forms and htmx forms alike."""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from plplan.extensions import db
from plplan.models import Area, BudgetLine, Communication, Kpi, Team
from tests.browser import assert_accessible, wait_for_htmx
from tests.export_world import SLUG, log_in

pytestmark = pytest.mark.browser
TEAM = f"/t/{SLUG}"


@dataclass(frozen=True)
class Case:
    path: str  # {area}, {line}, {kpi}…: the demo's (`demo_ids`)
    fill: dict[str, str]  # field id → what is typed
    button: str
    wrong: str  # the field the summary leads to
    kept: str  # a field whose typed text must still be there
    signed_in: bool = True


CASES = {
    "sign-up (htmx)": Case(
        "/auth/register",
        {"display_name": "Maya Chen", "email": "someone.new@example.com", "password": "short"},
        "Create account",
        wrong="password",
        kept="display_name",
        signed_in=False,
    ),
    "log in": Case(
        "/auth/login",
        {"email": "maya@example.com"},
        "Log in",
        wrong="password",
        kept="email",
        signed_in=False,
    ),
    "password reset": Case(
        "/auth/reset",
        {"email": "not an address"},
        "Send",
        wrong="email",
        kept="email",
        signed_in=False,
    ),
    "profile": Case(
        "/auth/profile", {"display_name": ""}, "Save", wrong="display_name", kept="display_name"
    ),
    "new team": Case("/teams/new", {"name": ""}, "Create team", wrong="name", kept="name"),
    "invitation (htmx)": Case(
        f"{TEAM}/invitations", {"days": "99"}, "Create link", wrong="days", kept="days"
    ),
    "new plan (htmx)": Case(
        f"{TEAM}/plans", {"name": ""}, "Create plan", wrong="name", kept="name"
    ),
    "plan name": Case(
        f"{TEAM}/plans", {"name-{plan}": "   "}, "Rename", wrong="name-{plan}", kept="name-{plan}"
    ),
    "new area": Case(
        f"{TEAM}/responsibilities/areas",
        {"name": "Budget management"},
        "Add area",
        wrong="name",
        kept="name",
    ),
    "edit area": Case(
        f"{TEAM}/responsibilities/areas/{{area}}",
        {"name": "", "purpose": "Why we keep the money straight"},
        "Save area",
        wrong="name",
        kept="purpose",
    ),
    "load threshold": Case(
        f"{TEAM}/responsibilities/",
        {"load_threshold": "99"},
        "Save threshold",
        wrong="load_threshold",
        kept="load_threshold",
    ),
    "skill": Case(
        f"{TEAM}/goals/skills",
        {"name": "", "levels": "Learning\nDoing\nTeaching"},
        "Add skill",
        wrong="name",
        kept="levels",
    ),
    "budget line": Case(
        f"{TEAM}/responsibilities/areas/{{area}}/budget/lines/new",
        {"name": "Conference tickets", "amount": "lots"},
        "Add the line",
        wrong="amount",
        kept="name",
    ),
    "budget amounts": Case(
        f"{TEAM}/responsibilities/areas/{{area}}/budget/lines/{{line}}",
        {"planned-{month}": "a few"},
        "Save",
        wrong="planned-{month}",
        kept="planned-{month}",
    ),
    "budget explanation (htmx)": Case(
        f"{TEAM}/responsibilities/areas/{{area}}/budget/lines/{{explained_line}}",
        {"driver": "", "action": "Reserved instances from next month"},
        "Save explanation",
        wrong="driver",
        kept="action",
    ),
    "KPI settings": Case(
        f"{TEAM}/responsibilities/areas/{{kpi_area}}/kpis/{{kpi}}",
        {"band_low": "10", "band_high": "5"},
        "Save settings",
        wrong="band_high",
        kept="band_low",
    ),
    "communication": Case(
        f"{TEAM}/responsibilities/areas/{{comms_area}}/comms/new",
        {"new_audience": "Finance partners", "what": ""},
        "Add to the plan",
        wrong="what",
        kept="new_audience",
    ),
    "share link (htmx)": Case(
        f"{TEAM}/share-links",
        {"label": "Board", "days": "999"},
        "Create share link",
        wrong="days",
        kept="label",
    ),
}


@pytest.fixture
def demo_ids(demo, app):
    """The demo's plan, budget lines (one explained), a KPI and a communication, with their
    areas."""
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.slug == SLUG))

        def first(model):
            return db.session.scalar(
                sa.select(model).join(Area).where(Area.team_id == team.id).limit(1)
            )

        line, kpi, comm = first(BudgetLine), first(Kpi), first(Communication)
        explained = db.session.scalar(
            sa.select(BudgetLine.id).where(
                BudgetLine.area_id == line.area_id, BudgetLine.driver != ""
            )
        )
        return {
            "plan": demo["plan_id"],
            "area": line.area_id,
            "line": line.id,
            "explained_line": explained,  # off plan: its page asks why
            "kpi_area": kpi.area_id,
            "kpi": kpi.id,
            "comms_area": comm.area_id,
        }


@pytest.mark.parametrize("kind", CASES)
def test_an_invalid_form_opens_on_its_error_summary(page, live_server, demo_ids, kind):
    case = CASES[kind]
    page.set_default_timeout(10_000)
    if case.signed_in:
        log_in(page, live_server, "maya@example.com")
    path = case.path.format(**demo_ids)
    page.goto(live_server + path)
    wait_for_htmx(page)
    month = None
    if "{month}" in case.wrong:  # the first month still open
        month = page.locator("input[id^=planned-]:not([readonly])").first.get_attribute("id")
        month = month.removeprefix("planned-")
    fill = {k.format(month=month, **demo_ids): v for k, v in case.fill.items()}
    wrong, kept = (name.format(month=month, **demo_ids) for name in (case.wrong, case.kept))
    for field_id, text in fill.items():
        page.locator(f"#{field_id}").fill(text)
    page.locator("main").get_by_role("button", name=case.button).first.click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    link = summary.locator(f'a[href="#{wrong}"]')
    expect(link).to_have_text(page.locator(f"#{wrong}-error").inner_text())
    expect(page.locator(f"#{wrong}")).to_have_attribute("aria-invalid", "true")
    link.click()
    expect(page.locator(f"#{wrong}")).to_be_focused()
    expect(page.locator(f"#{kept}")).to_have_value(fill[kept])
    assert_accessible(page)
