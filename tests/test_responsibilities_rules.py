"""The RACI rules on plain ids: exactly one A, at least one R, load, single points of failure."""

from plplan.models import Raci
from plplan.responsibilities.rules import AreaCheck, Hinge, RaciMap

A, R, C, INFORMED = Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED


def raci(cells: dict, areas=(1, 2, 3), people=(10, 20, 30), threshold=3) -> RaciMap:
    return RaciMap(list(areas), list(people), cells, threshold)


def test_an_area_needs_exactly_one_accountable_and_a_responsible():
    assert AreaCheck(accountable=1, responsible=1).ok
    assert AreaCheck(1, 3).ok
    assert AreaCheck(0, 1).problems == ["No Accountable"]
    assert AreaCheck(2, 1).problems == ["2 Accountables: keep one"]
    assert AreaCheck(1, 0).problems == ["No Responsible"]
    assert AreaCheck(0, 0).problems == ["No Accountable", "No Responsible"]


def test_check_counts_roles_per_area_and_ignores_c_and_i():
    m = raci({(1, 10): A, (1, 20): R, (1, 30): C, (2, 10): INFORMED, (3, 10): A, (3, 20): A})
    assert m.check(1).ok
    assert m.check(2).problems == ["No Accountable", "No Responsible"]
    assert m.check(3).problems == ["2 Accountables: keep one", "No Responsible"]
    assert m.areas_with_problems() == [2, 3]


def test_load_weighs_a_twice_an_r_and_flags_people_above_the_threshold():
    m = raci({(1, 10): A, (2, 10): R, (3, 10): C, (1, 20): R, (2, 20): INFORMED}, threshold=2)
    assert (m.load(10), m.load(20), m.load(30)) == (3, 1, 0)
    assert m.overloaded(10) and not m.overloaded(20)
    assert m.overloaded_people() == [10]
    assert m.idle_people() == [30]


def test_load_at_the_threshold_is_not_overloaded():
    m = raci({(1, 10): A, (2, 10): R}, threshold=3)
    assert m.load(10) == 3 and m.overloaded_people() == []


def test_a_single_point_of_failure_is_the_only_r_and_an_owner_of_several_areas():
    # 10 is A of area 1 and the only R of area 2: both hinge on them.
    m = raci({(1, 10): A, (1, 20): R, (1, 30): R, (2, 20): A, (2, 10): R})
    assert m.single_points_of_failure() == {10: Hinge(accountable=(1,), only_responsible=(2,))}


def test_owning_several_areas_with_others_doing_the_work_is_not_a_single_point():
    m = raci({(1, 10): A, (1, 20): R, (1, 30): R, (2, 10): A, (2, 20): R, (2, 30): R})
    assert m.single_points_of_failure() == {}


def test_the_only_r_of_one_area_alone_is_not_a_single_point():
    m = raci({(1, 10): R, (1, 20): A, (2, 10): C})
    assert m.single_points_of_failure() == {}


def test_the_only_r_of_two_areas_is_a_single_point():
    m = raci({(1, 10): R, (1, 20): A, (2, 10): R, (2, 30): A})
    assert m.single_points_of_failure() == {10: Hinge(accountable=(), only_responsible=(1, 2))}


def test_owner_and_sole_doer_of_the_same_area_are_named_each_by_their_role():
    # 10 owns areas 1 and 2 and alone does 3; 20 alone does 2 and 4: area 2 hinges on both.
    cells = {(1, 10): A, (1, 30): R, (1, 20): R, (2, 10): A, (2, 20): R, (3, 30): A, (3, 10): R}
    m = raci(cells | {(4, 30): A, (4, 20): R}, areas=(1, 2, 3, 4))
    assert m.single_points_of_failure() == {
        10: Hinge(accountable=(1, 2), only_responsible=(3,)),
        20: Hinge(accountable=(), only_responsible=(2, 4)),
    }


def test_accountable_and_only_responsible_lookups():
    m = raci({(1, 10): A, (1, 20): R, (2, 20): R, (2, 30): R})
    assert m.accountable(1) == 10 and m.accountable(2) is None
    assert m.only_responsible(1) == 20 and m.only_responsible(2) is None
    assert m.role(1, 10) == A and m.role(3, 10) is None
