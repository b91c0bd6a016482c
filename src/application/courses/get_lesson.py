from __future__ import annotations

from application.ports.course_queries import CourseQueries, LessonView
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class GetLesson:
    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(self, lesson_id: int, viewer: User | None) -> LessonView:
        lesson = await self._queries.lesson(lesson_id, include_unpublished=sees_unpublished(viewer))
        if lesson is None:
            raise NotFound("Lesson not found")
        return lesson
