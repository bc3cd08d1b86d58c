"""Every write to a team's data moves the team's data version on, from one home
(plplan.data_versions), so a one-pager answer tagged with it is never stale; a revalidation
reads a few small rows, not the data, and writes nothing."""

import pytest
import sqlalchemy as sa

from plplan import data_versions
from plplan.extensions import db
from plplan.models import Activity, Membership, PlanField, Role, Team, User
from plplan.teams.services import change_role
from plplan.vision.comments import add_comment
from plplan.vision.services import add_item, get_field, publish, save_field
from tests.export_world import SLUG, create_link, demo, shared_path, signed_in  # noqa: F401
from tests.races import together
from tests.test_export_fit import signed_in_on
from tests.test_export_tags import _maya, _membership, _plan

DRAFT = "?source=draft&chosen=1&paper=a4&sections=vision&sections=board&sections=roadmap"
PAGE, PDF, MARKDOWN = (f"/t/{SLUG}/one-pager{ext}" for ext in ("", ".pdf", ".md"))


def _team() -> Team:
    return db.session.scalar(sa.select(Team).where(Team.slug == SLUG))


def _versions(app) -> tuple[int, int]:
    with app.app_context():
        team = _team()
        return team.data_version, team.fit_version


def _audit_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Activity.id)))


def save_the_vision():
    plan = _plan()
    field = get_field(plan, "vision")
    assert save_field(plan, field, "A vision saved just now", field.version, _maya()) is None


def add_a_row():
    add_item(_plan(), "product", {"text": "A row added just now"}, _maya())


def publish_it():
    add_item(_plan(), "product", {"text": "Now in the published version"}, _maya())
    publish(_plan(), _maya(), "Next")


def comment_on_it():
    add_comment(_plan(), "vision", "A comment", _maya())


def rename_the_team():
    _team().name = "Checkout Renamed"


def change_a_members_role():
    change_role(_membership("jonas@example.com"), Role.VIEWER)


def move_the_viewer_to_tokyo():
    _maya().time_zone = "Asia/Tokyo"


def update_in_bulk():
    """An `UPDATE ... WHERE` of the kind services run, past the ORM's unit of work."""
    db.session.execute(
        sa.update(PlanField)
        .where(PlanField.plan_id == _plan().id, PlanField.key == "vision")
        .values(value="A vision updated in bulk")
        .execution_options(synchronize_session=False)
    )


@pytest.mark.parametrize(
    ("path", "change", "shown"),
    [
        (PAGE + DRAFT, save_the_vision, "A vision saved just now"),
        (PAGE + DRAFT, add_a_row, "A row added just now"),
        (PAGE, publish_it, "Now in the published version"),
        (PAGE, comment_on_it, None),
        (PAGE, rename_the_team, "Checkout Renamed"),
        (PAGE, change_a_members_role, None),
        (PAGE, move_the_viewer_to_tokyo, None),
        (PAGE + DRAFT, update_in_bulk, "A vision updated in bulk"),
        (MARKDOWN + DRAFT, save_the_vision, "A vision saved just now"),
        (MARKDOWN + DRAFT, update_in_bulk, "A vision updated in bulk"),
    ],
)
def test_each_write_to_the_team_changes_the_tag(demo, app, path, change, shown):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    tag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    before = _versions(app)
    with app.app_context():
        change()
        db.session.commit()
    assert _versions(app)[0] > before[0]
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 200 and again.headers["ETag"] != tag
    if shown:
        assert shown in again.get_data(as_text=True)
    assert client.get(path, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304


def test_a_stored_fit_changes_the_page_not_the_pdf(demo, app):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    data, fits = _versions(app)
    page = client.get(PAGE + DRAFT).headers["ETag"]
    pdf = client.get(PDF + DRAFT).headers["ETag"]
    assert _versions(app) == (data, fits + 1)  # the first PDF stored its fit
    assert client.get(PDF + DRAFT, headers={"If-None-Match": pdf}).status_code == 304
    assert client.get(PAGE + DRAFT, headers={"If-None-Match": page}).status_code == 200


def test_a_write_to_another_team_leaves_the_tag(demo, app):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    tag = client.get(PAGE).headers["ETag"]
    with app.app_context():
        db.session.add(Team(name="Elsewhere", slug="elsewhere"))
        db.session.commit()
        db.session.scalar(sa.select(Team).where(Team.slug == "elsewhere")).name = "Renamed"
        db.session.commit()
    assert client.get(PAGE, headers={"If-None-Match": tag}).status_code == 304


def test_signing_in_and_failing_to_leave_the_versions(demo, app, signed_in):  # noqa: F811
    before = _versions(app)
    client = app.test_client()
    client.post("/auth/login", data={"email": "maya@example.com", "password": "wrong"})
    signed_in("maya@example.com")
    assert _versions(app) == before


def test_two_writes_at_once_both_count(demo, app):  # noqa: F811
    def write(change):
        def run():
            with app.app_context():
                change()
                db.session.commit()

        return run

    for _ in range(3):
        before = _versions(app)[0]
        together(write(add_a_row), write(comment_on_it))
        assert _versions(app)[0] == before + 2


@pytest.mark.parametrize(("path", "queries"), [(PAGE, 2), (PDF, 1), (MARKDOWN, 1)])
def test_a_revalidation_reads_a_few_rows_and_writes_nothing(
    demo,  # noqa: F811
    app,
    count_queries,
    path,
    queries,
):
    client = signed_in_on(app, "maya@example.com")
    tag = client.get(path).headers["ETag"]
    audit, versions = _audit_rows(app), _versions(app)
    with count_queries() as statements:
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    assert len(statements) == queries, statements
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements)
    assert (_audit_rows(app), _versions(app)) == (audit, versions)


