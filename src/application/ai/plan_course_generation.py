"""Which lessons of a course a whole-course generation writes, in reading order."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ai.lesson_prompt import numbered_lessons
from application.ports.course_outline import CourseOutlineReader
from application.ports.empty_lessons import EmptyLessonFinder
from domain.errors import NotFound


@dataclass(frozen=True)
class PlannedLesson:
    id: int
    title: str


class PlanCourseGeneration:
    def __init__(self, outlines: CourseOutlineReader, empty_lessons: EmptyLessonFinder) -> None:
        self._outlines = outlines
        self._empty_lessons = empty_lessons

    async def __call__(self, course_id: UUID, *, only_empty: bool) -> list[PlannedLesson]:
        """Every lesson of the course (or only those with empty content); NotFound without the course."""
        outline = await self._outlines.outline(course_id)
        if outline is None:
            raise NotFound("Course not found")
        lessons = [PlannedLesson(n.lesson.id, n.lesson.title) for n in numbered_lessons(outline)]
        if not only_empty:
            return lessons
        empty = await self._empty_lessons.empty_lesson_ids(course_id)
        return [lesson for lesson in lessons if lesson.id in empty]
