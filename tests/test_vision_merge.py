"""Rows and fields merge field by field (three-way: base, theirs, mine), for every row kind:
only a field both leaders changed differently is a conflict, and settling it writes that field."""

import pytest

from plplan.extensions import db
from plplan.models import Plan, PlanItem, User
from plplan.vision import merge, services
from plplan.vision.parts import ROW_KINDS, Spec
from tests import vision_world
from tests.vision_world import add_row, field, plan_url, save

world = vision_world.world
plan_id = vision_world.plan_id

BASE = {"title": "Fewer steps", "metric": "Time to pay", "rationale": "Every field costs"}


# -- the rule -------------------------------------------------------------------------------------


def test_a_field_only_one_side_changed_takes_that_side():
    theirs = {**BASE, "metric": "Checkout time"}
    mine = {**BASE, "rationale": "Each field loses shoppers"}
    result = merge.three_way(BASE, theirs, mine)
    assert result.conflicts == ()
    assert result.values == {
        "title": "Fewer steps",
        "metric": "Checkout time",
        "rationale": "Each field loses shoppers",
    }


def test_a_field_both_changed_the_same_way_is_no_conflict():
    both = {**BASE, "metric": "Checkout time"}
    assert merge.three_way(BASE, both, dict(both)) == merge.Merged(both, ())


def test_a_field_both_changed_differently_is_the_only_conflict():
    theirs = {**BASE, "metric": "Checkout time", "title": "One tap"}
    mine = {**BASE, "metric": "Taps to pay"}
    result = merge.three_way(BASE, theirs, mine)
    assert result.conflicts == ("metric",)
    assert result.values == theirs  # nothing of mine is taken while it is unsettled


@pytest.mark.parametrize(("prefer", "metric"), [("mine", "Taps to pay"), ("theirs", "Checkout")])
def test_a_preference_settles_only_the_conflicting_field(prefer, metric):
    theirs = {**BASE, "metric": "Checkout", "title": "One tap"}
    mine = {**BASE, "metric": "Taps to pay", "rationale": "Each field loses shoppers"}
    result = merge.three_way(BASE, theirs, mine, prefer)
    assert result.conflicts == ()
    assert result.values == {
        "title": "One tap",
        "metric": metric,
        "rationale": "Each field loses shoppers",
    }


def test_without_a_base_every_difference_counts_as_changed_by_both():
    result = merge.three_way(None, {"value": "Theirs"}, {"value": "Mine"})
    assert result.conflicts == ("value",)
    assert merge.three_way(None, {"value": "Same"}, {"value": "Same"}).conflicts == ()


# -- every row kind over HTTP ---------------------------------------------------------------------


def changed(spec: Spec, who: str) -> str:
    return spec.choices[-1][0] if spec.choices else f"{who}'s {spec.name}"


def start(kind) -> dict[str, str]:
    return {c.name: c.default if c.choices else f"first {c.name}" for c in kind.columns}


def post_row(client, world, plan_id, item_id, values, base, version, **extra):
    data = {**values, **{f"base__{k}": v for k, v in base.items()}, "version": str(version)}
    return client.post(
        plan_url(world, plan_id, f"/rows/{item_id}"), data={**data, **extra}, htmx=True
    )


def stored(app, item_id) -> dict:
    with app.app_context():
        return dict(db.session.get(PlanItem, item_id).values)


MULTI = [name for name, kind in ROW_KINDS.items() if len(kind.columns) > 1]


@pytest.mark.parametrize("kind_name", MULTI)
def test_two_leaders_changing_different_fields_of_a_row_both_keep_theirs(
    kind_name, client_as, world, app, plan_id
):
    kind = ROW_KINDS[kind_name]
    first, last = kind.columns[0], kind.columns[-1]
    base = start(kind)
    item_id = add_row(app, world, plan_id, kind_name, **base)
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))

    mine = {**base, first.name: changed(first, "leader")}
    assert post_row(leader, world, plan_id, item_id, mine, base, 1).status_code == 200
    theirs = {**base, last.name: changed(last, "coleader")}
    response = post_row(coleader, world, plan_id, item_id, theirs, base, 1)

    assert response.status_code == 200  # no conflict
    assert stored(app, item_id) == {
        **base,
        first.name: changed(first, "leader"),
        last.name: changed(last, "coleader"),
    }


