"""Every rule holds when people do the same thing at the same instant, on SQLite and PostgreSQL.

Each test runs real parallel requests: one app instance per thread (as gunicorn workers on
one database would be), released together by a barrier, over several rounds.
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import (
    Area,
    Assignment,
    CheckIn,
    Goal,
    IdempotencyKey,
    Invitation,
    Membership,
    Plan,
    PlanField,
    PlanPublication,
    Raci,
    Role,
    Skill,
    Team,
    User,
    utcnow,
)
from plplan.security import new_token
from plplan.vision.services import create_plan
from tests.goals_factory import make_goal, seed_team_skills
from tests.races import ROUNDS, posting, statuses, together


def new_plan(world) -> Plan:
    leader = db.session.get(User, next(iter(world.people.values())).id)
    return create_plan(db.session.get(Team, world.id), "Plan", leader)


# -- 2. two leaders demoting each other -------------------------------------------------------


def test_two_leaders_demoting_each_other_leave_a_leader(app, make_team, workers):
    world = make_team(ada=Role.LEADER, bob=Role.LEADER)
    ada, bob = workers(world.person("ada"), world.person("bob"))
    url = f"/t/{world.slug}/members/{{}}/role"
    for _ in range(ROUNDS):
        responses = together(
            lambda: ada.post(url.format(world.membership_ids["bob"]), data={"role": "member"}),
            lambda: bob.post(url.format(world.membership_ids["ada"]), data={"role": "member"}),
        )
        # the later one may already find itself demoted (403): either way, never 500
        assert {r.status_code for r in responses} <= {303, 403}
        with app.app_context():
            roles = db.session.scalars(
                sa.select(Membership.role).where(Membership.team_id == world.id)
            ).all()
            assert roles.count(Role.LEADER) == 1
            db.session.execute(
                sa.update(Membership).where(Membership.team_id == world.id).values(role=Role.LEADER)
            )
            db.session.commit()


# -- 3. parallel "set Accountable" --------------------------------------------------------------


def test_parallel_set_accountable_leaves_exactly_one(app, make_team, workers):
    roles = {f"lead{n}": Role.LEADER for n in range(4)}
    world = make_team(**roles)
    with app.app_context():
        area = Area(team_id=world.id, name="Pricing")
        db.session.add(area)
        db.session.commit()
        area_id = area.id
    clients = workers(*world.people.values())
    url = f"/t/{world.slug}/responsibilities/areas/{area_id}/cells"

    def set_a(client, key, move):
        data = {"member_id": world.membership_ids[key], "role": "A"}
        return lambda: client.post(url, data=data | ({"move": "y"} if move else {}), htmx=True)

    for round_ in range(ROUNDS):
        move = round_ % 2 == 1  # confirmed moves, and first claims that must be refused
        responses = together(*(set_a(c, k, move) for c, k in zip(clients, roles, strict=True)))
        assert all(r.status_code < 500 for r in responses), statuses(responses)
        with app.app_context():
            holders = db.session.scalars(
                sa.select(Assignment.membership_id).where(
                    Assignment.area_id == area_id, Assignment.role == Raci.ACCOUNTABLE
                )
            ).all()
            assert len(holders) == 1
            db.session.execute(sa.delete(Assignment).where(Assignment.area_id == area_id))
            db.session.commit()


def test_the_database_refuses_a_second_accountable(app, team):
    with app.app_context():
        area = Area(team_id=team.id, name="Pricing")
        db.session.add(area)
        db.session.flush()
        for key in ("leader", "member"):
            db.session.add(
                Assignment(area_id=area.id, membership_id=team.membership_ids[key], role="A")
            )
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


# -- 4. a single-use invitation accepted by several people ---------------------------------------


def test_an_invitation_is_accepted_by_exactly_one_of_several(app, team, make_user, workers):
    for _ in range(ROUNDS):
        token, token_hash = new_token()
        with app.app_context():
            db.session.add(
                Invitation(
                    team_id=team.id,
                    role=Role.MEMBER,
                    token_hash=token_hash,
                    expires_at=utcnow() + timedelta(days=1),
                )
            )
            db.session.commit()
        people = [make_user() for _ in range(4)]
        clients = workers(*people)
        url = f"/join/{token}"
        responses = together(*(posting(c, url) for c in clients))
        # losers: used while they were accepting (409), or before they opened it (404)
        assert [r.status_code for r in responses].count(303) == 1
        refused = [r for r in responses if r.status_code != 303]
        assert {r.status_code for r in refused} <= {404, 409}
        assert all("This invite link no longer works" in r.get_data(True) for r in refused)
        with app.app_context():
            joined = db.session.scalar(
                sa.select(sa.func.count(Membership.id)).where(
                    Membership.user_id.in_([p.id for p in people])
                )
            )
            assert joined == 1


# -- 5. concurrent check-ins --------------------------------------------------------------------


def test_concurrent_checkins_leave_the_goal_at_the_newest(app, make_team, workers):
    world = make_team(owner=Role.MEMBER)
    seed_team_skills(app, world.id)
    goal_id = make_goal(app, world.id, world.person("owner").id, numbers=(0, 100, "calls"))
    clients = workers(*[world.person("owner")] * 4)
    url = f"/t/{world.slug}/goals/{goal_id}/checkins"

    def check_in(client, value):
        data = {"status": "on_track", "confidence": "4", "happened": "Calls", "value": value}
        fields = {f"goal{goal_id}-{name}": str(v) for name, v in data.items()}
        return lambda: client.post(url, data=fields, htmx=True)

    for round_ in range(ROUNDS):
        values = [10 * round_ + n for n in range(1, 5)]
        responses = together(*(check_in(c, v) for c, v in zip(clients, values, strict=True)))
        assert statuses(responses) == [200] * 4
        with app.app_context():
            goal = db.session.get(Goal, goal_id)
            newest = db.session.scalars(
                sa.select(CheckIn)
                .where(CheckIn.goal_id == goal_id)
                .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
            ).first()
            assert (goal.current_value, goal.progress) == (newest.value, newest.progress)
            assert goal.last_checkin_at == newest.created_at


def test_check_ins_and_acknowledgements_at_once_keep_the_waiting_count_true(
    app, make_team, workers
):
    world = make_team(owner=Role.MEMBER, mentor=Role.MEMBER, lead=Role.LEADER, co=Role.LEADER)
    seed_team_skills(app, world.id)
    goal_id = make_goal(
        app, world.id, world.person("owner").id, mentor_id=world.person("mentor").id
    )
    owners = workers(*[world.person("owner")] * 2)
    mentor, lead, co = workers(world.person("mentor"), world.person("lead"), world.person("co"))
    url = f"/t/{world.slug}/goals/{goal_id}/checkins"
    fields = {"status": "on_track", "confidence": "4", "happened": "Calls", "progress": "10"}
    checkin = {f"goal{goal_id}-{name}": value for name, value in fields.items()}

    def acknowledging(client, checkin_id):
        data = {f"ack{checkin_id}-feedback": "Seen"}
        return posting(client, f"{url}/{checkin_id}/acknowledge", data=data, htmx=True)

    def waiting() -> tuple[int, int]:
        """The goal's stored count and the check-ins really waiting."""
        with app.app_context():
            real = db.session.scalar(
                sa.select(sa.func.count(CheckIn.id)).where(
                    CheckIn.goal_id == goal_id, CheckIn.acknowledged_at.is_(None)
                )
            )
            return db.session.get(Goal, goal_id).waiting, real

    for client in owners:
        client.post(url, data=checkin, htmx=True)
    for _ in range(ROUNDS):
        with app.app_context():
            first, second = db.session.scalars(
                sa.select(CheckIn.id).where(
                    CheckIn.goal_id == goal_id, CheckIn.acknowledged_at.is_(None)
                )
            ).all()[:2]
        responses = together(
            *(posting(client, url, data=checkin, htmx=True) for client in owners),
            acknowledging(mentor, first),
            acknowledging(lead, first),  # one of these two is refused
            acknowledging(co, second),
        )
        assert statuses(responses) == [200] * 4 + [409]
        assert waiting() == (2, 2)  # two added, two acknowledged


