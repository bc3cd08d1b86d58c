"""Who hears of an area's events, raised by the real services: a KPI entry off track, a
budget line over its threshold, an area left without an Accountable. The actor never hears;
who may not read the area's data never hears of it."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from plplan.areadata import budget, kpi_rules, kpis
from plplan.extensions import db
from plplan.models import (
    Area,
    AreaModule,
    Assignment,
    Channel,
    Kpi,
    Membership,
    Notification,
    OutboxMessage,
    Raci,
    Role,
    Team,
    TeamWebhook,
    User,
)
from plplan.responsibilities import services as responsibilities
from tests.areadata_world import add_line, half_year_start
from tests.responsibilities_world import BUDGET, with_default_areas

CAST = {
    "leader": Role.LEADER,
    "co_leader": Role.LEADER,
    "accountable": Role.MEMBER,
    "responsible": Role.MEMBER,
    "member": Role.MEMBER,
    "viewer": Role.VIEWER,
}


@pytest.fixture
def cast(app, make_team):
    """The cast; the Budget management area (its Accountable and Responsible) carries KPIs
    and a budget, hidden from viewers; one monthly KPI with a target of 100."""
    world = with_default_areas(app, make_team("Checkout", **CAST))
    with app.app_context():
        team = db.session.get(Team, world.id)
        team.fiscal_year_start = half_year_start()  # six months closed
        area = db.session.get(Area, world.area(BUDGET))
        for kind in ("kpis", "budget"):
            db.session.add(AreaModule(area_id=area.id, kind=kind))
        for key, role in (("accountable", Raci.ACCOUNTABLE), ("responsible", Raci.RESPONSIBLE)):
            db.session.add(
                Assignment(area_id=area.id, membership_id=world.membership_ids[key], role=role)
            )
        kpi = kpis.add_kpi(team, area, kpis.CATALOGUE_BY_KEY["pql"])
        last_month = kpi_rules.previous_period(
            kpi_rules.period_of(kpis.today(), kpi.cadence), kpi.cadence
        )
        kpis.set_target(team, area, kpi, last_month, Decimal(100))
        db.session.commit()
        world.last_month = last_month
    world.area_id = world.area(BUDGET)
    return world


def hearers(app, cast, kind: str, action) -> set[str]:
    """Run `action(user_of, team, area)` in one transaction; who got a `kind` item from it."""
    names = {person.id: key for key, person in cast.people.items()}
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0
        action(
            lambda key: db.session.get(User, cast.person(key).id),
            db.session.get(Team, cast.id),
            db.session.get(Area, cast.area_id),
        )
        db.session.commit()
        return {
            names[n.recipient_id]
            for n in db.session.scalars(
                sa.select(Notification).where(Notification.id > before, Notification.kind == kind)
            )
        }


def record(by: str, value: int):
    def action(user, team, area):
        kpi = db.session.get(Kpi, cast_kpi_id(area))
        entry = kpis.entry_of(kpi, last_period(kpi))
        version = entry.version if entry else 0
        kpis.record_entry(
            team, area, kpi, last_period(kpi), Decimal(value), None, version, user(by)
        )

    return action


def cast_kpi_id(area: Area) -> int:
    return db.session.scalar(sa.select(Kpi.id).where(Kpi.area_id == area.id))


def last_period(kpi: Kpi):
    return kpi_rules.previous_period(kpi_rules.period_of(kpis.today(), kpi.cadence), kpi.cadence)


def spend(by: str, amount: str):
    """Record `amount` as the actual of the line's first (closed) month."""

    def action(user, team, area):
        line = budget.load_budget(team, area).lines[0]
        month = budget.Year.of(team).months[0]
        name, cell = budget.cell_name(month, "actual"), line.cells[(month, "actual")]
        typed = {name: amount, f"version-{name}": str(cell.version), f"was-{name}": "?"}
        assert budget.save_amounts(team, area, line, typed, user(by)) == ({}, {})

    return action


def set_role(by: str, who: str, role: Raci | None, move: bool = False):
    def action(user, team, area):
        membership = db.session.scalar(
            sa.select(Membership).where(Membership.user_id == user(who).id)
        )
        responsibilities.set_cell(team, area, membership, role, user(by), move)

    return action


def show_to_viewers(app, cast, visible: bool) -> None:
    with app.app_context():
        db.session.execute(sa.update(AreaModule).values(visible_to_viewers=visible))
        db.session.commit()


