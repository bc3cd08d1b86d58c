"""A creating form sent again (the same rendered submission) creates nothing twice.

Every creating form is answered with its first answer. Invite and share links are shown
once and never stored: a retry is sent to the list with a notice instead of the link.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.formatting import today
from plplan.idempotency import SHOWN_ONCE
from plplan.models import (
    BudgetLine,
    Communication,
    Goal,
    GoalComment,
    IdempotencyKey,
    Invitation,
    Kpi,
    Plan,
    PlanComment,
    PlanItem,
    PlanPublication,
    ShareLink,
    Team,
    User,
)
from plplan.vision.services import create_plan
from tests import vision_world
from tests.comms_world import COMMS, with_comms
from tests.goals_factory import make_goal, seed_team_skills
from tests.vision_world import add_row, plan_url

world = vision_world.world
plan_id = vision_world.plan_id


def comment_key(page: str, section: str, parent_id: int | None = None) -> str:
    """The one-time key of the comment (or reply) form of `section` on the page."""
    form = (
        r'name="idempotency_key" value="([^"]+)">\s*'
        rf'<input type="hidden" name="section" value="{section}">\s*'
        rf'<input type="hidden" name="parent_id" value="{parent_id or ""}">'
    )
    return re.search(form, page).group(1)


def first_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def form_key(page: str, action: str, marker: str = "") -> str:
    """The one-time key of the first form on the page posting to `action` that holds `marker`."""
    forms = re.findall(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    return first_key(next(form for form in forms if marker in form))


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# -- comments and replies --------------------------------------------------------------------


def test_a_comment_sent_again_is_saved_once_and_answered_alike(client_as, world, app, plan_id):
    member = client_as(world.person("member"))
    page = member.get(plan_url(world, plan_id, "/comments/vision")).get_data(as_text=True)
    data = {
        "section": "vision",
        "body": "Bold enough?",
        "idempotency_key": comment_key(page, "vision"),
    }
    url = plan_url(world, plan_id, "/comments")
    first, again = (member.post(url, data=data, htmx=True) for _ in range(2))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.get_data(as_text=True) == first.get_data(as_text=True)
    assert count(app, PlanComment) == 1
    # the answer renders new keys: commenting the same words again is a new comment
    data["idempotency_key"] = comment_key(first.get_data(as_text=True), "vision")
    assert member.post(url, data=data, htmx=True).status_code == 200
    assert count(app, PlanComment) == 2


def test_a_reply_sent_again_is_saved_once(client_as, world, app, plan_id):
    member, leader = client_as(world.person("member")), client_as(world.person("leader"))
    url = plan_url(world, plan_id, "/comments")
    member.post(url, data={"section": "vision", "body": "Bold enough?"}, htmx=True)
    with app.app_context():
        thread_id = db.session.scalar(sa.select(PlanComment.id))
    page = leader.get(plan_url(world, plan_id, "/comments/vision")).get_data(as_text=True)
    data = {
        "section": "vision",
        "parent_id": str(thread_id),
        "body": "Yes.",
        "idempotency_key": comment_key(page, "vision", thread_id),
    }
    first, again = (leader.post(url, data=data) for _ in range(2))  # without JavaScript
    assert (first.status_code, again.status_code) == (303, 303)
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        replies = db.session.scalars(
            sa.select(PlanComment.body).where(PlanComment.parent_id == thread_id)
        ).all()
    assert replies == ["Yes."]


# -- links shown once ------------------------------------------------------------------------


@pytest.fixture
def leader(client_as, team):
    return client_as(team.person("leader"))


@pytest.fixture
def share_plan_id(app, team) -> int:
    with app.app_context():
        creator = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Checkout 2027", creator)
        db.session.commit()
        return plan.id


def invitation_form(team, _plan_id: int | None) -> tuple[str, dict, type]:
    return f"/t/{team.slug}/invitations", {"role": "member", "days": "7"}, Invitation


def share_link_form(team, plan_id: int) -> tuple[str, dict, type]:
    data = {"plan": str(plan_id), "source": "draft", "paper": "a4", "sections": ["vision"]}
    return f"/t/{team.slug}/share-links", data, ShareLink


LINK_FORMS = [invitation_form, share_link_form]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("form", LINK_FORMS, ids=["invitation", "share link"])
def test_a_link_form_sent_again_creates_nothing_and_never_shows_the_link_again(
    form, htmx, leader, team, app, share_plan_id
):
    url, data, model = form(team, share_plan_id)
    data["idempotency_key"] = first_key(leader.get(url).get_data(as_text=True))
    first = leader.post(url, data=data, htmx=htmx)
    token = re.search(r'value="http://localhost/(?:join|s)/([^"]+)"', first.get_data(True))[1]
    again = leader.post(url, data=data, htmx=htmx)
    if htmx:
        assert (again.status_code, again.headers["HX-Redirect"]) == (204, url)
    else:
        assert (again.status_code, again.headers["Location"]) == (303, url)
    listing = leader.get(url).get_data(as_text=True)
    assert str(SHOWN_ONCE) in listing and token not in listing
    assert count(app, model) == 1
    with app.app_context():
        stored = db.session.execute(sa.select(IdempotencyKey.location, IdempotencyKey.body)).all()
    assert stored == [(url, None)]  # the answer kept is the list, not the link


def test_a_link_form_retried_after_a_crash_before_the_answer_says_it_was_shown_once(
    leader, team, app
):
    url, data, model = invitation_form(team, None)
    data["idempotency_key"] = first_key(leader.get(url).get_data(as_text=True))
    with app.app_context():  # the invitation and its key committed, then the worker died
        db.session.add(
            IdempotencyKey(key=data["idempotency_key"], user_id=team.person("leader").id)
        )
        db.session.commit()
    again = leader.post(url, data=data, headers={"Referer": f"http://localhost{url}"})
    assert (again.status_code, again.headers["Location"]) == (303, f"http://localhost{url}")
    listing = leader.get(url).get_data(as_text=True)
    assert str(SHOWN_ONCE) in listing and "/join/" not in listing
    assert count(app, model) == 0


# -- every other creating form ---------------------------------------------------------------


@dataclass
class Creating:
    """A form that creates one `model` row per submission: shown on `page`, posted to `url`."""

    page: str
    url: str
    data: dict
    model: type
    htmx: bool = False
    marker: str = ""  # picks the form among several posting to `url`
    meanwhile: Callable[[], None] = lambda: None  # what happens between the send and the retry


def new_goal(app, team) -> Creating:
    skills = seed_team_skills(app, team.id)
    data = {"title": "Ship it", "success": "Shipped", "skill": str(skills["Communication"])}
    url = f"/t/{team.slug}/goals/new"
    owner = str(team.person("member").id)  # a leader sets one up for a member
    return Creating(url, url, {**data, "visibility": "team", "owner": owner}, Goal)


def goal_comment(app, team) -> Creating:
    seed_team_skills(app, team.id)
    goal = f"/t/{team.slug}/goals/{make_goal(app, team.id, team.person('leader').id)}"
    return Creating(goal, f"{goal}/comments", {"body": "Go!"}, GoalComment, htmx=True)


def _plan(app, team) -> int:
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        db.session.commit()
        return plan.id


def publish(app, team) -> Creating:
    """Someone adds to the draft before the retry: a retry must not publish that unseen."""
    plan_id = _plan(app, team)
    page = plan_url(team, plan_id)
    return Creating(
        page,
        f"{page}/publish",
        {"note": "First cut"},
        PlanPublication,
        meanwhile=lambda: add_row(app, team, plan_id, "need", text="Pay in one step"),
    )


def plan_row(app, team) -> Creating:
    page = plan_url(team, _plan(app, team))
    return Creating(page, f"{page}/rows", {"kind": "need"}, PlanItem, True, 'value="need"')


def new_plan(app, team) -> Creating:
    url = f"/t/{team.slug}/plans"
    return Creating(url, url, {"name": "Checkout 2028"}, Plan)


def duplicate_plan(app, team) -> Creating:
    url = plan_url(team, _plan(app, team), "/duplicate")
    return Creating(f"/t/{team.slug}/plans", url, {}, Plan)


def new_team(app, team) -> Creating:
    return Creating("/teams/new", "/teams/new", {"name": "Payments"}, Team)


def _area(app, team, name: str) -> str:
    with_comms(app, team)
    return f"/t/{team.slug}/responsibilities/areas/{team.area(name)}"


def budget_line(app, team) -> Creating:
    budget = _area(app, team, "Budget management") + "/budget"
    data = {"name": "Cloud hosting", "category": "Tools", "amount": "1,000", "per": "month"}
    return Creating(f"{budget}/lines/new", f"{budget}/lines", data, BudgetLine)


def communication(app, team) -> Creating:
    url = _area(app, team, COMMS) + "/comms/new"
    data = {"audience": "n:Board", "what": "Quarterly update", "channel": "email"}
    data |= {"cadence": "quarterly", "first_due": today().isoformat()}
    return Creating(url, url, data, Communication)


def kpi(app, team) -> Creating:
    area = _area(app, team, "Go-to-market operations")
    return Creating(area, f"{area}/kpis", {"template": "pql"}, Kpi)


CREATING = [
    new_goal,
    goal_comment,
    publish,
    plan_row,
    new_plan,
    duplicate_plan,
    new_team,
    budget_line,
    communication,
    kpi,
]


@pytest.mark.parametrize("form", CREATING, ids=lambda form: form.__name__.replace("_", " "))
def test_a_creating_form_sent_again_is_saved_once_and_answered_alike(form, client_as, team, app):
    creating = form(app, team)
    leader = client_as(team.person("leader"))
    page = leader.get(creating.page).get_data(as_text=True)
    key = form_key(page, creating.url, creating.marker)
    data = {**creating.data, "idempotency_key": key}
    before = count(app, creating.model)
    first = leader.post(creating.url, data=data, htmx=creating.htmx)
    creating.meanwhile()
    again = leader.post(creating.url, data=data, htmx=creating.htmx)
    assert first.status_code == again.status_code == (200 if creating.htmx else 303)
    assert count(app, creating.model) == before + 1
    if creating.htmx:  # the same answer, and its form carries a new key for the next one
        assert again.get_data(as_text=True) == first.get_data(as_text=True)
        assert form_key(first.get_data(as_text=True), creating.url, creating.marker) != key
    else:
        assert again.headers["Location"] == first.headers["Location"]