# -- 6. parallel wrong passwords ----------------------------------------------------------------


def test_simultaneous_wrong_passwords_all_count_and_lock(app, another_app, make_user):
    config = {"LOGIN_MAX_FAILURES": 6, "LOGIN_IP_LIMIT": "1000 per minute"}
    clients = [another_app(**config).test_client() for _ in range(6)]
    person = make_user()
    for _ in range(2):
        data = {"email": person.email, "password": "wrong password!"}
        responses = together(*(posting(c, "/auth/login", data=data) for c in clients))
        assert statuses(responses) == [422] * 6
        with app.app_context():
            user = db.session.get(User, person.id)
            assert user.locked_until is not None and user.locked_until > utcnow()
            assert user.failed_logins == 0
            user.locked_until = None
            db.session.commit()


# -- 7. simultaneous publishes ------------------------------------------------------------------


def test_simultaneous_publishes_make_one_publication_per_change(app, make_team, workers):
    world = make_team(**{f"lead{n}": Role.LEADER for n in range(4)})
    with app.app_context():
        plan = new_plan(world)
        db.session.commit()
        plan_id = plan.id
    clients = workers(*world.people.values())
    url = f"/t/{world.slug}/plans/{plan_id}/publish"
    for round_ in range(ROUNDS):
        with app.app_context():
            db.session.execute(
                sa.update(PlanField)
                .where(PlanField.plan_id == plan_id, PlanField.key == "vision")
                .values(value=f"Vision {round_}")
            )
            db.session.commit()
        responses = together(*(posting(c, url) for c in clients))
        assert statuses(responses) == [303] * 4
        with app.app_context():
            versions = db.session.scalars(
                sa.select(PlanPublication.version).where(PlanPublication.plan_id == plan_id)
            ).all()
            assert sorted(versions) == list(range(1, round_ + 2))


