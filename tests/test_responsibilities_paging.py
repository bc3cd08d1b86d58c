"""A big team's grid shows a page of people at a time: what a leader sees on the next page,
how a member finds their own column, and that a cell set there lands in the right place."""

import re

import pytest
import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Membership, Role
from plplan.responsibilities.columns import AREA_PEOPLE, COLUMNS
from tests import responsibilities_world
from tests.responsibilities_world import BUDGET, cells, post_cell, set_cells, text

mapped = responsibilities_world.mapped


@pytest.fixture
def crowded(mapped, app, make_user):
    """The team with COLUMNS + 5 more people who hold areas, "Zoe Last" sorting last."""
    people = [make_user(f"Person {n:02}") for n in range(COLUMNS + 4)] + [make_user("Zoe Last")]
    with app.app_context():
        for person in people:
            db.session.add(Membership(team_id=mapped.id, user_id=person.id, role=Role.MEMBER))
        db.session.commit()
        ids = dict(
            db.session.execute(
                sa.select(Membership.user_id, Membership.id).where(Membership.team_id == mapped.id)
            ).all()
        )
    mapped.zoe = people[-1]
    mapped.membership_ids["zoe"] = ids[mapped.zoe.id]
    return mapped


def column_names(page: str) -> list[str]:
    header = page.split("<thead>")[1].split("</thead>")[0]
    names = re.findall(r'<th scope="col" id="col-\d+" class="person[^"]*">([^<]+)', header)
    return [name.strip() for name in names]


def test_the_grid_shows_a_page_of_people_then_the_next(crowded, client_as):
    client = client_as(crowded.person("leader"))
    first = text(client.get(f"/t/{crowded.slug}/responsibilities/"))
    everyone = COLUMNS + 7  # the leader, the member and the crowd
    assert len(column_names(first)) == COLUMNS
    assert column_names(first)[:3] == ["Leader", "Member", "Person 00"]
    assert f"People 1–{COLUMNS} of {everyone}." in first
    assert "Previous people" not in first
    assert f'href="/t/{crowded.slug}/responsibilities/?people=2" rel="next">Next people' in first

    second = text(client.get(f"/t/{crowded.slug}/responsibilities/?people=2"))
    assert column_names(second) == [f"Person {n:02}" for n in range(COLUMNS - 2, COLUMNS + 4)] + [
        "Zoe Last"
    ]
    assert f"People {COLUMNS + 1}–{everyone} of {everyone}." in second
    assert "Next people" not in second
    assert f'href="/t/{crowded.slug}/responsibilities/?people=1" rel="prev">Previous' in second
    body = second.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<td") == len(crowded.areas) * (7 + 1)  # 7 cells, then the row's rules
    assert f'<a href="/t/{crowded.slug}/responsibilities/?people=1">Your column</a>' in second
    # the rows' cells are set from this page: the answers place cells among its columns
    assert "/cells?people=2" in second


def test_a_member_finds_their_column_on_another_page(crowded, client_as):
    client = client_as(crowded.zoe)
    first = text(client.get(f"/t/{crowded.slug}/responsibilities/"))
    assert "Zoe Last" not in column_names(first)
    link = re.search(r'<a href="([^"]+)">Your column</a>', first)[1]
    assert link == f"/t/{crowded.slug}/responsibilities/?people=2"
    theirs = text(client.get(link))
    assert f'id="col-{crowded.membership_ids["zoe"]}" class="person mine">Zoe Last <span' in theirs
    assert ">Your column</a>" not in theirs


