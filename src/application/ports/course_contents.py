"""A whole course with every lesson's content, as the course document carries it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.courses.course_document import CourseEntry, SectionEntry


@dataclass(frozen=True)
class CourseContents:
    course: CourseEntry
    sections: list[SectionEntry]  # in order, each with its lessons in order


class CourseContentReader(Protocol):
    async def contents(self, course_id: UUID) -> CourseContents | None:
        """The course with its sections and lessons, published or not; None when there is none."""
        ...
