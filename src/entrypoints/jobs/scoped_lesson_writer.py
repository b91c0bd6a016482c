from __future__ import annotations

from uuid import UUID

from dishka import AsyncContainer

from application.ai.write_lesson import LessonWritten, WriteLesson


class ScopedLessonWriter:
    """WriteLesson, the very use case behind the HTTP route, in a request scope of its own per lesson."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def write(self, course_id: UUID, lesson_id: int) -> LessonWritten:
        async with self._container() as scope:
            write_lesson = await scope.get(WriteLesson)
            return await write_lesson(course_id, lesson_id)
