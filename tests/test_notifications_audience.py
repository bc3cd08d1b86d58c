"""Who hears what: each event, raised by the real service, against the whole cast (leaders,
a goal's owner and mentor, other members, a viewer, an outsider). The actor never hears of
their own action; a private goal reaches only who may see it; a rollback writes nothing."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import services as goals
from plplan.goals.services import CheckInFields
from plplan.models import (
    Area,
    CheckIn,
    Delivery,
    Goal,
    Membership,
    Notification,
    NotificationPreference,
    OutboxMessage,
    Raci,
    Role,
    Team,
    User,
    Visibility,
)
from plplan.responsibilities import services as responsibilities
from plplan.vision import comments
from plplan.vision import services as vision
from tests.goals_factory import make_goal


def hearers(app, cast, action) -> set[str]:
    """Run `action(user_of, team)` in one transaction; who got an inbox item from it."""
    names = {person.id: key for key, person in cast.people.items()}
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
        action(lambda key: db.session.get(User, cast.person(key).id), db.session.get(Team, cast.id))
        db.session.commit()
        return {
            names[n.recipient_id]
            for n in db.session.scalars(sa.select(Notification).where(Notification.id > before))
        }


def check_in(goal_id: int, by: str):
    def action(user, _team):
        fields = CheckInFields(status="on_track", confidence=4, happened="Two interviews")
        goals.check_in(db.session.get(Goal, goal_id), user(by), fields)

    return action


def acknowledge(by: str, feedback: str = ""):
    def action(user, _team):
        checkin = db.session.scalar(sa.select(CheckIn).order_by(CheckIn.id.desc()))
        goals.acknowledge(checkin, user(by), feedback)

    return action


def comment(by: str, reply: bool = True):
    def action(user, team):
        plan = vision.current_plan(team) or vision.create_plan(team, "Checkout 2027", user(by))
        db.session.flush()
        parent = db.session.scalar(sa.select(sa.func.min(comments.PlanComment.id)))
        thread = db.session.get(comments.PlanComment, parent) if reply and parent else None
        comments.add_comment(plan, "vision", "Why now?", user(by), thread)

    return action


def set_role(by: str, who: str, role: Raci | None, move: bool = False):
    def action(user, team):
        area = db.session.scalar(sa.select(Area).where(Area.name == "Budget management"))
        membership = db.session.scalar(
            sa.select(Membership).where(Membership.user_id == user(who).id)
        )
        responsibilities.set_cell(team, area, membership, role, user(by), move)

    return action


def publish(by: str):
    def action(user, team):
        plan = vision.create_plan(team, "Checkout 2027", user(by))
        db.session.flush()
        vision.publish(plan, user(by), "We now start with the small shops.")

    return action


def test_a_check_in_reaches_the_mentor_only(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    assert hearers(app, cast, check_in(goal, "owner")) == {"mentor"}
    # a leader checking in for the owner: the mentor hears, the leader (actor) does not
    assert hearers(app, cast, check_in(goal, "leader")) == {"mentor"}


def test_a_check_in_on_a_goal_without_a_mentor_reaches_nobody(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id)
    assert hearers(app, cast, check_in(goal, "owner")) == set()


def test_a_private_goal_reaches_only_who_may_see_it(app, cast):
    goal = make_goal(
        app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id, private=True
    )
    assert hearers(app, cast, check_in(goal, "owner")) == {"mentor"}
    # other members and the leaders (who may see it) hear nothing: they are no candidates;
    with app.app_context():
        db.session.get(Goal, goal).mentor_id = cast.person("outsider").id
        db.session.commit()
    # a mentor outside the team never hears of it
    assert hearers(app, cast, check_in(goal, "owner")) == set()


def test_an_acknowledgement_or_reply_reaches_whoever_checked_in(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    hearers(app, cast, check_in(goal, "owner"))
    assert hearers(app, cast, acknowledge("mentor", "Nice pace.")) == {"owner"}
    hearers(app, cast, check_in(goal, "owner"))
    assert hearers(app, cast, acknowledge("leader")) == {"owner"}


def test_a_comment_reaches_everyone_else_in_its_thread(app, cast):
    assert hearers(app, cast, comment("leader", reply=False)) == set()  # a new thread
    assert hearers(app, cast, comment("member")) == {"leader"}
    assert hearers(app, cast, comment("owner")) == {"leader", "member"}
    assert hearers(app, cast, comment("leader")) == {"member", "owner"}
    # a participant made a viewer reads no comments any more: they hear of none
    with app.app_context():
        db.session.execute(
            sa.update(Membership)
            .where(Membership.user_id == cast.person("member").id)
            .values(role=Role.VIEWER)
        )
        db.session.commit()
    assert hearers(app, cast, comment("owner")) == {"leader"}


def goal_comment(goal_id: int, by: str):
    def action(user, _team):
        goals.add_comment(db.session.get(Goal, goal_id), user(by), "How did the pitch go?")

    return action


def test_a_goal_comment_reaches_its_owner_mentor_and_earlier_commenters(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id, mentor_id=cast.person("mentor").id)
    assert hearers(app, cast, goal_comment(goal, "owner")) == {"mentor"}
    assert hearers(app, cast, goal_comment(goal, "member")) == {"owner", "mentor"}
    assert hearers(app, cast, goal_comment(goal, "mentor")) == {"owner", "member"}
    # a viewer who never commented, the leaders and the outsider are not in the conversation
    assert hearers(app, cast, goal_comment(goal, "leader")) == {"owner", "mentor", "member"}


def test_a_comment_on_a_private_goal_reaches_only_who_may_see_it(app, cast):
    goal = make_goal(app, cast.id, cast.person("owner").id)
    hearers(app, cast, goal_comment(goal, "member"))
    hearers(app, cast, goal_comment(goal, "co_leader"))
    with app.app_context():  # made private: the member who commented may not see it now
        db.session.get(Goal, goal).visibility = Visibility.PRIVATE
        db.session.commit()
    assert hearers(app, cast, goal_comment(goal, "owner")) == {"co_leader"}  # leaders see all


def test_a_role_given_or_taken_reaches_the_person_whose_cell_changed(app, cast):
    assert hearers(app, cast, set_role("leader", "member", Raci.RESPONSIBLE)) == {"member"}
    assert hearers(app, cast, set_role("leader", "member", None)) == {"member"}
    assert hearers(app, cast, set_role("leader", "leader", Raci.ACCOUNTABLE)) == set()
    # moving accountability: the old holder loses it, the new one gets it
    assert hearers(app, cast, set_role("co_leader", "owner", Raci.ACCOUNTABLE, True)) == {
        "leader",
        "owner",
    }


def test_a_publication_reaches_the_whole_team_viewers_too_but_not_outsiders(app, cast):
    assert hearers(app, cast, publish("leader")) == {
        "co_leader",
        "owner",
        "mentor",
        "member",
        "viewer",
    }
    with app.app_context():
        item = db.session.scalar(sa.select(Notification).limit(1))
        assert item.summary == "Leader published “Checkout 2027” (version 1)"
        assert item.detail == "We now start with the small shops."


def test_each_person_hears_the_way_they_chose(app, cast):
    with app.app_context():
        for key, delivery in (("viewer", Delivery.OFF), ("member", Delivery.IN_APP)):
            db.session.add(
                NotificationPreference(
                    user_id=cast.person(key).id, kind="plan_published", delivery=delivery
                )
            )
        db.session.commit()
    assert "viewer" not in hearers(app, cast, publish("leader"))
    with app.app_context():
        mailed = set(db.session.scalars(sa.select(OutboxMessage.address)))
    assert mailed == {cast.person(key).email for key in ("co_leader", "owner", "mentor")}


def test_a_rollback_writes_no_inbox_item_and_no_outbox_row(app, cast):
    with app.app_context():
        publish("leader")(
            lambda key: db.session.get(User, cast.person(key).id), db.session.get(Team, cast.id)
        )
        db.session.flush()
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 5
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
