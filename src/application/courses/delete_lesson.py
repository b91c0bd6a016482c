from __future__ import annotations

from application.ports.courses import LessonRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound


class DeleteLesson:
    def __init__(self, lessons: LessonRepository, uow: UnitOfWork) -> None:
        self._lessons = lessons
        self._uow = uow

    async def __call__(self, lesson_id: int) -> None:
        lesson = await self._lessons.get(lesson_id)
        if lesson is None:
            raise NotFound("Lesson not found")
        await self._lessons.delete(lesson)
        await self._uow.commit()
