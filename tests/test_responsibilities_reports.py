"""The load threshold, my responsibilities and the CSV export of the responsibility map."""

import csv
import io

from plplan.extensions import db
from plplan.models import Area, User
from tests import responsibilities_world
from tests.responsibilities_world import BUDGET, set_cells, text

mapped = responsibilities_world.mapped


# -- threshold, my responsibilities, export -------------------------------------------------


def test_load_threshold_is_a_leader_setting_with_a_clear_error(mapped, client_as, app):
    client = client_as(mapped.person("leader"))
    path = f"/t/{mapped.slug}/responsibilities/settings"
    bad = client.post(path, data={"load_threshold": "0"})
    assert bad.status_code == 422
    assert "Give a whole number from 1 to 50." in text(bad) and 'value="0"' in text(bad)
    set_cells(app, (mapped.area(BUDGET), mapped.membership_ids["member"], "A"))
    assert client.post(path, data={"load_threshold": "1"}).status_code == 303
    grid = text(client.get(f"/t/{mapped.slug}/responsibilities/"))
    assert "Overloaded (load above 1):</strong> Member (2)" in grid
    assert 'class="load over"> 2 <span class="flag">overloaded</span>' in grid


def test_my_responsibilities_lists_a_and_r_with_the_duties(mapped, client_as, app):
    member_id = mapped.membership_ids["member"]
    set_cells(
        app,
        (mapped.area(BUDGET), member_id, "R"),
        (mapped.area("Project management"), member_id, "A"),
        (mapped.area("Product processes"), member_id, "C"),
    )
    client = client_as(mapped.person("member"))
    page = text(client.get(f"/t/{mapped.slug}/responsibilities/mine"))
    assert page.index("Project management") < page.index(BUDGET)  # A first
    # issue 11: Consulted and Informed areas are listed too, after A and R, under their role
    consulted = page.split('id="role-C-h">Consulted')[1]
    assert "Product processes" in consulted and BUDGET not in consulted
    assert "Delivery tracking" in page  # a duty of project management
    home = text(client.get(f"/t/{mapped.slug}/"))
    assert 'id="my-resp-h">My responsibilities' in home and "Spend tracking" in home


def test_csv_export_has_a_row_per_area_and_a_column_per_person(mapped, client_as, app):
    set_cells(app, (mapped.area(BUDGET), mapped.membership_ids["member"], "A"))
    with app.app_context():
        db.session.get(User, mapped.person("leader").id).display_name = "=HYPERLINK(1)"
        db.session.get(User, mapped.person("member").id).display_name = "Tomás Ortega"
        db.session.commit()
    response = client_as(mapped.person("viewer")).get(
        f"/t/{mapped.slug}/responsibilities/export.csv"
    )
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="checkout-responsibilities.csv"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbfArea,")  # the BOM by which Excel reads it as UTF-8
    assert "Tomás Ortega".encode() in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Area", "'=HYPERLINK(1)", "Tomás Ortega", "Rules"]
    assert rows[3] == [BUDGET, "", "A", "No Responsible"]
    assert rows[-1] == ["Load", "0", "2", ""]
    assert len(rows) == 1 + 6 + 1


def test_csv_export_neutralises_every_formula_start_in_names(mapped, client_as, app):
    with app.app_context():
        db.session.get(User, mapped.person("leader").id).display_name = "\t=1+1"
        db.session.get(User, mapped.person("member").id).display_name = "\r=2+2"
        db.session.get(Area, mapped.area(BUDGET)).name = "@SUM(1)"
        db.session.commit()
    response = client_as(mapped.person("viewer")).get(
        f"/t/{mapped.slug}/responsibilities/export.csv"
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Area", "'\t=1+1", "'\r=2+2", "Rules"]
    assert rows[3][0] == "'@SUM(1)"
