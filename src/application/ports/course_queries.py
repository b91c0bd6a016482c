"""Read models of courses, sections and lessons, served straight from SQL.

Plain slotted dataclasses shaped exactly like the responses, so that nothing needs to
convert them on the way out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.pagination import Page, PageRequest


@dataclass(slots=True, kw_only=True)
class InstructorView:
    id: UUID
    full_name: str
    email: str


@dataclass(slots=True, kw_only=True)
class ImageView:
    id: UUID
    secure_url: str


@dataclass(slots=True, kw_only=True)
class CourseView:
    id: UUID
    title: str
    description: str | None
    difficulty_level: str | None
    is_published: bool
    created_at: datetime
    updated_at: datetime
    instructor: InstructorView | None
    image: ImageView | None


@dataclass(slots=True, kw_only=True)
class LessonSummary:
    id: int
    section_id: int
    course_id: UUID
    title: str
    lesson_order: int


@dataclass(slots=True, kw_only=True)
class SectionView:
    id: int
    course_id: UUID
    title: str
    section_order: int
    lessons: list[LessonSummary]


@dataclass(slots=True, kw_only=True)
class CourseTree(CourseView):
    sections: list[SectionView]


@dataclass(slots=True, kw_only=True)
class LessonView:
    id: int
    section_id: int
    course_id: UUID
    title: str
    content: str
    lesson_order: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class CourseFilter:
    search: str | None = None
    difficulty_level: str | None = None
    include_unpublished: bool = False


class CourseQueries(Protocol):
    """Reads for responses. `include_unpublished=False` hides unpublished courses and
    everything in them (None is returned as for a missing row)."""

    async def list_courses(self, course_filter: CourseFilter, page: PageRequest) -> Page[CourseView]:
        """Newest first."""
        ...

    async def courses(self, course_ids: Sequence[UUID]) -> list[CourseView]:
        """The courses in the order of the ids, published or not."""
        ...

    async def course_tree(self, course_id: UUID, *, include_unpublished: bool) -> CourseTree | None: ...

    async def sections_of_course(
        self, course_id: UUID, *, include_unpublished: bool
    ) -> list[SectionView] | None:
        """Every section in order, with its lessons; None when the course is not visible."""
        ...

    async def section(self, section_id: int, *, include_unpublished: bool) -> SectionView | None: ...

    async def lessons_of_section(
        self, section_id: int, *, include_unpublished: bool
    ) -> list[LessonView] | None:
        """Every lesson in order; None when the section is missing or not visible."""
        ...

    async def lesson(self, lesson_id: int, *, include_unpublished: bool) -> LessonView | None: ...
