"""Children placed at an order within a parent: sections in a course, lessons in a section.

Both obey one rule: the parent exists and the order is >= 1 (422), and no two children
of one parent share an order, within the input or with stored children (409).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from application.input_problems import reject_problems
from domain.courses import order_problem, repeated_orders
from domain.errors import Conflict, FieldProblem

ParentId = TypeVar("ParentId", bound=Hashable)


@dataclass(frozen=True)
class Placement(Generic[ParentId]):
    prefix: str  # where the child is in the input: "" or "items[3]."
    parent_id: ParentId
    order: int


@dataclass(frozen=True)
class PlacementWords:
    """How one kind of child and its parent are named in problems."""

    parent_field: str  # "course_id"
    order_field: str  # "section_order"
    parent: str  # "course"
    child: str  # "section"


async def check_placements(
    placements: Sequence[Placement[ParentId]],
    words: PlacementWords,
    *,
    known_parents: Collection[ParentId],
    taken_orders: Callable[[set[tuple[ParentId, int]]], Awaitable[Collection[tuple[ParentId, int]]]],
) -> None:
    problems: list[FieldProblem] = []
    for placement in placements:
        if placement.parent_id not in known_parents:
            problems.append(
                FieldProblem(f"{placement.prefix}{words.parent_field}", f"no {words.parent} has this id")
            )
        if (problem := order_problem(placement.order)) is not None:
            problems.append(FieldProblem(f"{placement.prefix}{words.order_field}", problem))
    reject_problems(problems)
    keys = [(p.prefix, (p.parent_id, p.order)) for p in placements]
    if repeated := repeated_orders(keys):
        prefix, earlier = repeated[0]
        raise Conflict(f"{prefix}{words.order_field}: the same order as {earlier}{words.order_field}")
    taken = await taken_orders({key for _, key in keys})
    for placement in placements:
        if (placement.parent_id, placement.order) in taken:
            raise Conflict(
                f"{placement.prefix}{words.order_field}: the {words.parent} already has"
                f" a {words.child} with order {placement.order}"
            )
