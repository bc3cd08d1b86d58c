"""Search across a team: each kind is found once written, follows its changes and goes when
it goes; ranking, phrases, prefixes, other scripts; who sees what; bad queries; escaping."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from plplan.areadata import budget, comms_services, kpis
from plplan.cli import plplan_cli
from plplan.extensions import db
from plplan.goals import services as goal_services
from plplan.models import (
    Area,
    AreaModule,
    Goal,
    Plan,
    PlanItem,
    Role,
    SearchDocument,
    Team,
    User,
)
from plplan.responsibilities import services as areas
from plplan.search.documents import SOURCES, rebuild
from plplan.search.query import MAX_LENGTH, SQLITE_RANKED
from plplan.vision import comments
from plplan.vision import services as vision
from tests.goals_factory import add_checkins, make_goal, seed_team_skills
from tests.vision_world import field, save


@pytest.fixture
def world(make_team, make_user):
    world = make_team(
        "Checkout", leader=Role.LEADER, member=Role.MEMBER, other=Role.MEMBER, viewer=Role.VIEWER
    )
    world.people["outsider"] = make_user(name="Outsider")
    return world


@pytest.fixture
def plan_id(world, client_as) -> int:
    """A blank plan, made by the leader on the plans page."""
    leader = client_as(world.person("leader"))
    response = leader.post(f"/t/{world.slug}/plans", data={"name": "Checkout 2027"})
    return int(re.search(r"/plans/(\d+)", response.headers["Location"]).group(1))


def found(client, world, q: str) -> str:
    """The results part of the search page (the text a person reads there)."""
    response = client.get(f"/t/{world.slug}/search", query_string={"q": q})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return main.split("</form>", 1)[1]


_HIT = re.compile(r'<li class="card search-hit">\s*<a href="([^"]*)">(.*?)</a>', re.S)


def hits(client, world, q: str) -> list[tuple[str, str]]:
    """(link, title as read) of each result, in the order shown."""
    return [
        (url, re.sub(r"<[^>]+>", "", title)) for url, title in _HIT.findall(found(client, world, q))
    ]


def titles(client, world, q: str) -> list[str]:
    return [title for _, title in hits(client, world, q)]


def with_app(app, work):
    """Run `work(team, leader)` in an app context and commit: a write as a service does it."""
    with app.app_context():
        result = work()
        db.session.commit()
        return result


def leader_of(world) -> User:
    return db.session.get(User, world.person("leader").id)


def team_of(world) -> Team:
    return db.session.get(Team, world.id)


# -- each kind: found once written, follows changes, gone when it goes ----------------------------


def test_a_plan_field_is_found_after_a_save_and_follows_it(app, world, plan_id, client_as):
    leader = client_as(world.person("leader"))
    row = field(app, plan_id, "vision")
    response = save(leader, world, plan_id, "vision", "Every shop sells abroad", row.version)
    assert response.status_code == 200
    assert hits(leader, world, "abroad") == [
        (f"/t/{world.slug}/plans/{plan_id}#s-vision", "Vision")
    ]
    save(leader, world, plan_id, "vision", "Every shop sells locally", row.version + 1)
    assert titles(leader, world, "locally") == ["Vision"]
    assert titles(leader, world, "abroad") == []


def test_plan_rows_and_the_name_follow_their_changes(app, world, plan_id, client_as):
    member = client_as(world.person("member"))

    def add():
        plan = db.session.get(Plan, plan_id)
        return vision.add_item(plan, "need", {"text": "Faster refunds"}, leader_of(world)).id

    item_id = with_app(app, add)
    assert len(titles(member, world, "refunds")) == 1

    def edit():
        plan, item = db.session.get(Plan, plan_id), db.session.get(PlanItem, item_id)
        vision.save_item(plan, item, {"text": "Cheaper shipping"}, item.version, leader_of(world))

    with_app(app, edit)
    assert titles(member, world, "refunds") == []
    assert len(titles(member, world, "shipping")) == 1

    def delete():
        plan, item = db.session.get(Plan, plan_id), db.session.get(PlanItem, item_id)
        vision.delete_item(plan, item, leader_of(world))

    with_app(app, delete)
    assert titles(member, world, "shipping") == []
    with_app(
        app,
        lambda: vision.rename_plan(db.session.get(Plan, plan_id), "Northwind", leader_of(world)),
    )
    assert titles(member, world, "northwind") == ["Northwind"]
    assert titles(member, world, "checkout") == []
    with_app(
        app, lambda: vision.set_archived(db.session.get(Plan, plan_id), True, leader_of(world))
    )
    assert titles(member, world, "northwind") == []


def test_comments_are_found_by_who_reads_drafts(app, world, plan_id, client_as):
    def comment():
        plan = db.session.get(Plan, plan_id)
        comments.add_comment(plan, "needs", "What about wholesale?", leader_of(world))

    with_app(app, comment)
    assert hits(client_as(world.person("member")), world, "wholesale") == [
        (f"/t/{world.slug}/plans/{plan_id}/comments/needs", "Comment")
    ]
    assert titles(client_as(world.person("viewer")), world, "wholesale") == []


def test_areas_follow_their_name_and_description_and_leave_when_archived(app, world, client_as):
    viewer = client_as(world.person("viewer"))
    area_id = with_app(app, lambda: areas.add_area(team_of(world), "Partnerships").id)
    assert hits(viewer, world, "partner*") == [
        (f"/t/{world.slug}/responsibilities/areas/{area_id}", "Partnerships")
    ]

    def describe():
        area = db.session.get(Area, area_id)
        areas.describe_area(area, team_of(world), name="Alliances", purpose="Resellers abroad")

    with_app(app, describe)
    assert titles(viewer, world, "partnerships") == []
    assert titles(viewer, world, "resellers") == ["Alliances"]
    with_app(app, lambda: areas.archive_area(db.session.get(Area, area_id), team_of(world)))
    assert titles(viewer, world, "alliances") == []


def test_goals_and_check_ins_follow_their_changes(app, world, client_as):
    seed_team_skills(app, world.id)
    member = world.person("member")
    goal_id = make_goal(app, world.id, member.id, title="Learn negotiation")
    [checkin_id] = add_checkins(app, goal_id, 1)
    other = client_as(world.person("other"))
    assert titles(other, world, "negotiation") == ["Learn negotiation"]
    assert hits(other, world, "step") == [
        (f"/t/{world.slug}/goals/{goal_id}#checkin-{checkin_id}", "Check-in")
    ]

    def rename():
        db.session.get(Goal, goal_id).title = "Learn pricing"

    with_app(app, rename)
    assert titles(other, world, "negotiation") == []
    assert titles(other, world, "pricing") == ["Learn pricing"]
    with_app(app, lambda: db.session.delete(db.session.get(Goal, goal_id)))
    assert titles(other, world, "pricing") == []
    assert titles(other, world, "step") == []


def test_goal_comments_are_found_under_comments_and_lead_to_the_comment(app, world, client_as):
    seed_team_skills(app, world.id)
    member = world.person("member")
    goal_id = make_goal(app, world.id, member.id, title="Learn negotiation")
    comment_id = with_app(
        app,
        lambda: (
            goal_services.add_comment(
                db.session.get(Goal, goal_id),
                db.session.get(User, member.id),
                "Try the anchoring drill",
            ).id
        ),
    )
    other = client_as(world.person("other"))
    assert hits(other, world, "anchoring") == [
        (f"/t/{world.slug}/goals/{goal_id}#goal-comment-{comment_id}", "Comment")
    ]
    results = found(other, world, "anchoring")
    assert "Comments" in results and "Learn negotiation" in results
    page = other.get(f"/t/{world.slug}/goals/{goal_id}").get_data(as_text=True)
    assert f'id="goal-comment-{comment_id}"' in page  # the link lands on the comment


@pytest.fixture
def data_area(app, world) -> int:
    """An area with budget, KPIs and communication switched on, hidden from viewers."""

    def make():
        area = areas.add_area(team_of(world), "Growth")
        db.session.flush()
        for kind in ("budget", "kpis", "comms"):
            db.session.add(AreaModule(area_id=area.id, kind=kind))
        return area.id

    return with_app(app, make)


def test_area_data_is_found_by_members_and_by_viewers_once_shown(app, world, data_area, client_as):
    def add():
        team, area, leader = team_of(world), db.session.get(Area, data_area), leader_of(world)
        template = kpis.Template(
            "", "Activation rate", "Share of trials that activate", "percent", "up", "monthly"
        )
        kpis.add_kpi(team, area, template)
        budget.add_line(
            team, area, "Conference booths", "Events", None, None, 1000, "month", leader
        )
        fields = comms_services.Fields(
            None,
            "Board",
            "Quarterly activation review",
            "email",
            "quarterly",
            None,
            date(2026, 12, 1),
        )
        comms_services.add(team, area, fields, leader)

    with_app(app, add)
    member, viewer = client_as(world.person("member")), client_as(world.person("viewer"))
    assert sorted(titles(member, world, "activation")) == [
        "Activation rate",
        "Quarterly activation review",
    ]
    assert titles(member, world, "booths") == ["Conference booths"]
    assert titles(viewer, world, "activation") == []

    def show_kpis():
        module = db.session.scalar(
            sa.select(AreaModule).where(AreaModule.area_id == data_area, AreaModule.kind == "kpis")
        )
        module.visible_to_viewers = True

    with_app(app, show_kpis)
    assert titles(viewer, world, "activation") == ["Activation rate"]

    def switch_budget_off():
        db.session.execute(
            sa.delete(AreaModule).where(
                AreaModule.area_id == data_area, AreaModule.kind == "budget"
            )
        )

    with_app(app, switch_budget_off)
    assert titles(member, world, "booths") == []


def test_viewers_find_the_published_plan_not_the_draft(app, world, plan_id, client_as):
    leader, viewer = client_as(world.person("leader")), client_as(world.person("viewer"))
    row = field(app, plan_id, "mission")
    save(leader, world, plan_id, "mission", "Sell to florists", row.version)
    assert titles(viewer, world, "florists") == []
    with_app(app, lambda: vision.publish(db.session.get(Plan, plan_id), leader_of(world)))
    assert hits(viewer, world, "florists") == [
        (f"/t/{world.slug}/plans/{plan_id}#s-mission", "Mission")
    ]
    save(leader, world, plan_id, "mission", "Sell to bakers", row.version + 1)
    assert titles(viewer, world, "bakers") == []
    assert titles(viewer, world, "florists") == ["Mission"]
    assert titles(client_as(world.person("member")), world, "bakers") == ["Mission"]
    assert titles(client_as(world.person("member")), world, "florists") == []


# -- who sees what -------------------------------------------------------------------------------


@pytest.fixture
def private_goal(app, world) -> int:
    seed_team_skills(app, world.id)
    owner = world.person("member")
    goal_id = make_goal(app, world.id, owner.id, title="Quiet ambition", private=True)
    add_checkins(app, goal_id, 1)

    def comment():
        goal = db.session.get(Goal, goal_id)
        goal_services.add_comment(goal, db.session.get(User, owner.id), "A hushed remark")

    with_app(app, comment)
    return goal_id


@pytest.mark.parametrize(
    ("who", "sees"),
    [("member", True), ("leader", True), ("other", False), ("viewer", False)],
)
def test_a_private_goal_and_its_check_ins_are_found_only_by_who_may_see_it(
    world, private_goal, client_as, who, sees
):
    client = client_as(world.person(who))
    assert titles(client, world, "ambition") == (["Quiet ambition"] if sees else [])
    assert titles(client, world, "step") == (["Check-in"] if sees else [])
    assert titles(client, world, "hushed") == (["Comment"] if sees else [])


# More matches, all of them hidden from who asks, than SQLite ranks (its newest visible ones).
HIDDEN = SQLITE_RANKED + 100


def bulk(app, model, rows: list[dict]) -> None:
    """Rows inserted in bulk, then indexed the way `reindex` does (newer documents than any
    indexed before: what the search once cut its matches at)."""
    with app.app_context():
        ids = db.session.scalars(sa.insert(model).returning(model.id), rows).all()
        rebuild(db.session.connection(), SOURCES[model], set(ids))
        db.session.commit()


def test_a_visible_match_is_found_among_many_newer_private_goals(app, world, client_as):
    team_goal = make_goal(app, world.id, world.person("member").id, title="Harbour tour")
    owner = world.person("member").id
    bulk(
        app,
        Goal,
        [
            {"team_id": world.id, "owner_id": owner, "title": f"Harbour secret {n}"}
            | {"visibility": "private"}
            for n in range(HIDDEN)
        ],
    )
    for who in ("other", "viewer"):
        assert hits(client_as(world.person(who)), world, "harbour") == [
            (f"/t/{world.slug}/goals/{team_goal}", "Harbour tour")
        ]


def test_viewers_find_what_they_may_among_many_newer_draft_rows(app, world, plan_id, client_as):
    area_id = with_app(app, lambda: areas.add_area(team_of(world), "Harbour").id)
    rows = [{"text": f"Harbour row {n}"} for n in range(HIDDEN)]
    bulk(app, PlanItem, [{"plan_id": plan_id, "kind": "need", "values": v} for v in rows])
    assert hits(client_as(world.person("viewer")), world, "harbour") == [
        (f"/t/{world.slug}/responsibilities/areas/{area_id}", "Harbour")
    ]
    assert len(titles(client_as(world.person("member")), world, "harbour")) == 30


def test_another_teams_content_is_never_found(app, world, make_team, client_as):
    elsewhere = make_team("Elsewhere", leader=Role.LEADER)
    with_app(app, lambda: areas.add_area(db.session.get(Team, elsewhere.id), "Secret lab"))
    with_app(app, lambda: areas.add_area(team_of(world), "Open lab"))
    assert titles(client_as(world.person("member")), world, "lab") == ["Open lab"]
    assert titles(client_as(elsewhere.person("leader")), elsewhere, "lab") == ["Secret lab"]


def test_who_is_not_in_the_team_gets_404(world, client_as):
    response = client_as(world.person("outsider")).get(f"/t/{world.slug}/search?q=lab")
    assert response.status_code == 404
    assert client_as(None).get(f"/t/{world.slug}/search?q=lab").status_code == 302


# -- queries -------------------------------------------------------------------------------------


def test_a_title_match_ranks_above_a_text_match(app, world, client_as):
    def add():
        team = team_of(world)
        areas.describe_area(areas.add_area(team, "Hiring"), team, purpose="Onboarding buddies")
        areas.add_area(team, "Onboarding")

    with_app(app, add)
    assert titles(client_as(world.person("member")), world, "onboarding") == [
        "Onboarding",
        "Hiring",
    ]


def test_more_matches_rank_first(app, world, client_as):
    def add():
        team = team_of(world)
        areas.describe_area(areas.add_area(team, "Sales"), team, purpose="Pricing")
        text = "Pricing pages, pricing tests, pricing reviews"
        areas.describe_area(areas.add_area(team, "Marketing"), team, purpose=text)

    with_app(app, add)
    assert titles(client_as(world.person("member")), world, "pricing") == ["Marketing", "Sales"]


@pytest.fixture
def described(app, world):
    """Areas whose text the query tests look for."""

    def add():
        team = team_of(world)
        for name, purpose in [
            ("Strategy", "Shop owners sell abroad"),
            ("Support", "Abroad, owners of every shop get answers"),
            ("Россия", "Стратегия роста на рынке"),
            ("中国", "我们的战略计划是增长"),
        ]:
            areas.describe_area(areas.add_area(team, name), team, purpose=purpose)

    with_app(app, add)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"shop owners"', ["Strategy"]),  # a phrase: the words next to each other
        ("shop owners", ["Strategy", "Support"]),  # words: each anywhere
        ('"owners shop"', []),
        ("strat*", ["Strategy"]),  # a prefix
        ("strat* abroad", ["Strategy"]),  # a prefix anywhere
        ("strat", []),  # a word is a whole word
        ("стратегия", ["Россия"]),  # Cyrillic, any case
        ("СТРАТ*", ["Россия"]),
        ("战略", ["中国"]),  # Chinese has no spaces: a part of the text
        ("战略 增长", ["中国"]),
    ],
)
def test_phrases_prefixes_and_other_scripts(world, described, client_as, q, expected):
    assert sorted(titles(client_as(world.person("member")), world, q)) == expected


def test_a_word_found_nowhere_offers_the_words_it_starts(world, described, client_as):
    html = found(client_as(world.person("member")), world, "owners strat")
    assert re.search(r'id="search-wider">.*?>owners strat\*</a>', html, re.S)
    assert "search-wider" not in found(client_as(world.person("member")), world, "owners shop")


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", None),
        ("   ", "Type a word to search for."),
        ("x" * 10_000, f"A search can be up to {MAX_LENGTH} characters long."),
        ("!!! ??? ... ---", "Search for words: letters or digits, not only punctuation."),
        ('"', "Search for words: letters or digits, not only punctuation."),
        ("a b c d e f g h i j", "Search for up to 8 words at a time."),
    ],
)
def test_queries_that_cannot_be_searched_say_why(world, client_as, q, message):
    response = client_as(world.person("member")).get(
        f"/t/{world.slug}/search", query_string={"q": q}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if message is None:
        assert "search-problem" not in page and "search-count" not in page
    else:
        assert re.search(r'id="search-problem">([^<]*)<', page).group(1) == message


@pytest.mark.parametrize(
    "q",
    [
        "strategy AND",
        "OR strategy",
        "NOT strategy",
        "NEAR(strategy abroad)",
        "strategy (abroad",
        "strategy)",
        "*",
        "strategy*",
        '"strategy',
        "strategy -abroad",
        "team:t1",
        "title : strategy",
        "^strategy",
        "strategy & abroad | x",
        "strategy:*",
        "'strategy'",
        "\\x00 strategy %_",
    ],
)
def test_operators_in_a_query_are_only_words(world, described, client_as, q):
    """No text reaches MATCH or to_tsquery as an operator: the page answers, never a 500."""
    client = client_as(world.person("member"))
    response = client.get(f"/t/{world.slug}/search", query_string={"q": q})
    assert response.status_code == 200
    assert "search-count" in response.get_data(
        as_text=True
    ) or "search-problem" in response.get_data(as_text=True)


def test_highlights_are_escaped(app, world, client_as):
    seed_team_skills(app, world.id)
    make_goal(app, world.id, world.person("member").id, title="<script>alert(1)</script> pricing")
    html = found(client_as(world.person("member")), world, "script pricing")
    assert "<script>" not in html
    assert "<mark>script</mark>" in html and "<mark>pricing</mark>" in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html


def test_the_search_page_runs_a_fixed_number_of_queries(
    app, world, described, client_as, count_queries
):
    client = client_as(world.person("member"))
    client.get(f"/t/{world.slug}/search?q=shop")  # warm
    with count_queries() as few:
        client.get(f"/t/{world.slug}/search?q=shop")
    with app.app_context():
        team = team_of(world)
        for n in range(30):
            areas.describe_area(areas.add_area(team, f"Shop {n}"), team, purpose="Shop floor")
        db.session.commit()
    with count_queries() as many:
        assert len(titles(client, world, "shop")) == 30  # the first LIMIT of 32
    # who is signed in with their teams, the search, the header's goals waiting
    assert len(few) == len(many) == 3


def test_more_results_page_on_keeping_the_query_with_and_without_htmx(app, world, client_as):
    rows = [
        {"team_id": world.id, "name": f"Dock {n:02}", "name_key": f"dock {n:02}"} for n in range(65)
    ]
    bulk(app, Area, rows)
    member = client_as(world.person("member"))
    pages, url = [], f"/t/{world.slug}/search?q=dock"
    while url:
        html = member.get(url).get_data(as_text=True)
        pages.append(
            re.sub(r"<[^>]+>", "", re.search(r'id="search-count"[^>]*>(.*?)</p>', html).group(1))
        )
        nxt = re.search(r'<a rel="next" href="([^"]*)"', html)
        url = nxt and nxt.group(1).replace("&amp;", "&")
    assert pages == ["Results 1–30", "Results 31–60", "Results 61–65"]
    every = []
    for n in (1, 2, 3):
        html = member.get(f"/t/{world.slug}/search", query_string={"q": "dock", "page": n})
        every += [re.sub(r"<[^>]+>", "", t) for _, t in _HIT.findall(html.get_data(as_text=True))]
    assert sorted(every) == sorted(r["name"] for r in rows)
    partial = member.get(
        f"/t/{world.slug}/search?q=dock&page=2", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert partial.lstrip().startswith('<div id="search-results">') and "<html" not in partial
    assert 'hx-get="/t/checkout/search?q=dock&amp;page=3"' in partial
    assert 'rel="prev" href="/t/checkout/search?q=dock"' in partial
    for page in ("0", "-3", "x", "99999999999999999999"):
        response = member.get(f"/t/{world.slug}/search", query_string={"q": "dock", "page": page})
        assert response.status_code == 200


def test_reindex_rebuilds_documents_of_rows_loaded_in_bulk(app, world):
    with app.app_context():
        db.session.execute(
            sa.insert(Area), [{"team_id": world.id, "name": "Bulk", "name_key": "bulk"}]
        )
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchDocument)) == 0
    result = app.test_cli_runner().invoke(plplan_cli, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 search documents." in result.output
