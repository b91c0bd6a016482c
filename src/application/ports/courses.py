"""Storage of courses, sections and lessons for the write side."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol
from uuid import UUID

from domain.courses import Course, Lesson, Section


class CourseRepository(Protocol):
    async def add_many(self, courses: Sequence[Course]) -> None:
        """Store new courses in one statement; a clash with another row raises Conflict."""
        ...

    async def get(self, course_id: UUID) -> Course | None: ...

    async def lock(self, course_id: UUID) -> bool:
        """Lock the course until the transaction ends (children change); False when missing."""
        ...

    async def save(self, course: Course) -> None:
        """Write the changes made to a course got from here; a clash raises Conflict."""
        ...

    async def delete(self, course: Course) -> None:
        """Delete a course; its sections and lessons go with it."""
        ...

    async def existing(self, course_ids: Collection[UUID]) -> set[UUID]:
        """Those of the ids that name a course."""
        ...


class SectionRepository(Protocol):
    async def add_many(self, sections: Sequence[Section]) -> None: ...

    async def get(self, section_id: int) -> Section | None: ...

    async def lock(self, section_id: int) -> bool: ...

    async def save(self, section: Section) -> None: ...

    async def delete(self, section: Section) -> None: ...

    async def courses_of(self, section_ids: Collection[int]) -> dict[int, UUID]:
        """The course of each of the ids that names a section."""
        ...

    async def taken_orders(
        self, wanted: Collection[tuple[UUID, int]], *, ignoring: int | None = None
    ) -> set[tuple[UUID, int]]:
        """Those (course, order) pairs already held by a section other than `ignoring`."""
        ...

    async def ids_of_course(self, course_id: UUID) -> set[int]: ...

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        """Give the sections orders 1..n in this sequence, in one atomic step."""
        ...


class LessonRepository(Protocol):
    async def add_many(self, lessons: Sequence[Lesson]) -> None: ...

    async def get(self, lesson_id: int) -> Lesson | None: ...

    async def save(self, lesson: Lesson) -> None: ...

    async def delete(self, lesson: Lesson) -> None: ...

    async def taken_orders(
        self, wanted: Collection[tuple[int, int]], *, ignoring: int | None = None
    ) -> set[tuple[int, int]]:
        """Those (section, order) pairs already held by a lesson other than `ignoring`."""
        ...

    async def ids_of_section(self, section_id: int) -> set[int]: ...

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        """Give the lessons orders 1..n in this sequence, in one atomic step."""
        ...
