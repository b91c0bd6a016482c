"""Courses, their ordered sections and their ordered Markdown lessons."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID, uuid4

TITLE_MAX = 255
DIFFICULTY_MAX = 20
FIRST_ORDER = 1
# Orders are stored as PostgreSQL integers.
ORDER_MAX = 2_147_483_647

K = TypeVar("K", bound=Hashable)


@dataclass(eq=False)
class Course:
    title: str
    description: str | None = None
    instructor_id: UUID | None = None
    difficulty_level: str | None = None
    is_published: bool = False
    image_id: UUID | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(eq=False)
class Section:
    course_id: UUID
    title: str
    section_order: int
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(eq=False)
class Lesson:
    section_id: int
    title: str
    lesson_order: int
    content: str = ""
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def order_problem(order: int) -> str | None:
    """Why an order number is unacceptable, or None: orders count from 1."""
    if order < FIRST_ORDER:
        return f"must be {FIRST_ORDER} or more"
    if order > ORDER_MAX:
        return f"must be {ORDER_MAX} or less"
    return None


def text_problem(text: str) -> str | None:
    """Why a text is unacceptable, or None: PostgreSQL text cannot hold NUL characters."""
    return "must not contain NUL characters" if "\x00" in text else None


def title_problem(title: str) -> str | None:
    """Why a course, section or lesson title is unacceptable, or None."""
    if not title:
        return "must not be empty"
    if len(title) > TITLE_MAX:
        return f"too long (at most {TITLE_MAX} characters)"
    return text_problem(title)


def difficulty_problem(level: str) -> str | None:
    """Why a difficulty level is unacceptable, or None."""
    if len(level) > DIFFICULTY_MAX:
        return f"too long (at most {DIFFICULTY_MAX} characters)"
    return text_problem(level)


def repeated_orders(placed: Iterable[tuple[str, K]]) -> list[tuple[str, str]]:
    """Each (name, order key) whose key an earlier one already has, as (name, earlier name):
    two children of one parent may not share an order."""
    first_with: dict[K, str] = {}
    repeated: list[tuple[str, str]] = []
    for name, key in placed:
        if key in first_with:
            repeated.append((name, first_with[key]))
        else:
            first_with[key] = name
    return repeated


def reorder_problem(current_ids: set[int], requested_ids: list[int]) -> str | None:
    """Why a reorder is unacceptable, or None: it must name every child exactly once."""
    if len(set(requested_ids)) != len(requested_ids):
        return "lists an id more than once"
    foreign = [i for i in requested_ids if i not in current_ids]
    if foreign:
        return f"names ids that are not children of this parent: {foreign}"
    missing = sorted(current_ids.difference(requested_ids))
    if missing:
        return f"leaves out children: {missing}"
    return None