def test_a_moved_accountable_is_swapped_in_among_the_columns_shown(crowded, client_as, app):
    """On the second page, Zoe is its 7th column: her old A goes to her cell by that place; the
    first page's member, not shown, gets no cell nor load in the answer."""
    budget = crowded.area(BUDGET)
    zoe, member = crowded.membership_ids["zoe"], crowded.membership_ids["member"]
    set_cells(app, (budget, zoe, "A"))
    client = client_as(crowded.person("leader"))
    url = f"/t/{crowded.slug}/responsibilities/areas/{budget}/cells?people="
    data = {"member_id": member, "role": "A", "move": "y"}
    # the member's cell is on page 1: from page 1 the moved A (Zoe, page 2) is not in the answer
    moved = client.post(url + "1", data=data, headers={"HX-Request": "true"})
    assert moved.status_code == 200
    assert cells(app) == {(budget, member): "A"}
    body = text(moved)
    assert 'hx-swap-oob="outerHTML:' not in body and f'id="load-{zoe}"' not in body
    # and back from page 2, where Zoe is the 7th column (the member is not shown there)
    back = client.post(
        url + "2", data={"member_id": zoe, "role": "A", "move": "y"}, headers={"HX-Request": "true"}
    )
    assert back.status_code == 200
    assert cells(app) == {(budget, zoe): "A"}
    body = text(back)
    assert body.lstrip().startswith('<td class="A">A</td>')
    assert 'hx-swap-oob="outerHTML:' not in body  # the member's old A is on page 1
    assert f'id="load-{zoe}" hx-swap-oob="true"' in body
    assert f'id="load-{member}"' not in body


def test_without_javascript_a_cell_set_on_a_page_comes_back_to_that_page(crowded, client_as):
    budget = crowded.area(BUDGET)
    client = client_as(crowded.person("leader"))
    url = f"/t/{crowded.slug}/responsibilities/areas/{budget}/cells?people=2"
    response = client.post(url, data={"member_id": crowded.membership_ids["zoe"], "role": "R"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/responsibilities/?people=2#area-{budget}")


def test_the_accountable_question_without_javascript_opens_the_persons_page(
    crowded, client_as, app
):
    budget = crowded.area(BUDGET)
    set_cells(app, (budget, crowded.membership_ids["leader"], "A"))
    client = client_as(crowded.person("leader"))
    asked = post_cell(client, crowded, budget, "zoe", "A", data={"from_area": "y"})
    assert asked.status_code == 409
    page = text(asked)
    assert "Zoe Last" in column_names(page)
    assert f'hx-target="#area-{budget} &gt; :nth-child(8)"' in page  # Zoe, 7th on page 2
    assert f"/areas/{budget}/cells?people=2" in page


def test_an_area_page_lists_the_first_people_and_names_every_holder(crowded, client_as, app):
    """Zoe is past the first AREA_PEOPLE: her role control waits for "Show everyone", her role
    is in the area's summary."""
    budget = crowded.area(BUDGET)
    zoe = crowded.membership_ids["zoe"]
    set_cells(app, (budget, zoe, "A"))
    client = client_as(crowded.person("leader"))
    path = f"/t/{crowded.slug}/responsibilities/areas/{budget}"
    page = text(client.get(path))
    assert page.count('name="member_id"') == AREA_PEOPLE
    assert f'id="role-{zoe}"' not in page
    assert "<dt>Accountable</dt> <dd>Zoe Last</dd>" in page
    hidden = COLUMNS + 7 - AREA_PEOPLE
    link = f'<a href="{path}?people=all#assign">Show everyone ({hidden} more people)</a>'
    assert link in page

    everyone = text(client.get(f"{path}?people=all"))
    assert everyone.count('name="member_id"') == COLUMNS + 7
    her_role = everyone.split(f'id="role-{zoe}"')[1]
    assert '<option value="A" selected>Accountable</option>' in her_role
    assert "Show everyone" not in everyone


def test_the_rules_count_the_people_a_page_does_not_show(crowded, client_as, app):
    """Zoe's column is on the second page: the first page's summary still counts her R, and
    the second page shows her C."""
    budget, other = crowded.area(BUDGET), crowded.area("Product processes")
    zoe = crowded.membership_ids["zoe"]
    set_cells(app, (budget, zoe, "R"), (other, zoe, "C"))
    client = client_as(crowded.person("leader"))
    first = text(client.get(f"/t/{crowded.slug}/responsibilities/"))
    assert f"{BUDGET} (Zoe Last)" in first.split('id="resting-on-one"')[1].split("</li>")[0]
    second = text(client.get(f"/t/{crowded.slug}/responsibilities/?people=2"))
    row = second.split(f'<tr id="area-{other}"')[1].split("</th>", 1)[1]
    assert re.findall(r"<td[^>]*>[^<]*</td>", row)[6] == '<td class="C">C</td>'  # her column
