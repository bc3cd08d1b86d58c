"""The budget of an area over HTTP: who may edit, bad input, concurrent saves, history, CSV."""

import html
import io
import re

import pytest
import sqlalchemy as sa

from plplan.areadata import budget
from plplan.extensions import db
from plplan.models import AreaDataChange, BudgetAmount, BudgetLine, Team
from tests import areadata_world
from tests.areadata_world import add_line, line_names
from tests.races import posting, statuses, together
from tests.responsibilities_world import text

budget_world = areadata_world.budget_world  # the fixture


def base(world) -> str:
    return f"/t/{world.slug}/responsibilities/areas/{world.area_id}/budget"


def area_page(world) -> str:
    return f"/t/{world.slug}/responsibilities/areas/{world.area_id}"


def months(app, world) -> list[str]:
    with app.app_context():
        return [f"{m:%Y-%m}" for m in budget.Year.of(db.session.get(Team, world.id)).months]


def amounts(app, line_id: int, kind: str) -> list[int | None]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(BudgetAmount.amount)
                .where(BudgetAmount.line_id == line_id, BudgetAmount.kind == kind)
                .order_by(BudgetAmount.month)
            )
        )


NEW_LINE = {"name": "Cloud hosting", "category": "Tools", "amount": "1,000", "per": "month"}


@pytest.mark.parametrize("who, status", [("holder", 303), ("leader", 303), ("member", 403)])
def test_the_areas_responsible_and_leaders_add_lines_other_members_may_not(
    budget_world,
    client_as,
    app,
    who,
    status,
):
    response = client_as(budget_world.person(who)).post(
        base(budget_world) + "/lines", data=NEW_LINE
    )
    assert response.status_code == status
    assert line_names(app) == (["Cloud hosting"] if status == 303 else [])


def test_members_read_viewers_only_once_a_leader_shows_it_non_members_never(
    budget_world,
    client_as,
    app,
):
    add_line(app, budget_world, "Cloud hosting", 100000)
    member = client_as(budget_world.person("member"))
    assert "Cloud hosting" in text(member.get(area_page(budget_world)))
    assert "Add a budget line" not in text(member.get(area_page(budget_world)))
    viewer = client_as(budget_world.person("viewer"))
    assert "Cloud hosting" not in text(viewer.get(area_page(budget_world)))
    assert viewer.get(base(budget_world) + ".csv").status_code == 404
    outsider = client_as(budget_world.person("outsider"))
    assert outsider.get(base(budget_world) + ".csv").status_code == 404
    leader = client_as(budget_world.person("leader"))
    shown = leader.post(f"{area_page(budget_world)}/modules", data={"modules-budget": "everyone"})
    assert shown.status_code == 303
    assert "Cloud hosting" in text(viewer.get(area_page(budget_world)))
    assert viewer.get(base(budget_world) + ".csv").status_code == 200
    assert viewer.post(base(budget_world) + "/lines", data=NEW_LINE).status_code == 403


def test_switching_the_budget_off_hides_it_and_keeps_its_lines(budget_world, client_as, app):
    add_line(app, budget_world, "Cloud hosting", 100000)
    leader = client_as(budget_world.person("leader"))
    leader.post(f"{area_page(budget_world)}/modules", data={"modules-budget": "off"})
    assert "Cloud hosting" not in text(leader.get(area_page(budget_world)))
    assert leader.get(base(budget_world) + ".csv").status_code == 404
    leader.post(f"{area_page(budget_world)}/modules", data={"modules-budget": "members"})
    assert "Cloud hosting" in text(leader.get(area_page(budget_world)))


