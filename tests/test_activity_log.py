"""The whole activity log: keyset pages, filters by module, person and days, links to what
changed, the CSV audit log, and the feed's visibility rule for viewers."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from plplan.extensions import db
from plplan.models import Activity
from tests.test_queries import queries_for

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def add_entries(app, team):
    """`add_entries(n, object_type=..., actor=..., start=..., step=...)`: entries, oldest first."""

    def _add(n, object_type="area", actor="leader", start=START, step=timedelta(minutes=1), **kw):
        with app.app_context():
            for i in range(n):
                db.session.add(
                    Activity(
                        team_id=team.id,
                        actor_id=team.person(actor).id if actor else None,
                        verb="updated",
                        object_type=object_type,
                        object_id=kw.get("object_id"),
                        summary=kw.get("summary", f"{object_type} change {i}"),
                        created_at=start + step * i,
                    )
                )
            db.session.commit()

    return _add


def page(client, team, query: str = "") -> str:
    response = client.get(f"/t/{team.slug}/activity{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True).replace("&amp;", "&")


def summaries(html: str) -> list[str]:
    log = html.split('id="activity-log"')[1].split("</ol>")[0]
    return re.findall(r"(\w+ change \d+)", log)


def older_link(html: str) -> str | None:
    found = re.search(r'rel="next" href="/t/[^/]+/activity(\?[^"]+)"', html)
    return found and found.group(1)


def test_pages_through_the_whole_log_newest_first_without_gaps_or_repeats(
    team, client_as, add_entries
):
    add_entries(70, step=timedelta(minutes=1))
    add_entries(40, object_type="team", step=timedelta(0))  # 40 at one instant: ties on time
    client = client_as(team.person("leader"))
    seen, query, pages = [], "", 0
    while query is not None:
        html = page(client, team, query)
        seen += summaries(html)
        query, pages = older_link(html), pages + 1
        if pages > 1:
            assert "← Newest" in html
    assert pages == 3
    assert len(seen) == len(set(seen)) == 110
    assert seen[:2] == ["area change 69", "area change 68"]  # newest first
    assert seen[-1] == "area change 0"


def test_filters_by_module_person_and_days_and_pages_keep_them(team, client_as, add_entries):
    add_entries(3, object_type="goal", actor="member", start=START)
    add_entries(2, object_type="area", actor="leader", start=START + timedelta(days=2))
    add_entries(60, object_type="membership", actor="leader", start=START + timedelta(days=5))
    client = client_as(team.person("leader"))
    member_id = team.person("member").id
    assert summaries(page(client, team, "?module=goals")) == [f"goal change {i}" for i in (2, 1, 0)]
    assert set(summaries(page(client, team, f"?person={member_id}"))) == {
        f"goal change {i}" for i in range(3)
    }
    ranged = summaries(page(client, team, "?since=2026-03-02&until=2026-03-03"))
    assert ranged == ["area change 1", "area change 0"]
    first = page(client, team, "?module=goals&since=2026-03-01&until=2026-03-01")
    assert len(summaries(first)) == 3
    people = page(client, team, "?module=team&since=2026-03-06")
    assert len(summaries(people)) == 50 and "module=team" in older_link(people)
    assert "since=2026-03-06" in older_link(people)
    rest = page(client, team, older_link(people))
    assert len(summaries(rest)) == 10 and older_link(rest) is None
    assert "No entries match these filters." in page(client, team, "?module=vision")


def test_garbled_filters_and_cursor_are_ignored(team, client_as, add_entries):
    add_entries(3)
    html = page(client_as(team.person("leader")), team, "?module=x&person=y&since=z&before=nope")
    assert len(summaries(html)) == 3


def test_viewers_see_only_what_their_feed_shows(team, client_as, add_entries):
    add_entries(2, object_type="goal", actor="member")
    add_entries(2, object_type="area")
    viewer = client_as(team.person("viewer"))
    assert set(summaries(page(viewer, team))) == {"area change 0", "area change 1"}
    csv = viewer.get(f"/t/{team.slug}/activity.csv").get_data(as_text=True)
    assert "area change 1" in csv and "goal change" not in csv


def test_each_entry_links_to_what_it_changed_where_the_member_may_open_it(
    team, client_as, add_entries
):
    add_entries(1, object_type="goal", object_id=7, summary="goal change 0")
    add_entries(1, object_type="skill", summary="skill change 0", start=START + timedelta(hours=1))
    add_entries(1, object_type="area", object_id=3, summary="area change 0", start=START)
    member = page(client_as(team.person("member")), team)
    assert f'<a href="/t/{team.slug}/goals/7">goal change 0</a>' in member
    assert f'<a href="/t/{team.slug}/responsibilities/areas/3">area change 0</a>' in member
    assert "<a href" not in member.split("skill change 0")[0][-60:]  # skills are leaders'
    leader = page(client_as(team.person("leader")), team)
    assert f'<a href="/t/{team.slug}/goals/skills">skill change 0</a>' in leader


def test_csv_is_the_filtered_audit_log_formula_safe_with_a_bom(team, client_as, add_entries):
    add_entries(1, object_type="area", object_id=3, summary="=HYPERLINK(1)")
    add_entries(1, object_type="goal", summary="goal change 0", start=START + timedelta(days=1))
    response = client_as(team.person("leader")).get(
        f"/t/{team.slug}/activity.csv?module=responsibilities"
    )
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="checkout-activity.csv"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbfWhen (UTC),Who,Module,What,Link")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[1] == (
        f"2026-03-01 09:00:00,Leader,Responsibilities,'=HYPERLINK(1),"
        f"http://localhost/t/{team.slug}/responsibilities/areas/3"
    )
    assert len(lines) == 2  # the goal entry is filtered out


def test_the_team_home_links_to_the_whole_log(team, client_as):
    home = client_as(team.person("viewer")).get(f"/t/{team.slug}/").get_data(as_text=True)
    assert f'href="/t/{team.slug}/activity"' in home


@pytest.mark.parametrize("path, pinned", [("/activity", 4), ("/activity.csv", 3)])
def test_log_query_count_is_pinned_and_flat(
    team, client_as, count_queries, add_entries, path, pinned
):
    client = client_as(team.person("leader"))
    add_entries(3)
    small = queries_for(client, count_queries, f"/t/{team.slug}{path}?module=responsibilities")
    add_entries(150, object_type="goal", start=START + timedelta(days=1))
    add_entries(150, object_type="area", actor="member", start=START + timedelta(days=2))
    large = queries_for(client, count_queries, f"/t/{team.slug}{path}?module=responsibilities")
    assert small == large == pinned


def test_every_filter_and_the_next_page_cost_the_same_pinned_queries(
    team, client_as, count_queries, add_entries
):
    client = client_as(team.person("leader"))
    add_entries(60, object_type="goal", actor="member")
    add_entries(60, object_type="area", start=START + timedelta(days=2))
    first = page(client, team, "?module=goals")
    queries = {
        "person": f"?person={team.person('member').id}",
        "days": "?since=2026-03-03&until=2026-03-03",
        "next page": older_link(first),
    }
    counts = {
        name: queries_for(client, count_queries, f"/t/{team.slug}/activity{q}")
        for name, q in queries.items()
    }
    assert counts == {name: 4 for name in queries}