# -- the first save of a field a plan is older than -----------------------------------------------


def test_two_first_saves_of_a_missing_field_give_one_save_and_one_conflict(app, make_team, workers):
    world = make_team(ada=Role.LEADER, bob=Role.LEADER)
    with app.app_context():
        plan = new_plan(world)
        db.session.commit()
        plan_id = plan.id
    ada, bob = workers(world.person("ada"), world.person("bob"))
    url = f"/t/{world.slug}/plans/{plan_id}/fields/vision"
    for round_ in range(ROUNDS):
        with app.app_context():  # an older plan: it has no vision field yet
            db.session.execute(
                sa.delete(PlanField).where(PlanField.plan_id == plan_id, PlanField.key == "vision")
            )
            db.session.commit()
        responses = together(
            *(
                lambda c=c, v=f"Vision {round_}.{n}": c.post(
                    url, data={"value": v, "version": "1"}, htmx=True
                )
                for n, c in enumerate((ada, bob))
            )
        )
        assert statuses(responses) == [200, 409]
        with app.app_context():
            rows = db.session.scalars(
                sa.select(PlanField).where(PlanField.plan_id == plan_id, PlanField.key == "vision")
            ).all()
            assert len(rows) == 1 and rows[0].version == 2


# -- 12. names unique as people read them ---------------------------------------------------------


def test_the_same_new_skill_added_twice_at_once_is_one_skill_and_a_form_error(
    app, make_team, workers
):
    world = make_team(ada=Role.LEADER, bob=Role.LEADER)
    ada, bob = workers(world.person("ada"), world.person("bob"))
    url = f"/t/{world.slug}/goals/skills"
    for round_ in range(ROUNDS):
        name = f"Éclair {round_}"
        responses = together(
            posting(ada, url, data={"name": name, "levels": ""}),
            posting(bob, url, data={"name": name.upper(), "levels": ""}),
        )
        assert statuses(responses) == [303, 422]
        refused = next(r for r in responses if r.status_code == 422)
        assert "The team already has a skill with this name." in refused.get_data(True)
        with app.app_context():
            count = db.session.scalar(
                sa.select(sa.func.count(Skill.id)).where(
                    Skill.team_id == world.id, Skill.name_key == name.casefold()
                )
            )
            assert count == 1


