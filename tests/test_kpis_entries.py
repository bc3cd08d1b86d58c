"""Recording KPI values: who may, one entry per period, bad input, conflicts, history, the
grid's signal, the live value on the plan's pages, and query counts flat in KPIs x entries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from plplan.areadata import kpi_rules, kpis
from plplan.extensions import db
from plplan.models import (
    Activity,
    AreaDataChange,
    AreaModule,
    Assignment,
    Kpi,
    KpiEntry,
    KpiTarget,
    Team,
    User,
)
from plplan.vision import services as vision_services
from tests.kpis_world import kpi_world


@pytest.fixture
def gtm(team, app):
    """The Go-to-market area with monthly PQLs; the member is its Responsible."""
    with app.app_context():
        ids = kpi_world(team.id, responsible=team.membership_ids["member"])
    base = f"/t/{team.slug}/responsibilities/areas/{ids['kpi_area_id']}"
    return team, ids, base


def _record(client, gtm, value, version=0, **extra):
    team, ids, base = gtm
    data = {"period": ids["kpi_period"], "value": value, "version": str(version), **extra}
    return client.post(f"{base}/kpis/{ids['kpi_id']}/entries", data=data, htmx=True)


def _entries(app, kpi_id):
    with app.app_context():
        return db.session.execute(
            sa.select(KpiEntry.value, KpiEntry.note, KpiEntry.version).where(
                KpiEntry.kpi_id == kpi_id
            )
        ).all()


def test_the_areas_responsible_records_this_period_then_updates_it(gtm, client_as, app):
    team, ids, base = gtm
    client = client_as(team.person("member"))
    page = client.get(base).get_data(as_text=True)
    assert "Product-qualified leads" in page and 'name="value"' in page

    first = _record(client, gtm, "120")
    assert first.status_code == 200
    assert 'value="120"' in first.get_data(as_text=True)
    again = _record(client, gtm, "135", version=1)
    assert again.status_code == 200
    assert _entries(app, ids["kpi_id"]) == [(Decimal(135), "", 2)]  # updated, never twice
    with app.app_context():
        changes = db.session.execute(
            sa.select(AreaDataChange.old, AreaDataChange.new)
            .where(AreaDataChange.object_type == "kpi_entry")
            .order_by(AreaDataChange.id)
        ).all()
        assert changes == [(None, "120"), ("120", "135")]
        feed = db.session.scalars(sa.select(Activity.summary)).all()
        assert any("recorded Product-qualified leads" in s for s in feed)


def test_another_member_and_a_viewer_may_not_record(gtm, client_as, app, make_user):
    team, ids, base = gtm
    assert _record(client_as(team.person("viewer")), gtm, "1").status_code == 403
    with app.app_context():
        db.session.execute(sa.delete(Assignment))
        db.session.commit()
    assert _record(client_as(team.person("member")), gtm, "1").status_code == 403
    assert _entries(app, ids["kpi_id"]) == []


def test_viewers_see_kpis_only_where_made_visible(gtm, client_as, app):
    team, ids, base = gtm
    viewer = client_as(team.person("viewer"))
    assert "Product-qualified leads" in viewer.get(base).get_data(as_text=True)
    with app.app_context():
        db.session.execute(sa.update(AreaModule).values(visible_to_viewers=False))
        db.session.commit()
    assert "Product-qualified leads" not in viewer.get(base).get_data(as_text=True)
    assert viewer.get(f"{base}/kpis/{ids['kpi_id']}").status_code == 404
    member = client_as(team.person("member"))
    assert member.get(f"{base}/kpis/{ids['kpi_id']}").status_code == 200


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("twelve", "Enter a number"),
        ("12,5", "Use a point for decimals"),
        ("Infinity", "Enter a finite number."),
        ("99999999999999", "beyond what this KPI can be"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_with_the_typed_text_kept(
    gtm, client_as, app, typed, message
):
    team, ids, _ = gtm
    response = _record(client_as(team.person("member")), gtm, typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and f'value="{typed}"' in body and 'aria-invalid="true"' in body
    assert _entries(app, ids["kpi_id"]) == []


def test_two_people_saving_the_same_period_never_silently_lose_one(gtm, client_as, app):
    team, ids, _ = gtm
    leader, member = client_as(team.person("leader")), client_as(team.person("member"))
    assert _record(leader, gtm, "100").status_code == 200  # both read the period empty
    late = _record(member, gtm, "90")
    body = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Someone saved 100" in body and 'value="90"' in body
    assert _entries(app, ids["kpi_id"]) == [(Decimal(100), "", 1)]
    # the answer carries the version it saw: saving again replaces theirs, knowingly
    assert 'name="version" value="1"' in body
    assert _record(member, gtm, "90", version=1).status_code == 200
    assert _entries(app, ids["kpi_id"]) == [(Decimal(90), "", 2)]


def test_an_entry_for_a_future_or_misaligned_period_is_refused(gtm, client_as):
    team, ids, base = gtm
    client = client_as(team.person("member"))
    period = kpi_rules.next_period(date.fromisoformat(ids["kpi_period"]), "monthly")
    url = f"{base}/kpis/{ids['kpi_id']}/entries"
    for day in (period.isoformat(), ids["kpi_period"][:-2] + "15"):
        data = {"period": day, "value": "1", "version": "0"}
        assert client.post(url, data=data, htmx=True).status_code == 400


def _off_track(app, ids, area_id=None):
    """A target of 100 a month and last month at 40: off track."""
    with app.app_context():
        kpi = db.session.get(Kpi, ids["kpi_id"])
        this = date.fromisoformat(ids["kpi_period"])
        last = kpi_rules.previous_period(this, "monthly")
        kpi.created_at = kpi.created_at - timedelta(days=70)
        db.session.add(KpiTarget(kpi_id=kpi.id, starts=last, value=Decimal(100)))
        db.session.add(KpiEntry(kpi_id=kpi.id, period=last, value=Decimal(40)))
        db.session.commit()


def test_the_grid_signals_a_kpi_off_track(gtm, client_as, app):
    team, ids, _ = gtm
    _off_track(app, ids)
    grid = client_as(team.person("member")).get(f"/t/{team.slug}/responsibilities/")
    assert "KPI off track" in grid.get_data(as_text=True)


def test_the_plan_shows_the_live_value_beside_its_goal(gtm, client_as, app):
    team, ids, _ = gtm
    _off_track(app, ids)
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = vision_services.create_plan(db.session.get(Team, team.id), "Plan", leader)
        vision_services.make_current(plan, leader)
        goal = vision_services.add_item(plan, "business_goal", {"text": "Grow PLG"}, leader)
        db.session.flush()
        db.session.get(Kpi, ids["kpi_id"]).plan_item_id = goal.id
        vision_services.publish(plan, leader)
        db.session.commit()
        plan_id = plan.id
    for who in ("member", "viewer"):
        page = client_as(team.person(who)).get(f"/t/{team.slug}/plans/{plan_id}")
        body = page.get_data(as_text=True)
        assert (
            "Grow PLG:" in body
            and "Product-qualified leads</strong> 40 (target at least 100)" in body
        )
        assert "Off track" in body


def _grow(app, ids, kpi_count: int, entries: int):
    with app.app_context():
        kpi = db.session.get(Kpi, ids["kpi_id"])
        area_id = kpi.area_id
        this = date.fromisoformat(ids["kpi_period"])
        for k in range(kpi_count):
            extra = Kpi(area_id=area_id, name=f"KPI {k}", unit="count", cadence="monthly")
            db.session.add(extra)
            db.session.flush()
            db.session.add(
                KpiTarget(
                    kpi_id=extra.id, starts=this.replace(year=this.year - 3), value=Decimal(10)
                )
            )
            period = this
            for _ in range(entries):
                db.session.add(KpiEntry(kpi_id=extra.id, period=period, value=Decimal(7)))
                period = kpi_rules.previous_period(period, "monthly")
        db.session.commit()


AREA_PAGE_QUERIES = 11  # the area page reads only its own row of the map


def test_area_page_queries_are_pinned_and_flat_in_kpis_by_entries(
    gtm, client_as, app, count_queries
):
    team, ids, base = gtm
    client = client_as(team.person("member"))
    counts = []
    for kpi_count, entries in [(1, 2), (6, 24)]:
        _grow(app, ids, kpi_count, entries)
        client.get(base)
        with count_queries() as statements:
            assert client.get(base).status_code == 200
        counts.append(len(statements))
    assert counts == [AREA_PAGE_QUERIES, AREA_PAGE_QUERIES]


def test_the_demo_has_go_to_market_kpis_one_off_track_one_stale(app):
    from plplan.demo import load_demo

    with app.app_context():
        team = load_demo()
        db.session.commit()
        area = db.session.scalar(sa.select(AreaModule.area_id).where(AreaModule.kind == "kpis"))
        rows = kpis._rows(team, kpis._kpis([area]), None, kpis.today())
        states = {row.kpi.name: row.reading.label for row in rows}
        assert states["PQL → paid conversion"] == "Off track"
        assert states["Logo churn"] == "Stale"
        assert states["Product-qualified leads"] == "On track"
        assert all(len(row.entries) >= 6 for row in rows if row.kpi.cadence == "monthly")
        assert kpis.signals(team, [area]) == {area: "KPI off track"}