@pytest.mark.parametrize("kind_name", list(ROW_KINDS))
def test_the_same_field_changed_twice_conflicts_and_keep_mine_writes_only_it(
    kind_name, client_as, world, app, plan_id
):
    kind = ROW_KINDS[kind_name]
    text = next(c for c in kind.columns if not c.choices)
    other = next((c for c in kind.columns if c.name != text.name), None)
    base = start(kind)
    item_id = add_row(app, world, plan_id, kind_name, **base)
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))

    theirs = {**base, text.name: "Leader's words"}
    if other:
        theirs[other.name] = changed(other, "leader")
    assert post_row(leader, world, plan_id, item_id, theirs, base, 1).status_code == 200
    mine = {**base, text.name: "Coleader's words"}
    conflict = post_row(coleader, world, plan_id, item_id, mine, base, 1)

    assert conflict.status_code == 409
    assert conflict.headers["HX-Retarget"] == f"#conflict-r-{item_id}"  # the editor stays
    body = conflict.get_data(as_text=True)
    assert "Leader saved this while you were editing." in body
    assert "Leader&#39;s words" in body and "Coleader&#39;s words" in body
    assert "<del>" in body and "<ins>" in body  # what differs is marked
    assert other is None or f">{other.label}</p>" not in body  # only the field both changed
    assert stored(app, item_id) == theirs

    mine_now = {**mine, text.name: "Coleader's words, typed on"}
    kept = post_row(
        coleader,
        world,
        plan_id,
        item_id,
        mine_now,
        base,
        2,
        choice="mine",
        **{f"mine__{k}": v for k, v in mine_now.items()},
    )
    assert kept.status_code == 200
    assert stored(app, item_id) == {**theirs, text.name: "Coleader's words, typed on"}


def test_a_field_merges_the_same_way(client_as, world, app, plan_id):
    leader, coleader = client_as(world.person("leader")), client_as(world.person("coleader"))
    save(leader, world, plan_id, "vision", "Pay in one tap.", 1, base__value="")
    # the coleader's editor started from "" and still holds it (a change event, no edit)
    untouched = save(coleader, world, plan_id, "vision", "", 1, base__value="")
    assert untouched.status_code == 200
    assert field(app, plan_id, "vision").value == "Pay in one tap."
    edited = save(coleader, world, plan_id, "vision", "Pay anywhere.", 1, base__value="")
    assert edited.status_code == 409
    assert edited.headers["HX-Retarget"] == "#conflict-f-vision"


def test_a_row_saved_meanwhile_is_merged_again_when_the_race_is_lost(
    client_as, world, app, plan_id
):
    """The write is conditional on the version read: a save between the read and the write
    makes it read and merge again instead of overwriting."""
    base = {"title": "Fewer steps", "rationale": "Every field costs", "metric": "Time"}
    item_id = add_row(app, world, plan_id, "pillar", **base)
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        item = db.session.get(PlanItem, item_id)
        coleader = db.session.get(User, world.person("coleader").id)
        # someone else's save lands after `item` was read, at the database only
        db.session.execute(
            PlanItem.__table__.update()
            .where(PlanItem.id == item_id)
            .values(version=2, values={**base, "metric": "Checkout time"})
        )
        assert item.version == 1  # the session still holds what it read
        mine = {**base, "rationale": "Each field loses shoppers"}
        assert services.save_item(plan, item, mine, 1, coleader, base) is None
        db.session.commit()
    assert stored(app, item_id) == {
        **base,
        "metric": "Checkout time",
        "rationale": "Each field loses shoppers",
    }
