"""Courses, their ordered sections and their ordered Markdown lessons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

TITLE_MAX = 255
DIFFICULTY_MAX = 20
FIRST_ORDER = 1


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
    return None if order >= FIRST_ORDER else f"must be {FIRST_ORDER} or more"


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
