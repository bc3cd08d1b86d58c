"""@mentions: how they are read from what people write, who hears of them (raised by the real
services against the whole cast), how they render, and the people the autocomplete suggests."""

import json

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import services as goals
from plplan.goals.services import CheckInFields
from plplan.models import (
    CheckIn,
    Goal,
    Membership,
    Notification,
    OutboxMessage,
    Role,
    Team,
    User,
)
from plplan.notifications.mentions import mentioned, plain
from plplan.vision import comments
from plplan.vision import services as vision
from tests.goals_factory import make_goal

PARSED = [
    ("Ask @[Maya Lee](12) first", {12}),  # a name with a space
    ("@[Maya](12), @[Jo](7). And @[Maya](12)!", {12, 7}),  # punctuation after, twice
    ("(@[Maya](12))", {12}),
    ("@[Dr. O'Neil-Smith](3)?", {3}),  # punctuation inside the name
    ("maya@example.com and maya@[Maya](12)", set()),  # emails; glued to a word
    ("`@[Maya](12)` is how you write one", set()),  # a code span
    ("    @[Maya](12) in a code block", set()),
    ("\\@[Maya](12) escaped", set()),
    ("**@[Maya](12)** and [see @[Jo](7)](https://example.com)", {12, 7}),
    ("@Maya, @[](12), @[Maya](x), @[Ma\nya](12)", set()),  # no id, no name, broken
    ("", set()),
]


@pytest.mark.parametrize(("text", "ids"), PARSED)
def test_mentions_are_read_as_markdown_reads_them(text, ids):
    assert mentioned(text) == ids


def test_the_plain_text_of_a_mention_is_its_name():
    assert plain("Ask @[Maya Lee](12), then `x`.") == "Ask @Maya Lee, then `x`."


def heard(app, cast, action) -> dict[str, list[str]]:
    """Run `action(user_of)` in one transaction; the kinds each person got an item of."""
    names = {person.id: key for key, person in cast.people.items()}
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
        action(lambda key: db.session.get(User, cast.person(key).id))
        db.session.commit()
        found: dict[str, list[str]] = {}
        for item in db.session.scalars(
            sa.select(Notification).where(Notification.id > before).order_by(Notification.id)
        ):
            found.setdefault(names[item.recipient_id], []).append(item.kind)
        return found


def at(cast, *keys: str) -> str:
    return " ".join(f"@[{cast.person(key).name}]({cast.person(key).id})" for key in keys)


def plan_comment(cast, by: str, text: str, reply: bool = False):
    def action(user):
        team = db.session.get(Team, cast.id)
        plan = vision.current_plan(team) or vision.create_plan(team, "Checkout 2027", user(by))
        db.session.flush()
        first = db.session.scalar(sa.select(sa.func.min(comments.PlanComment.id)))
        thread = db.session.get(comments.PlanComment, first) if reply else None
        comments.add_comment(plan, "vision", text, user(by), thread)

    return action


def test_a_member_mentioned_in_a_plan_comment_hears_of_it(app, cast):
    assert heard(app, cast, plan_comment(cast, "member", f"{at(cast, 'leader')} why?")) == {
        "leader": ["mention"]
    }
    with app.app_context():
        item = db.session.scalar(sa.select(Notification).order_by(Notification.id.desc()))
        assert item.summary == "Member mentioned you on Vision in “Checkout 2027”"
        assert item.detail == "@Leader why?"
        assert item.anchor.startswith("comment-")
        assert db.session.scalar(sa.select(OutboxMessage).filter_by(notification_id=item.id))


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("viewer", "a viewer reads no plan comments (drafts)"),
        ("outsider", "not in the team"),
        ("member", "the writer themself"),
    ],
)
def test_a_mention_of_who_cannot_read_it_does_nothing(app, cast, who, why):
    assert heard(app, cast, plan_comment(cast, "member", f"Hi {at(cast, who)}")) == {}, why


def test_someone_in_the_thread_and_mentioned_hears_once_of_the_mention(app, cast):
    heard(app, cast, plan_comment(cast, "leader", "Why now?"))
    heard(app, cast, plan_comment(cast, "owner", "Because.", reply=True))
    text = f"{at(cast, 'leader', 'mentor')} agreed?"
    assert heard(app, cast, plan_comment(cast, "member", text, reply=True)) == {
        "leader": ["mention"],
        "mentor": ["mention"],
        "owner": ["plan_comment"],
    }


def goal_comment(goal_id: int, by: str, text: str):
    def action(user):
        goals.add_comment(db.session.get(Goal, goal_id), user(by), text)

    return action


def test_a_mention_on_a_private_goal_reaches_only_who_may_see_it(app, cast):
    goal = make_goal(
        app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id, private=True
    )
    text = f"{at(cast, 'mentor', 'leader', 'member', 'viewer')} thoughts?"
    assert heard(app, cast, goal_comment(goal, "owner", text)) == {
        "mentor": ["mention"],
        "leader": ["mention"],  # reviews every goal
    }


