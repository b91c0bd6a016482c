from __future__ import annotations

from domain.courses import order_problem, reorder_problem


def test_orders_count_from_one() -> None:
    assert order_problem(1) is None
    assert order_problem(0) is not None


def test_a_reorder_names_every_child_exactly_once() -> None:
    assert reorder_problem({1, 2, 3}, [3, 1, 2]) is None
    assert reorder_problem(set(), []) is None
    assert "more than once" in (reorder_problem({1, 2}, [1, 1, 2]) or "")
    assert "not children" in (reorder_problem({1, 2}, [1, 2, 3]) or "")
    assert "leaves out" in (reorder_problem({1, 2}, [2]) or "")
