"""The section list in `vision.parts` is the one description of a plan: a section added there
(in the test itself) is editable, read-only, on the one-pager and in the Markdown of a plan
created and published before it, with no other file touched."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import PlanField, PlanItem, Team, User
from plplan.vision import parts, services

VALUE_PROP = parts.Section(
    "value_prop", "Value proposition", "Vision board", fields=("value_prop",),
    at=("board", "value_prop"), one_pager="board",
)  # fmt: skip
RISKS = parts.Section(
    "risks", "Risks", "Strategy", row_kind="risk", shape="rows", at=("strategy", "risks"),
    one_pager="strategy",
)  # fmt: skip
RISK = parts.RowKind(
    "risk",
    "risks",
    "Risk",
    (parts.Spec("title", "Risk"), parts.Spec("mitigation", "Mitigation", "textarea", 1000)),
    "Add a risk",
)


@pytest.fixture
def old_plan(app, team) -> int:
    """A plan created and published before the new sections exist."""
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = services.create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        services.save_field(plan, services.get_field(plan, "vision"), "Pay in one tap", 1, leader)
        services.publish(plan, leader)
        db.session.commit()
        return plan.id


@pytest.fixture
def new_sections(old_plan):
    before = list(parts.SECTIONS), dict(parts.FIELDS), dict(parts.ROW_KINDS)
    parts.add_section(VALUE_PROP, fields=(parts.Spec("value_prop", "Value proposition"),))
    parts.add_section(RISKS, row_kind=RISK)
    yield
    parts.remove_section("risks")
    parts.remove_section("value_prop")
    assert (list(parts.SECTIONS), dict(parts.FIELDS), dict(parts.ROW_KINDS)) == before


def section_html(page: str, key: str) -> str:
    match = re.search(rf'<section class="plan-section" id="s-{key}".*?</section>', page, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def test_sections_go_last_in_their_group_and_older_snapshots_read_them_as_empty(new_sections):
    keys = [section.key for section in parts.SECTIONS]
    assert keys.index("value_prop") == keys.index("business_goals") + 1
    assert keys.index("risks") == keys.index("non_goals") + 1
    old = {"name": "Old", "board": {"needs": ["A need"]}}
    assert parts.read(old, VALUE_PROP) == "" and parts.read(old, RISKS) == []
    assert parts.read(old, parts.SECTIONS_BY_KEY["needs"]) == ["A need"]


def test_a_section_added_in_code_works_everywhere_for_a_plan_older_than_it(
    app, team, client_as, old_plan, new_sections
):
    url = f"/t/{team.slug}/plans/{old_plan}"
    leader, member, viewer = (client_as(team.person(k)) for k in ("leader", "member", "viewer"))

    # Editable: the leader's editor shows both sections, and saving stores the missing field.
    page = leader.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'id="in-value_prop"' in section_html(body, "value_prop")
    assert "+ Add a risk" in section_html(body, "risks")
    saved = leader.post(
        f"{url}/fields/value_prop", data={"value": "Checkout in one tap", "version": "1"}, htmx=True
    )
    assert saved.status_code == 200 and "Saved" in saved.get_data(as_text=True)
    assert leader.post(f"{url}/rows", data={"kind": "risk"}, htmx=True).status_code == 200
    with app.app_context():
        stored = db.session.scalar(
            sa.select(PlanField.value).where(
                PlanField.plan_id == old_plan, PlanField.key == "value_prop"
            )
        )
        risk = db.session.scalar(sa.select(PlanItem).where(PlanItem.kind == "risk"))
        risk_id, risk_version = risk.id, risk.version
    assert stored == "Checkout in one tap"
    row = {"title": "Card fraud spikes", "mitigation": "Step-up checks", "version": risk_version}
    assert leader.post(f"{url}/rows/{risk_id}", data=row, htmx=True).status_code == 200

    # Read-only: a member reads the draft, marked as changed since the older publication.
    body = member.get(url).get_data(as_text=True)
    value_prop = section_html(body, "value_prop")
    assert "Checkout in one tap" in value_prop and "Changed since last publish" in value_prop
    risks = section_html(body, "risks")
    assert "Card fraud spikes" in risks and "Step-up checks" in risks

    # A viewer reads the publication older than the sections: they read as empty.
    body = viewer.get(url).get_data(as_text=True)
    assert "Not written yet." in section_html(body, "value_prop")
    assert "None yet." in section_html(body, "risks")

    # The one-pager and the Markdown of the draft print them.
    query = "?source=draft&chosen=1&sections=board&sections=strategy&paper=a4"
    one_pager = leader.get(f"/t/{team.slug}/one-pager{query}").get_data(as_text=True)
    assert re.search(r"<h3>Value proposition</h3><p>Checkout in one tap</p>", one_pager)
    assert re.search(r"<h3>Risks</h3>.*Card fraud spikes.*Step-up checks", one_pager, re.S)
    markdown = leader.get(f"/t/{team.slug}/one-pager.md{query}").get_data(as_text=True)
    assert "**Value proposition:** Checkout in one tap" in markdown
    assert "### Risks\n\n1. **Card fraud spikes** — Step-up checks" in markdown

    # The older publication's one-pager shows them empty; once published, viewers see them.
    published = viewer.get(f"/t/{team.slug}/one-pager{query}").get_data(as_text=True)
    assert "<h3>Value proposition</h3><p>—</p>" in published
    assert leader.post(f"{url}/publish", data={"note": ""}).status_code == 303
    body = viewer.get(url).get_data(as_text=True)
    assert "Checkout in one tap" in section_html(body, "value_prop")
    assert "Card fraud spikes" in section_html(body, "risks")


def test_a_comment_on_an_added_section_is_accepted(team, client_as, old_plan, new_sections):
    member = client_as(team.person("member"))
    url = f"/t/{team.slug}/plans/{old_plan}"
    posted = member.post(f"{url}/comments", data={"section": "risks", "body": "What about fraud?"})
    assert posted.status_code == 303 and posted.headers["Location"] == f"{url}/comments/risks"
    assert "What about fraud?" in member.get(posted.headers["Location"]).get_data(as_text=True)
    assert 'data-count="1"' in section_html(member.get(url).get_data(as_text=True), "risks")


@pytest.mark.parametrize(
    "typo", [{"shape": "table"}, {"layout": "grid"}, {"style": "boxed"}], ids=str
)
def test_a_section_with_an_unknown_shape_layout_or_style_is_refused_where_it_is_written(typo):
    with pytest.raises(ValueError, match="Section value_prop: unknown shape, layout or style"):
        parts.Section("value_prop", "Value proposition", "Vision board", **typo)