def test_a_bad_amount_gets_its_message_beside_the_field_and_keeps_what_was_typed(
    budget_world,
    client_as,
    app,
):
    client = client_as(budget_world.person("holder"))
    response = client.post(base(budget_world) + "/lines", data={**NEW_LINE, "amount": "1.234,56"})
    assert response.status_code == 422
    page = text(response)
    assert re.search(r'id="amount"[^>]*value="1.234,56"', page)
    assert 'id="amount-error">Write “1.234,56” with a dot for decimals' in page
    line_id = add_line(app, budget_world, "Cloud hosting", 100000)
    month = months(app, budget_world)[0]
    response = client.post(
        f"{base(budget_world)}/lines/{line_id}",
        data={
            f"planned-{month}": "-20",
            f"was-planned-{month}": "1,000.00",
            f"version-planned-{month}": "1",
            f"actual-{month}": "950",
            f"was-actual-{month}": "",
            f"version-actual-{month}": "1",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert f'id="planned-{month}-error">An amount cannot be negative.' in page
    assert re.search(rf'id="planned-{month}"[^>]*value="-20"', page)
    assert re.search(rf'id="actual-{month}"[^>]*value="950"', page)
    assert amounts(app, line_id, "actual")[0] is None  # nothing saved


def _save(client, world, line_id, month, typed, was, version):
    return client.post(
        f"{base(world)}/lines/{line_id}",
        data={
            f"actual-{month}": typed,
            f"was-actual-{month}": was,
            f"version-actual-{month}": str(version),
        },
    )


def test_two_people_saving_one_amount_never_silently_lose_one(budget_world, client_as, app):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000)
    month = months(app, budget_world)[0]
    holder = client_as(budget_world.person("holder"))
    leader = client_as(budget_world.person("leader"))
    assert _save(holder, budget_world, line_id, month, "1,100", "", 1).status_code == 303
    late = _save(leader, budget_world, line_id, month, "1,250", "", 1)  # opened before
    assert late.status_code == 409
    page = text(late)
    assert "Holder saved €1,100.00 meanwhile" in page
    assert re.search(rf'id="actual-{month}"[^>]*value="1,250"', page)
    assert amounts(app, line_id, "actual")[0] == 110000
    # the re-rendered form carries the new version: saving again is a deliberate overwrite
    version = re.search(rf'name="version-actual-{month}" value="(\d+)"', page).group(1)
    assert (
        _save(leader, budget_world, line_id, month, "1,250", "1,100.00", version).status_code == 303
    )
    assert amounts(app, line_id, "actual")[0] == 125000


def test_every_amount_change_is_in_the_history_and_the_feed(budget_world, client_as, app):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000)
    month = months(app, budget_world)[0]
    holder = client_as(budget_world.person("holder"))
    _save(holder, budget_world, line_id, month, "1,100", "", 1)
    _save(holder, budget_world, line_id, month, "1,150.5", "1,100.00", 2)
    with app.app_context():
        rows = db.session.execute(
            sa.select(AreaDataChange.old, AreaDataChange.new).where(
                AreaDataChange.object_type == "amount"
            )
        ).all()
        assert rows == [(None, "€1,100.00"), ("€1,100.00", "€1,150.50")]
    page = text(holder.get(f"{base(budget_world)}/lines/{line_id}"))
    assert "Holder changed" in page and "from €1,100.00 to €1,150.50" in page
    home = text(client_as(budget_world.person("member")).get(f"/t/{budget_world.slug}/"))
    assert "updated the budget of Budget management" in home


def test_a_line_over_the_threshold_asks_for_an_explanation_and_shows_it(
    budget_world,
    client_as,
    app,
):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000, actuals=[150000] * 6)
    holder = client_as(budget_world.person("holder"))
    page = text(holder.get(area_page(budget_world)))
    assert (
        "Cloud hosting is projected +25.0% off plan (threshold 10%): it needs an explanation"
        in page
    )
    response = holder.post(
        f"{base(budget_world)}/lines/{line_id}/explanation",
        data={"driver": "Traffic doubled after launch", "action": "Reserved instances"},
    )
    assert response.status_code == 303
    page = text(holder.get(area_page(budget_world)))
    assert (
        "<strong>Why:</strong> Traffic doubled after launch · <strong>Action:</strong> "
        "Reserved instances" in page
    )