def test_a_real_download_is_logged_its_revalidation_is_not(demo, app):  # noqa: F811
    client = signed_in_on(app, "maya@example.com")
    before = _audit_rows(app)
    tag = client.get(MARKDOWN).headers["ETag"]
    assert _audit_rows(app) == before + 1
    with app.app_context():
        db.session.execute(sa.delete(Activity))
        db.session.commit()
    assert client.get(MARKDOWN, headers={"If-None-Match": tag}).status_code == 304
    assert _audit_rows(app) == 0


def test_a_share_links_revalidation_counts_the_view_only(
    demo,  # noqa: F811
    signed_in,  # noqa: F811
    client,
    app,
    count_queries,
):
    path = shared_path(create_link(signed_in("maya@example.com"), demo["plan_id"]))
    for url in (path, f"{path}/one-pager.pdf"):
        tag = client.get(url).headers["ETag"]
        audit, versions = _audit_rows(app), _versions(app)
        with count_queries() as statements:
            assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
        # the link, its team's versions, and one more view counted
        assert len(statements) == 3, statements
        assert (_audit_rows(app), _versions(app)) == (audit, versions)


def test_a_members_new_name_changes_every_team_they_are_in(demo, app):  # noqa: F811
    with app.app_context():
        other = Team(name="Second team", slug="second-team")
        db.session.add(other)
        db.session.flush()
        db.session.add(Membership(team=other, user=_maya(), role=Role.LEADER))
        db.session.commit()
        before = {team.id: team.data_version for team in db.session.scalars(sa.select(Team))}
        _maya().display_name = "Maya R."
        db.session.commit()
        after = {team.id: team.data_version for team in db.session.scalars(sa.select(Team))}
    maya_in = {_id for _id in before if after[_id] != before[_id]}
    with app.app_context():
        mine = set(
            db.session.scalars(
                sa.select(Membership.team_id).join(User).where(User.email == "maya@example.com")
            )
        )
    assert maya_in == mine and len(mine) == 2


def test_a_refused_savepoint_keeps_what_the_transaction_wrote_before(demo, app):  # noqa: F811
    before = _versions(app)[0]
    with app.app_context():
        _team().name = "Renamed before the refusal"
        db.session.flush()
        with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
            db.session.add(Team(name="Same slug", slug=SLUG))
        db.session.commit()
    assert _versions(app)[0] == before + 1


def test_every_model_leads_to_its_team_or_is_not_counted(app):
    """A new model without a way to its team would be written without moving any version."""
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            model = mapper.class_
            if not issubclass(model, data_versions.UNCOUNTED):
                assert data_versions.teams_of(db.session, model, sa.false()) == set(), model
