"""A one-pager answer is tagged before it is rendered, yet never stale: every change to what
the person would see changes the tag, so the client gets the new answer, not a `304`."""

import pytest
import sqlalchemy as sa

from plplan.export.tags import code_version
from plplan.extensions import db
from plplan.models import (
    Area,
    Assignment,
    Goal,
    GoalStatus,
    Kpi,
    Membership,
    Plan,
    Raci,
    Role,
    Team,
    User,
)
from plplan.vision.services import add_item, publish, rename_plan
from tests.export_world import SLUG, create_link, demo, shared_path, signed_in  # noqa: F401
from tests.test_export_fit import signed_in_on

PAGE, PDF, MARKDOWN = (f"/t/{SLUG}/one-pager{ext}" for ext in ("", ".pdf", ".md"))
DRAFT = "?source=draft&chosen=1&paper=a4&sections=vision&sections=board"
NUMBERS = "?chosen=1&sections=vision&sections=numbers"


def _maya() -> User:
    return db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))


def _plan() -> Plan:
    return db.session.scalar(sa.select(Plan).where(Plan.is_current.is_(True)))


def _membership(email: str) -> Membership:
    return db.session.scalar(sa.select(Membership).join(User).where(User.email == email))


def publish_a_new_version():
    plan = _plan()
    add_item(plan, "product", {"text": "A feature now published"}, _maya())
    publish(plan, _maya(), "Next version")


def rename_the_team():
    db.session.scalar(sa.select(Team).where(Team.slug == SLUG)).name = "Checkout and Payments"


def rename_the_plan():
    rename_plan(_plan(), "Checkout 2028", _maya())


def rename_an_area():
    db.session.scalars(sa.select(Area)).first().name = "Renamed area"


def rename_an_accountable_person():
    accountable = db.session.scalars(
        sa.select(Assignment).where(Assignment.role == Raci.ACCOUNTABLE)
    )
    accountable.first().membership.user.display_name = "Someone else"


def rename_the_viewer():
    _membership("jonas@example.com").user.display_name = "Jonas W."


def change_the_viewers_role():
    _membership("jonas@example.com").role = Role.VIEWER


def put_a_goal_on_track():
    goal = db.session.scalars(sa.select(Goal).where(Goal.status != GoalStatus.ON_TRACK)).first()
    goal.status = GoalStatus.ON_TRACK


def rename_a_kpi_beside_the_plan():
    beside = sa.or_(Kpi.links_north_star.is_(True), Kpi.plan_item_id.is_not(None))
    kpi = db.session.scalars(sa.select(Kpi).where(beside)).first()
    kpi.name = "Renamed KPI"


def join_another_team():
    team = Team(name="Another team", slug="another-team")
    db.session.add(team)
    db.session.flush()
    jonas = _membership("jonas@example.com").user
    db.session.add(Membership(team=team, user=jonas, role=Role.MEMBER))


@pytest.mark.parametrize(
    ("paths", "change"),
    [
        ((PAGE, PDF, MARKDOWN), publish_a_new_version),
        ((PAGE, PDF, MARKDOWN), rename_the_team),
        ((PAGE,), rename_the_plan),  # the published one-pager keeps the name it was published with
        ((PAGE, PDF, MARKDOWN), rename_an_area),
        ((PAGE, PDF, MARKDOWN), rename_an_accountable_person),
        ((PAGE, PDF, MARKDOWN), put_a_goal_on_track),
        ((PAGE + NUMBERS, PDF + NUMBERS, MARKDOWN + NUMBERS), rename_a_kpi_beside_the_plan),
        ((PAGE,), rename_the_viewer),
        ((PAGE,), change_the_viewers_role),
        ((PAGE,), join_another_team),
    ],
)
def test_every_change_to_what_is_shown_changes_the_tag(demo, app, paths, change):  # noqa: F811
    client = signed_in_on(app, "jonas@example.com")
    for path in paths[1:2]:  # the fit found and stored: the page shows it from now on
        client.get(path)
    tags = {path: client.get(path).headers["ETag"] for path in paths}
    for path, tag in tags.items():
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    with app.app_context():
        change()
        db.session.commit()
    for path, tag in tags.items():
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 200 and again.headers["ETag"] != tag, path


def test_the_options_chosen_and_the_fit_stored_change_the_tag(demo, app):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    draft = client.get(PAGE + DRAFT).headers["ETag"]
    more = PAGE + DRAFT + "&sections=roadmap"
    assert client.get(more, headers={"If-None-Match": draft}).status_code == 200
    letter = PAGE + DRAFT.replace("paper=a4", "paper=letter")
    assert client.get(letter, headers={"If-None-Match": draft}).status_code == 200
    with app.app_context():
        add_item(_plan(), "need", {"text": "A need of the draft"}, _maya())
        db.session.commit()
    edited = client.get(PAGE + DRAFT, headers={"If-None-Match": draft})
    assert edited.status_code == 200
    # Until a PDF is made, the page shows the estimate's fit; then the fit found and stored.
    estimated = edited.headers["ETag"]
    assert client.get(PDF + DRAFT).status_code == 200
    fitted = client.get(PAGE + DRAFT, headers={"If-None-Match": estimated})
    assert fitted.status_code == 200 and fitted.headers["ETag"] != estimated


def test_a_waiting_message_is_shown_not_answered_304(demo, app):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    tag = client.get(PAGE).headers["ETag"]
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Saved.")]
    shown = client.get(PAGE, headers={"If-None-Match": tag})
    assert shown.status_code == 200 and "Saved." in shown.get_data(as_text=True)


def test_a_share_links_tag_follows_its_content(demo, signed_in, client, app):  # noqa: F811
    path = shared_path(create_link(signed_in("maya@example.com"), demo["plan_id"]))
    urls = (f"{path}/one-pager.pdf", path)
    tags = {url: client.get(url).headers["ETag"] for url in urls}
    for url, tag in tags.items():
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    with app.app_context():
        rename_the_team()
        db.session.commit()
    for url, tag in tags.items():
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 200 and again.headers["ETag"] != tag, url


def test_another_session_gets_the_page_with_its_own_form_tokens(demo, app):  # noqa: F811
    tag = signed_in_on(app, "maya@example.com").get(PAGE).headers["ETag"]
    again = signed_in_on(app, "maya@example.com").get(PAGE, headers={"If-None-Match": tag})
    assert again.status_code == 200


def test_other_templates_or_static_files_are_another_code_version(tmp_path):
    versions = set()
    for name, text in (("one", "<p>one</p>"), ("two", "<p>two</p>")):
        templates, static = tmp_path / name / "templates", tmp_path / name / "static"
        static.mkdir(parents=True)
        templates.mkdir()
        (templates / "page.html").write_text(text)
        versions.add(code_version(str(templates), str(static)))
    assert len(versions) == 2