def test_an_explanation_sent_back_keeps_what_was_typed_with_the_message_by_its_field(
    budget_world, client_as, app
):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000, actuals=[150000] * 6)
    holder = client_as(budget_world.person("holder"))
    url = f"{base(budget_world)}/lines/{line_id}/explanation"
    typed = {"driver": "  ", "action": "Reserved instances <for a year>"}
    for headers in ({}, {"HX-Request": "true"}):
        response = holder.post(url, data=typed, headers=headers)
        assert response.status_code == 422
        page = text(response)
        assert ("<html" in page) == (not headers)  # htmx gets the explanation section alone
        assert '<section id="explain"' in page
        assert '<li><a href="#driver">Say what drives it.</a></li>' in page  # the summary
        assert 'id="driver-error">Say what drives it.' in page
        assert re.search(r'<textarea(?=[^>]*id="driver")[^>]*aria-invalid="true"', page)
        assert re.search(
            r'<textarea[^>]*id="action"[^>]*>\s*Reserved instances &lt;for a year&gt;</textarea>',
            page,
        )
    too_long = {"driver": "Traffic " * 70, "action": ""}
    page = text(holder.post(url, data=too_long, headers={"HX-Request": "true"}))
    assert "Traffic Traffic" in page and 'id="driver-error"' in page
    with app.app_context():
        assert db.session.get(BudgetLine, line_id).driver == ""  # nothing saved
    saved = holder.post(url, data={"driver": "Traffic doubled", "action": ""}, headers=headers)
    assert saved.status_code == 204 and saved.headers["HX-Redirect"].endswith("#budget")


def test_the_grid_flags_an_area_over_budget_for_those_who_may_see_it(budget_world, client_as, app):
    grid = f"/t/{budget_world.slug}/responsibilities/"
    line_id = add_line(app, budget_world, "Cloud hosting", 100000, actuals=[100000] * 6)
    member = client_as(budget_world.person("member"))
    assert "over budget" not in text(member.get(grid))
    with app.app_context():
        cell = db.session.scalar(
            sa.select(BudgetAmount)
            .where(BudgetAmount.line_id == line_id, BudgetAmount.kind == "actual")
            .order_by(BudgetAmount.month)
        )
        cell.amount = 100001
        db.session.commit()
    assert re.search(
        r"Budget management</a> <span class=\"flag signal-budget\">over budget",
        text(member.get(grid)),
    )
    assert "over budget" not in text(client_as(budget_world.person("viewer")).get(grid))


# -- CSV ---------------------------------------------------------------------------------------


def _upload(client, world, body: str):
    return client.post(
        base(world) + "/upload",
        data={"file": (io.BytesIO(body.encode()), "budget.csv")},
        content_type="multipart/form-data",
    )


def _confirm(client, world, preview):
    """Send the preview's confirmation, as its button does."""
    page = preview.get_data(as_text=True)
    kept = re.search(r'<textarea name="csv_text"[^>]*>(.*?)</textarea>', page, re.S)
    versions = re.search(r'name="versions" type="hidden" value="([^"]*)"', page)
    data = {"csv_text": html.unescape(kept.group(1)), "versions": versions.group(1)}
    return client.post(base(world) + "/upload/confirm", data=data)


def test_csv_round_trip_gives_the_same_numbers(budget_world, client_as, app):
    first = add_line(app, budget_world, "Cloud hosting", 123456, actuals=[120000, 130001])
    second = add_line(app, budget_world, "=Events", 1000001, per="quarter")
    client = client_as(budget_world.person("holder"))
    downloaded = client.get(base(budget_world) + ".csv").get_data(as_text=True)
    assert "'=Events" in downloaded  # no formula for spreadsheets
    preview = _upload(client, budget_world, downloaded)
    assert preview.status_code == 200 and "0 amounts will change" in text(preview)
    before = {(i, k): amounts(app, i, k) for i in (first, second) for k in ("planned", "actual")}
    edited = downloaded.replace("1234.56", "1300.00", 1)
    preview = _upload(client, budget_world, edited)
    assert "1 amount will change" in text(preview)
    assert amounts(app, first, "planned")[0] == 123456  # not saved by the preview
    saved = _confirm(client, budget_world, preview)
    assert saved.status_code == 303
    assert amounts(app, first, "planned") == [130000] + [123456] * 11
    assert amounts(app, first, "actual") == before[(first, "actual")]
    assert amounts(app, second, "planned") == before[(second, "planned")]
    assert client.get(base(budget_world) + ".csv").get_data(as_text=True) == edited


