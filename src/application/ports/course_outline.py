from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class OutlineLesson:
    id: int
    title: str
    lesson_order: int


@dataclass(frozen=True)
class OutlineSection:
    id: int
    title: str
    section_order: int
    lessons: tuple[OutlineLesson, ...]


@dataclass(frozen=True)
class CourseOutline:
    """A course with its sections and lesson titles: what a lesson's author needs to know."""

    course_id: UUID
    title: str
    description: str | None
    sections: tuple[OutlineSection, ...]


class CourseOutlineReader(Protocol):
    async def outline(self, course_id: UUID) -> CourseOutline | None:
        """The course's outline, sections and lessons in order; None when there is no such course."""
        ...