@pytest.mark.parametrize(
    ("actor", "heard"),
    [
        ("responsible", {"leader", "co_leader", "accountable"}),
        ("accountable", {"leader", "co_leader", "responsible"}),
        ("leader", {"co_leader", "accountable", "responsible"}),
    ],
)
def test_a_kpi_entry_off_track_reaches_the_areas_a_and_r_and_the_leaders(app, cast, actor, heard):
    assert hearers(app, cast, "kpi_off_track", record(actor, 12)) == heard
    with app.app_context():
        item = db.session.scalar(
            sa.select(Notification).where(Notification.kind == "kpi_off_track")
        )
        assert item.summary == (
            f"{actor.capitalize()} recorded Product-qualified leads in {BUDGET} off track: 12 "
            f"for {kpi_rules.period_label(cast.last_month, 'monthly')}"
        )


def test_a_kpi_entry_on_track_or_still_off_track_reaches_nobody(app, cast):
    assert hearers(app, cast, "kpi_off_track", record("responsible", 120)) == set()
    assert hearers(app, cast, "kpi_off_track", record("responsible", 12)) != set()
    assert hearers(app, cast, "kpi_off_track", record("responsible", 10)) == set()


def test_a_viewer_hears_of_area_data_only_once_it_is_shown_to_viewers(app, cast):
    # a viewer still holding a cell of the area (set directly: viewers have no column)
    with app.app_context():
        db.session.add(
            Assignment(
                area_id=cast.area_id,
                membership_id=cast.membership_ids["viewer"],
                role=Raci.RESPONSIBLE,
            )
        )
        db.session.commit()
    assert "viewer" not in hearers(app, cast, "kpi_off_track", record("responsible", 12))
    show_to_viewers(app, cast, True)
    hearers(app, cast, "kpi_off_track", record("responsible", 120))  # back on track
    assert "viewer" in hearers(app, cast, "kpi_off_track", record("responsible", 11))


def test_a_budget_line_going_over_its_threshold_reaches_the_accountable_and_leaders(app, cast):
    add_line(app, cast, "Tooling", 100_00)
    assert hearers(app, cast, "budget_over_threshold", spend("responsible", "50")) == set()
    heard = hearers(app, cast, "budget_over_threshold", spend("responsible", "5000"))
    assert heard == {"leader", "co_leader", "accountable"}
    # still over after another save: nobody hears again
    assert hearers(app, cast, "budget_over_threshold", spend("responsible", "6000")) == set()
    with app.app_context():
        item = db.session.scalar(
            sa.select(Notification).where(Notification.kind == "budget_over_threshold")
        )
        assert item.summary.startswith(f"Tooling in {BUDGET} is now over its threshold: ")
        assert item.link_args["line_id"] and item.endpoint == "areadata.budget_line"


def test_the_accountable_over_the_threshold_themself_does_not_hear(app, cast):
    add_line(app, cast, "Tooling", 100_00)
    assert hearers(app, cast, "budget_over_threshold", spend("accountable", "5000")) == {
        "leader",
        "co_leader",
    }


def test_an_area_left_without_an_accountable_reaches_the_leaders_and_chat(app, cast):
    with app.app_context():
        db.session.add(
            TeamWebhook(
                team_id=cast.id, url="https://93.184.215.14/x", kinds=["area_without_accountable"]
            )
        )
        db.session.commit()
    heard = hearers(
        app, cast, "area_without_accountable", set_role("leader", "accountable", Raci.RESPONSIBLE)
    )
    assert heard == {"co_leader"}
    with app.app_context():
        [row] = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.channel == Channel.WEBHOOK)
        ).all()
        assert row.payload["text"].startswith(
            f"Area without an Accountable · Checkout: {BUDGET} has no Accountable since Leader "
            "changed Accountable's role"
        )


def test_moving_or_giving_accountability_tells_nobody_the_area_lacks_one(app, cast):
    move = set_role("co_leader", "responsible", Raci.ACCOUNTABLE, True)
    assert hearers(app, cast, "area_without_accountable", move) == set()
    others = set_role("leader", "member", Raci.RESPONSIBLE)
    assert hearers(app, cast, "area_without_accountable", others) == set()
    cleared = set_role("responsible", "responsible", None)
    assert hearers(app, cast, "area_without_accountable", cleared) == {"leader", "co_leader"}
