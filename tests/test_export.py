"""The one-pager over HTTP: downloads for every role, the viewer's published-only rule,
share links that work signed out and die on revoke or expiry."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Activity, Plan, ShareLink, Team, User, utcnow
from plplan.responsibilities.services import add_area
from plplan.vision.services import add_item, create_plan
from tests.export_world import SLUG, create_link, pdf_text, shared_path


@pytest.mark.parametrize("email", ["maya@example.com", "jonas@example.com", "elena@example.com"])
def test_every_role_downloads_a_one_page_pdf_of_the_demo_plan(demo, signed_in, email, app):
    response = signed_in(email).get(f"/t/{SLUG}/one-pager.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert re.search(
        r'filename="checkout-payments_checkout-\d{4}_v1_\d{4}-\d\d-\d\d\.pdf"', disposition
    )
    reader, text = pdf_text(response.data)
    assert len(reader.pages) == 1
    assert " ".join(demo["snapshot"]["vision"].split()) in text
    for pillar in demo["snapshot"]["strategy"]["pillars"]:
        assert pillar["title"] in text
    with app.app_context():
        assert db.session.scalar(
            sa.select(Activity).where(Activity.verb == "exported")
        ).summary.endswith("as PDF")


def test_markdown_has_every_section(demo, signed_in):
    response = signed_in("jonas@example.com").get(
        f"/t/{SLUG}/one-pager.md?source=draft&chosen=1"
        "&sections=vision&sections=board"
        "&sections=strategy&sections=roadmap"
        "&sections=responsibilities&sections=growth"
        "&paper=a4"
    )
    text = response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].endswith('.md"')
    for heading in (
        "## Vision",
        "## Vision board",
        "## Strategy",
        "## Roadmap",
        "## Who is accountable",
        "## Team growth focus",
    ):
        assert f"\n{heading}\n" in text
    for need in demo["snapshot"]["board"]["needs"]:
        assert need in text


def test_viewer_gets_the_published_version_even_when_asking_for_the_draft(demo, signed_in, app):
    leader = signed_in("maya@example.com")
    draft = leader.get(f"/t/{SLUG}/one-pager?source=draft&chosen=1&sections=vision&paper=a4")
    assert "Draft" in draft.get_data(as_text=True)
    viewer = signed_in("elena@example.com")
    page = viewer.get(f"/t/{SLUG}/one-pager?source=draft&chosen=1&sections=vision&paper=a4")
    body = page.get_data(as_text=True)
    assert 'class="op-version">v1<' in body and 'value="draft"' not in body


def test_unpublished_plan_is_not_shown_to_a_viewer(team, client_as, app):
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        create_plan(db.session.get(Team, team.id), "Secret draft", leader)
        db.session.commit()
    viewer = client_as(team.person("viewer"))
    page = viewer.get(f"/t/{team.slug}/one-pager").get_data(as_text=True)
    assert "No plan has been published yet" in page and "Secret draft" not in page
    assert viewer.get(f"/t/{team.slug}/one-pager.pdf").status_code == 404


def test_share_link_works_signed_out_shows_only_the_one_pager_and_counts_views(
    demo, signed_in, client, app
):
    leader = signed_in("maya@example.com")
    response = create_link(leader, demo["plan_id"], label="Investors")
    path = shared_path(response)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert len(token) >= 40 and token not in link.token_hash and link.label == "Investors"
    page = client.get(path)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and demo["snapshot"]["vision"][:40] in body
    assert "Team growth focus" not in body  # not chosen for this audience
    assert "href=" not in body.split("<body", 1)[1]  # links nowhere, inside the app or out
    client.get(path)
    listing = leader.get(f"/t/{SLUG}/share-links").get_data(as_text=True)
    assert token not in listing
    with app.app_context():
        assert db.session.scalar(sa.select(ShareLink.view_count)) == 2


def test_revoked_or_expired_share_links_answer_404(demo, signed_in, client, app):
    leader = signed_in("maya@example.com")
    revoked = shared_path(create_link(leader, demo["plan_id"]))
    expired = shared_path(create_link(leader, demo["plan_id"], days="3"))
    with app.app_context():
        first, second = db.session.scalars(sa.select(ShareLink).order_by(ShareLink.id)).all()
        first_id = first.id
        second.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert leader.post(f"/t/{SLUG}/share-links/{first_id}/revoke").status_code == 303
    assert client.get(revoked).status_code == 404
    assert client.get(expired).status_code == 404
    assert client.get("/s/not-a-real-token").status_code == 404


def test_share_link_form_explains_bad_input_and_keeps_it(demo, signed_in):
    leader = signed_in("maya@example.com")
    response = create_link(leader, demo["plan_id"], days="900", label="Board", sections=[])
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose between 1 and 365 days." in body and "Choose at least one section" in body
    assert 'value="Board"' in body and 'value="900"' in body


def test_share_link_changes_go_to_the_activity_feed(demo, signed_in):
    leader = signed_in("maya@example.com")
    create_link(leader, demo["plan_id"], label="Investors")
    feed = leader.get(f"/t/{SLUG}/").get_data(as_text=True)
    assert "created a share link to the published one-pager" in feed


def one_pager_queries(client, count_queries) -> int:
    client.get(
        f"/t/{SLUG}/one-pager?source=draft&chosen=1&sections=vision&sections=board"
        "&sections=responsibilities&sections=growth&paper=a4"
    )
    with count_queries() as statements:
        response = client.get(
            f"/t/{SLUG}/one-pager?source=draft&chosen=1&sections=vision"
            "&sections=board&sections=responsibilities&sections=growth&paper=a4"
        )
        assert response.status_code == 200
    return len(statements)


def test_one_pager_page_query_count_is_pinned_and_flat(demo, signed_in, count_queries, app):
    client = signed_in("maya@example.com")
    before = one_pager_queries(client, count_queries)
    with app.app_context():
        plan = db.session.get(Plan, demo["plan_id"])
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        for n in range(30):
            add_item(plan, "need", {"text": f"Need number {n}"}, maya)
            add_area(plan.team, f"Extra area {n}")
        db.session.commit()
    assert before == one_pager_queries(client, count_queries) == 8  # 8th: the stored fit


def test_markdown_keeps_everything_even_when_the_page_is_shortened(long_draft, signed_in, app):
    client = signed_in("maya@example.com")
    sections = "".join(f"&sections={s}" for s in ("vision", "board", "strategy", "roadmap"))
    query = f"?source=draft&chosen=1&paper=a4{sections}"
    page = client.get(f"/t/{SLUG}/one-pager{query}").get_data(as_text=True)
    assert "Shortened to fit one page" in page and "Extra need number 39" not in page
    text = client.get(f"/t/{SLUG}/one-pager.md{query}").get_data(as_text=True)
    assert all(f"- Extra need number {n}\n" in text for n in range(40))


def test_share_links_page_query_count_is_pinned_and_flat(demo, signed_in, count_queries):
    client = signed_in("maya@example.com")

    def queries() -> int:
        client.get(f"/t/{SLUG}/share-links")
        with count_queries() as statements:
            assert client.get(f"/t/{SLUG}/share-links").status_code == 200
        return len(statements)

    create_link(client, demo["plan_id"])
    one = queries()
    for n in range(10):
        create_link(client, demo["plan_id"], label=f"Audience {n}")
    assert one == queries() == 4
