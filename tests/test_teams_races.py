"""Teams of the same name created at the same instant each get their own free slug.

Real parallel requests, one app instance per thread, released together (see test_races.py).
"""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Membership, Role, Team
from tests.races import ROUNDS, posting, statuses, together

CREATORS = 4


def led_team_slugs(app, people) -> dict[int, set[str]]:
    """The slugs of the teams each person leads."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Membership.user_id, Team.slug)
            .join(Team, Team.id == Membership.team_id)
            .where(Membership.role == Role.LEADER, Membership.user_id.in_([p.id for p in people]))
        ).all()
    led = {person.id: set() for person in people}
    for user_id, slug in rows:
        led[user_id].add(slug)
    return led


def test_teams_of_one_name_created_at_once_each_get_a_free_slug(app, another_app, login, make_user):
    people = [make_user() for _ in range(CREATORS)]
    clients = [login(another_app().test_client(), person) for person in people]
    for round_ in range(ROUNDS):
        responses = together(
            *(posting(c, "/teams/new", data={"name": "Growth & Co"}) for c in clients)
        )
        assert statuses(responses) == [303] * CREATORS
        made = CREATORS * (round_ + 1)
        with app.app_context():
            slugs = db.session.scalars(sa.select(Team.slug)).all()
        assert sorted(slugs) == sorted(
            ["growth-co", *(f"growth-co-{n}" for n in range(2, made + 1))]
        )
        led = led_team_slugs(app, people)
        for person, response in zip(people, responses, strict=True):
            slug = response.headers["Location"].split("/")[2]
            assert slug in led[person.id]  # each creator is sent to the team they lead
            assert len(led[person.id]) == round_ + 1