def test_an_upload_with_a_bad_row_names_row_and_column_and_saves_nothing(
    budget_world,
    client_as,
    app,
):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000)
    client = client_as(budget_world.person("holder"))
    downloaded = client.get(base(budget_world) + ".csv").get_data(as_text=True)
    month = months(app, budget_world)[2]
    rows = downloaded.splitlines()
    cells = rows[2].split(",")
    cells[5] = '"1.234,56"'
    cells[3] = "900"
    bad = "\n".join([rows[0], rows[1], ",".join(cells), "Travel,Tools,Planned,5"])
    response = _upload(client, budget_world, bad)
    assert response.status_code == 422
    page = text(response)
    assert f"Row 3, column {month}: Write “1.234,56” with a dot for decimals" in page
    assert "Row 4, column Line: no budget line called “Travel”." in page
    assert "Save these amounts" not in page
    assert amounts(app, line_id, "actual")[0] is None


def test_an_amount_changed_since_the_preview_is_not_overwritten(budget_world, client_as, app):
    line_id = add_line(app, budget_world, "Cloud hosting", 100000)
    client = client_as(budget_world.person("holder"))
    downloaded = client.get(base(budget_world) + ".csv").get_data(as_text=True)
    preview = _upload(client, budget_world, downloaded.replace("1000.00", "1300.00", 1))
    assert "1 amount will change" in text(preview)
    with app.app_context():  # meanwhile the leader saves that month's plan from the line page
        first = min(db.session.scalars(sa.select(BudgetAmount.month)))
        db.session.execute(
            sa.update(BudgetAmount)
            .where(BudgetAmount.line_id == line_id, BudgetAmount.month == first)
            .where(BudgetAmount.kind == "planned")
            .values(amount=110000, version=BudgetAmount.version + 1)
        )
        db.session.commit()

    again = _confirm(client, budget_world, preview)
    assert again.status_code == 409
    assert "Nothing was saved: since your preview, someone changed Cloud hosting · planned" in text(
        again
    )
    assert amounts(app, line_id, "planned")[0] == 110000  # the leader's amount stands
    assert "€1,100.00" in text(again)  # the preview now shows it as the amount the file replaces

    assert _confirm(client, budget_world, again).status_code == 303  # seen, and chosen
    assert amounts(app, line_id, "planned")[0] == 130000


# -- a new fiscal year ---------------------------------------------------------------------------


def _last_years_line(app, world, name: str, monthly: int) -> None:
    """Move a line (and its months) a year back, as if the fiscal year had just turned."""
    line_id = add_line(app, world, name, monthly)
    with app.app_context():
        line = db.session.get(BudgetLine, line_id)
        line.fiscal_year -= 1
        for cell in db.session.scalars(
            sa.select(BudgetAmount).where(BudgetAmount.line_id == line_id)
        ):
            cell.month = cell.month.replace(year=cell.month.year - 1)
        db.session.commit()


def test_a_new_fiscal_year_starts_from_last_years_lines_once(budget_world, client_as, app, workers):
    _last_years_line(app, budget_world, "Cloud hosting", 420000)
    _last_years_line(app, budget_world, "User research", 150000)
    holder = client_as(budget_world.person("holder"))
    page = text(holder.get(area_page(budget_world)))
    assert "No budget lines for this fiscal year yet." in page
    assert "Start this year from last year's 2 lines" in page
    assert "Start this year" not in text(
        client_as(budget_world.person("member")).get(area_page(budget_world))
    )

    clients = workers(budget_world.person("holder"), budget_world.person("leader"))
    responses = together(*(posting(c, base(budget_world) + "/carry-forward") for c in clients))
    assert statuses(responses) == [303, 303]
    with app.app_context():
        year = budget.Year.of(db.session.get(Team, budget_world.id)).fiscal_year
        names = db.session.scalars(
            sa.select(BudgetLine.name)
            .where(BudgetLine.fiscal_year == year)
            .order_by(BudgetLine.name)
        )
        assert list(names) == ["Cloud hosting", "User research"]  # carried once, not twice
    page = text(holder.get(area_page(budget_world)))
    assert "Start this year" not in page and "Cloud hosting" in page
    assert "€50,400.00" in page  # last year's plan for the year, month by month