def test_the_same_new_area_added_twice_at_once_is_one_area_and_a_form_error(
    app, make_team, workers
):
    world = make_team(ada=Role.LEADER, bob=Role.LEADER)
    ada, bob = workers(world.person("ada"), world.person("bob"))
    url = f"/t/{world.slug}/responsibilities/areas"
    for round_ in range(ROUNDS):
        name = f"Équipe {round_}"
        responses = together(
            posting(ada, url, data={"name": name}),
            posting(bob, url, data={"name": name.lower()}),
        )
        assert statuses(responses) == [303, 422]
        refused = next(r for r in responses if r.status_code == 422)
        assert "There is already an area called" in refused.get_data(True)
        with app.app_context():
            names = db.session.scalars(
                sa.select(Area.name).where(Area.team_id == world.id, Area.name.ilike("%quipe%"))
            ).all()
            assert len(names) == round_ + 1


# -- 8. a retried submission --------------------------------------------------------------------


@pytest.fixture
def goal_world(app, make_team):
    world = make_team(owner=Role.MEMBER)
    seed_team_skills(app, world.id)
    goal_id = make_goal(app, world.id, world.person("owner").id, numbers=(0, 10, "calls"))
    return world, goal_id


def checkin_count(app, goal_id) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(CheckIn.id)).where(CheckIn.goal_id == goal_id)
        )


def rendered_key(client, url: str) -> str:
    """The one-time key of the first form on the page at `url`."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_a_checkin_sent_again_at_once_is_saved_once_and_answered_alike(app, goal_world, workers):
    world, goal_id = goal_world
    clients = workers(*[world.person("owner")] * 3)
    url = f"/t/{world.slug}/goals/{goal_id}"
    for round_ in range(ROUNDS):
        key = rendered_key(clients[0], url)
        fields = {"status": "on_track", "confidence": "4", "happened": "Calls", "value": round_}
        data = {f"goal{goal_id}-{k}": str(v) for k, v in fields.items()} | {"idempotency_key": key}
        responses = together(
            *(posting(c, f"{url}/checkins", data=data, htmx=True) for c in clients)
        )
        assert statuses(responses) == [200] * 3
        assert len({r.get_data(as_text=True) for r in responses}) == 1  # the first answer
        assert checkin_count(app, goal_id) == round_ + 1


def test_a_retry_after_a_crash_before_the_answer_creates_nothing(app, goal_world, client_as):
    world, goal_id = goal_world
    owner = client_as(world.person("owner"))
    url = f"/t/{world.slug}/goals/{goal_id}"
    key = rendered_key(owner, url)
    with app.app_context():  # the check-in and its key committed, then the worker died
        db.session.add(IdempotencyKey(key=key, user_id=world.person("owner").id))
        db.session.commit()
    data = {f"goal{goal_id}-value": "3", f"goal{goal_id}-status": "on_track"} | {
        f"goal{goal_id}-confidence": "4",
        f"goal{goal_id}-happened": "Calls",
        "idempotency_key": key,
    }
    response = owner.post(f"{url}/checkins", data=data, htmx=True)
    assert response.status_code == 409
    assert "This was already saved" in response.headers["HX-Trigger"]
    assert checkin_count(app, goal_id) == 0
    # a new render has a new key: the same person checking in again is a new check-in
    data["idempotency_key"] = rendered_key(owner, url)
    assert owner.post(f"{url}/checkins", data=data, htmx=True).status_code == 200
    assert checkin_count(app, goal_id) == 1


def test_keys_older_than_a_day_are_pruned(app, goal_world, client_as):
    world, goal_id = goal_world
    owner = client_as(world.person("owner"))
    with app.app_context():
        db.session.add(
            IdempotencyKey(
                key="old", user_id=world.person("owner").id, created_at=utcnow() - timedelta(days=2)
            )
        )
        db.session.commit()
    url = f"/t/{world.slug}/goals/{goal_id}"
    data = {f"goal{goal_id}-{k}": v for k, v in {"value": "1", "status": "on_track"}.items()}
    data |= {f"goal{goal_id}-confidence": "4", f"goal{goal_id}-happened": "Calls"}
    data["idempotency_key"] = rendered_key(owner, url)
    assert owner.post(f"{url}/checkins", data=data, htmx=True).status_code == 200
    with app.app_context():
        keys = db.session.scalars(sa.select(IdempotencyKey.key)).all()
        assert keys == [data["idempotency_key"]]
