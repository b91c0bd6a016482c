from __future__ import annotations

from application.ports.course_queries import CourseQueries, LessonView
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class ListLessons:
    """Every lesson of a section in order, whole."""

    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(self, section_id: int, viewer: User | None) -> list[LessonView]:
        lessons = await self._queries.lessons_of_section(
            section_id, include_unpublished=sees_unpublished(viewer)
        )
        if lessons is None:
            raise NotFound("Section not found")
        return lessons
