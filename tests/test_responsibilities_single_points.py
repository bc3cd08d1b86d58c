"""Single points of failure per area, the current member's column, and roles grouped A, R, C, I."""

from plplan.models import Raci
from plplan.responsibilities.rules import Hinge, RaciMap
from tests import responsibilities_world
from tests.responsibilities_world import BUDGET, post_cell, set_cells, text

mapped = responsibilities_world.mapped
A, R, C, INFORMED = Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED


def raci(cells: dict, areas=(1, 2, 3), people=(10, 20, 30)) -> RaciMap:
    return RaciMap(list(areas), list(people), cells, threshold=3)


# -- the rule, on plain ids -------------------------------------------------------------------


def test_an_area_with_one_responsible_rests_on_that_person():
    m = raci({(1, 10): A, (1, 20): R, (2, 10): R, (2, 30): R, (3, 30): A})
    assert m.resting_on_one() == {1: 20}  # area 2 has two doers, area 3 none


def test_a_person_who_is_accountable_and_the_only_doer_of_the_same_area_rests_it_on_them():
    m = raci({(1, 10): A, (2, 10): R, (2, 20): A})
    assert m.resting_on_one() == {2: 10}


def test_c_and_i_do_not_count_as_doers():
    m = raci({(1, 10): R, (1, 20): C, (1, 30): INFORMED})
    assert m.resting_on_one() == {1: 10}


def test_one_area_resting_on_a_person_is_flagged_but_the_person_is_not_a_single_point():
    m = raci({(1, 10): R, (1, 20): A})
    assert m.resting_on_one() == {1: 10}
    assert m.single_points_of_failure() == {}


def test_both_sizes_are_flagged_together():
    m = raci({(1, 10): R, (1, 20): A, (2, 10): R, (2, 30): A})
    assert m.resting_on_one() == {1: 10, 2: 10}
    assert m.single_points_of_failure() == {10: Hinge((), (1, 2))}


# -- grid, area page, summary --------------------------------------------------------------------


def test_grid_row_area_page_and_summary_flag_an_area_resting_on_one(mapped, client_as, app):
    budget, processes = mapped.area(BUDGET), mapped.area("Product processes")
    leader, member = mapped.membership_ids["leader"], mapped.membership_ids["member"]
    set_cells(
        app,
        (budget, leader, "A"),
        (budget, member, "R"),
        (processes, leader, "R"),
        (processes, member, "R"),
    )
    client = client_as(mapped.person("viewer"))
    grid = text(client.get(f"/t/{mapped.slug}/responsibilities/"))
    row = grid.split(f'id="row-status-{budget}"')[1].split("</td>")[0]
    assert "OK" in row and "rests on Member alone" in row
    assert "alone" not in grid.split(f'id="row-status-{processes}"')[1].split("</td>")[0]
    summary = " ".join(grid.split('id="resting-on-one"')[1].split("</li>")[0].split())
    assert summary.endswith("1 area rests on one Responsible:</strong> Budget management (Member)")
    assert "No single points of failure." in grid  # one area on Member: not yet a person-level one

    area = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{budget}"))
    assert "the area rests on Member alone, its only Responsible" in " ".join(area.split())
    other = text(client.get(f"/t/{mapped.slug}/responsibilities/areas/{processes}"))
    assert 'id="rests-on-one"' not in other


def test_a_second_responsible_clears_the_flag_in_the_cell_answer(mapped, client_as, app):
    budget = mapped.area(BUDGET)
    set_cells(app, (budget, mapped.membership_ids["leader"], "A"))
    client = client_as(mapped.person("leader"))
    first = text(post_cell(client, mapped, budget, "member", "R", htmx=True))
    assert "rests on Member alone" in first
    assert "1 area rests on one Responsible" in first
    second = text(post_cell(client, mapped, budget, "leader", "R", htmx=True))
    assert "alone" not in second.split(f'id="row-status-{budget}"')[1].split("</td>")[0]


# -- your column ---------------------------------------------------------------------------------


def test_the_members_body_cells_and_load_are_marked_as_theirs_and_no_one_elses(mapped, client_as):
    budget = mapped.area(BUDGET)
    member = mapped.membership_ids["member"]
    page = text(client_as(mapped.person("member")).get(f"/t/{mapped.slug}/responsibilities/"))
    row = page.split(f'<tr id="area-{budget}"')[1].split("</tr>")[0]
    theirs, mine = row.split("</th>")[1].split("</td>")[:2]  # columns by name: Leader, Member
    assert "mine" in mine and "mine" not in theirs
    assert "mine" in page.split(f'id="load-{member}"')[1].split(">")[0]


# -- my responsibilities -------------------------------------------------------------------------


def test_my_responsibilities_groups_every_role_in_the_order_a_r_c_i(mapped, client_as, app):
    member = mapped.membership_ids["member"]
    set_cells(
        app,
        (mapped.area(BUDGET), member, "I"),
        (mapped.area("Project management"), member, "C"),
        (mapped.area("Product processes"), member, "R"),
        (mapped.area("Go-to-market operations"), member, "A"),
    )
    page = text(client_as(mapped.person("member")).get(f"/t/{mapped.slug}/responsibilities/mine"))
    headings = [page.index(f'id="role-{letter}-h"') for letter in "ARCI"]
    assert headings == sorted(headings)
    sections = {
        letter: page.split(f'id="role-{letter}"')[1].split("</section>")[0] for letter in "ARCI"
    }
    assert "Go-to-market operations" in sections["A"]
    assert "Product processes" in sections["R"]
    assert "Project management" in sections["C"]
    assert BUDGET in sections["I"] and "Project management" not in sections["I"]


def test_my_responsibilities_without_any_role_says_so(mapped, client_as):
    page = text(client_as(mapped.person("member")).get(f"/t/{mapped.slug}/responsibilities/mine"))
    assert "You hold no role in any area yet." in page
