"""The inbox: the bell's count on every page (no query of its own), the list across teams,
unread first, marking read (htmx or plain forms), opening an item, and nobody else's items."""

import re

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import (
    Delivery,
    Membership,
    Notification,
    NotificationPreference,
    Role,
)
from plplan.notifications.preferences import choices
from tests.notifications_world import publish


def items_of(app, person) -> list[Notification]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(Notification)
                .where(Notification.recipient_id == person.id)
                .order_by(Notification.id)
            )
        )


def bell(page: str) -> str:
    """The bell's text as a screen reader reads it."""
    found = re.search(r'<a id="bell".*?</a>', page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def test_the_bell_counts_unread_items_without_a_query_of_its_own(
    app, team, client_as, count_queries
):
    member = client_as(team.person("member"))
    with count_queries() as before:
        assert bell(member.get("/home").get_data(as_text=True)) == "Notifications"
    publish(app, team)
    publish(app, team, name="Payments 2027")
    with count_queries() as after:
        page = member.get("/home").get_data(as_text=True)
    assert bell(page) == "Notifications 2 unread"
    assert len(after) == len(before)


def test_the_inbox_lists_every_team_labelled_unread_first(
    app, team, make_team, client_as, count_queries
):
    other = make_team("Payments", leader=Role.LEADER)
    with app.app_context():
        db.session.add(
            Membership(team_id=other.id, user_id=team.person("member").id, role=Role.MEMBER)
        )
        db.session.commit()
    publish(app, team)
    publish(app, other, name="Payments 2027")
    first = items_of(app, team.person("member"))[0]
    with app.app_context():
        db.session.get(Notification, first.id).read_at = first.created_at
        db.session.commit()
    member = client_as(team.person("member"))
    with count_queries() as statements:
        page = member.get("/inbox").get_data(as_text=True)
    # the signed-in user with their teams and the bell's count, the items with teams and actors
    assert len(statements) == 2
    summaries = re.findall(r'<button type="submit" class="link">([^<]+)</button>', page)
    assert summaries == [
        "Leader published “Payments 2027” (version 1)",
        "Leader published “Checkout 2027” (version 1)",
    ]
    assert re.findall(r'class="team-label">([^<]+)<', page) == ["Payments", "Checkout"]
    assert page.count("Mark read</button>") == 1


def test_opening_an_item_marks_it_read_and_goes_to_its_page(app, team, client_as):
    publish(app, team)
    item = items_of(app, team.person("viewer"))[0]
    viewer = client_as(team.person("viewer"))
    response = viewer.post(f"/inbox/{item.id}/open")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/t/{team.slug}/plans/{item.link_args['plan_id']}"
    assert viewer.get(response.headers["Location"]).status_code == 200
    assert items_of(app, team.person("viewer"))[0].read_at is not None
    assert bell(viewer.get("/inbox").get_data(as_text=True)) == "Notifications"


def test_marking_read_with_htmx_swaps_the_item_and_the_bell(app, team, client_as):
    publish(app, team)
    publish(app, team, name="Payments 2027")
    first, _second = items_of(app, team.person("member"))
    member = client_as(team.person("member"))
    response = member.post(f"/inbox/{first.id}/read", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="notification-{first.id}" class="card notification">' in body
    assert 'id="bell" class="bell" href="/inbox" hx-swap-oob="true"' in body
    assert bell(body) == "Notifications 1 unread"


def test_mark_all_read_without_javascript(app, team, client_as):
    publish(app, team)
    publish(app, team, name="Payments 2027")
    member = client_as(team.person("member"))
    response = member.post("/inbox/read-all")
    assert (response.status_code, response.headers["Location"]) == (303, "/inbox")
    assert all(item.read_at for item in items_of(app, team.person("member")))
    assert "Mark all read" not in member.get("/inbox").get_data(as_text=True)


def test_marking_read_needs_the_form_token(app, team, client_as):
    publish(app, team)
    item = items_of(app, team.person("member"))[0]
    member = client_as(team.person("member"))
    assert member.post(f"/inbox/{item.id}/read", csrf=False).status_code == 400
    assert member.post("/inbox/read-all", csrf=False).status_code == 400
    assert items_of(app, team.person("member"))[0].read_at is None


def test_items_of_a_team_one_left_are_gone_with_it(app, team, client_as):
    publish(app, team)
    item = items_of(app, team.person("member"))[0]
    with app.app_context():
        db.session.execute(
            sa.delete(Membership).where(Membership.user_id == team.person("member").id)
        )
        db.session.commit()
    member = client_as(team.person("member"))
    page = member.get("/inbox").get_data(as_text=True)
    assert "Checkout 2027" not in page and bell(page) == "Notifications"
    assert member.post(f"/inbox/{item.id}/open").status_code == 404


def test_each_kind_is_chosen_on_the_profile_page(app, team, client_as):
    member = client_as(team.person("member"))
    page = member.get("/auth/profile").get_data(as_text=True)
    assert '<option selected value="email">In the inbox and by email at once</option>' in page
    response = member.post(
        "/auth/profile/notifications",
        data={"notify-plan_published": "off", "notify-checkin": "in_app"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/profile#notifications"
    publish(app, team)
    assert items_of(app, team.person("member")) == []
    with app.app_context():
        assert choices(team.person("member").id)["checkin"] == Delivery.IN_APP
        assert choices(team.person("member").id)["checkin_reply"] == Delivery.EMAIL


def test_an_unknown_choice_is_refused_and_nothing_is_saved(app, team, client_as):
    member = client_as(team.person("member"))
    response = member.post("/auth/profile/notifications", data={"notify-plan_published": "pigeon"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(NotificationPreference.id))) == 0