def test_a_mention_on_a_team_goal_reaches_any_member_of_the_team(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    text = f"{at(cast, 'member', 'viewer', 'outsider')} see?"
    assert heard(app, cast, goal_comment(goal, "owner", text)) == {
        "member": ["mention"],
        "viewer": ["mention"],
        "mentor": ["goal_comment"],  # in the goal's conversation, not mentioned
    }


def test_check_in_notes_mention_and_the_mentor_hears_once(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)

    def check_in(user):
        happened = f"Paired with {at(cast, 'member')}; {at(cast, 'mentor')} please look."
        fields = CheckInFields(status="on_track", confidence=4, happened=happened)
        goals.check_in(db.session.get(Goal, goal), user("owner"), fields)

    assert heard(app, cast, check_in) == {"member": ["mention"], "mentor": ["mention"]}

    def acknowledge(user):
        checkin = db.session.scalar(sa.select(CheckIn).order_by(CheckIn.id.desc()))
        goals.acknowledge(checkin, user("mentor"), f"Thanks {at(cast, 'leader')}")

    assert heard(app, cast, acknowledge) == {"leader": ["mention"], "owner": ["checkin_reply"]}


# -- how mentions read on the page ----------------------------------------------------------


def test_mentions_render_as_the_member_of_today_and_the_rest_as_plain_text(
    app, cast, client_as, make_user
):
    leader, outsider = cast.person("leader"), cast.person("outsider")
    text = (
        f"@[The CEO]({leader.id}) and @[{outsider.name}]({outsider.id}) and"
        f" @[<script>alert(1)</script>](999999) and `@[Code]({leader.id})`"
    )
    with app.app_context():
        team = db.session.get(Team, cast.id)
        plan = vision.create_plan(team, "Checkout 2027", db.session.get(User, leader.id))
        db.session.flush()
        comments.add_comment(plan, "vision", text, db.session.get(User, cast.person("member").id))
        db.session.commit()
        url = f"/t/{cast.slug}/plans/{plan.id}/comments/vision"
    page = client_as(cast.person("member")).get(url).get_data(as_text=True)
    assert '<span class="mention">@Leader</span> and @Outsider and' in page
    assert "@&lt;script&gt;alert(1)&lt;/script&gt; and" in page
    assert "<script>alert" not in page
    assert f"<code>@[Code]({leader.id})</code>" in page
    assert "The CEO" not in page


def test_a_goal_comment_posted_with_a_mention_shows_it_and_tells_them(app, cast, client_as):
    goal = make_goal(app, cast.id, cast.person("owner").id)
    owner = client_as(cast.person("owner"))
    url = f"/t/{cast.slug}/goals/{goal}"
    body = f"Could {at(cast, 'member')} help?"
    assert owner.post(f"{url}/comments", data={"body": body}).status_code == 303
    page = owner.get(url).get_data(as_text=True)
    assert '<p>Could <span class="mention">@Member</span> help?</p>' in page
    with app.app_context():
        item = db.session.scalar(sa.select(Notification).order_by(Notification.id.desc()))
        assert (item.recipient_id, item.kind) == (cast.person("member").id, "mention")


# -- the autocomplete's suggestions ----------------------------------------------------------


def suggested(client, slug: str, typed: str) -> list[str]:
    answer = client.get(f"/t/{slug}/people/suggest", query_string={"q": typed})
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    return [person["name"] for person in json.loads(answer.get_data())]


def test_suggestions_are_the_team_by_name_then_word_then_email(
    app, make_team, make_user, client_as
):
    world = make_team("Checkout", maya=Role.LEADER, asker=Role.MEMBER, viewer=Role.VIEWER)
    names = ["Émile Martin", "Marc Ode", "Ann Mayer", "Zoe"]
    emails = [None, None, None, "markus.z@example.com"]
    with app.app_context():
        for name, email in zip(names, emails, strict=True):
            person = make_user(name=name, email=email)
            db.session.add(Membership(team_id=world.id, user_id=person.id, role=Role.MEMBER))
        db.session.commit()
    make_user(name="Mallory Outside")
    asker = client_as(world.person("asker"))
    # name first (by name), then a word of the name, then the email; never the asker
    assert suggested(asker, world.slug, "Ma") == [
        "Marc Ode",
        "Maya",
        "Ann Mayer",
        "Émile Martin",
        "Zoe",
    ]
    assert suggested(asker, world.slug, "émi") == ["Émile Martin"]
    assert suggested(asker, world.slug, "ASK") == []
    assert suggested(asker, world.slug, "") == []
    picked = json.loads(asker.get(f"/t/{world.slug}/people/suggest?q=zo").get_data())
    assert picked == [
        {"id": picked[0]["id"], "name": "Zoe", "mention": f"@[Zoe]({picked[0]['id']})"}
    ]


def test_at_most_eight_suggestions_in_two_queries(app, make_team, client_as, count_queries):
    world = make_team("Checkout", **{f"mark{n}": Role.MEMBER for n in range(12)})
    client = client_as(world.person("mark0"))
    with count_queries() as statements:
        found = suggested(client, world.slug, "mark")
    assert len(found) == 8
    # the signed-in user with their memberships, the team's people
    assert len(statements) == 2
