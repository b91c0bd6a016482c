from __future__ import annotations

from application.courses.lesson_input import NewLesson, check_lessons, lesson_view
from application.ports.course_queries import LessonView
from application.ports.courses import LessonRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork


class CreateLesson:
    def __init__(self, sections: SectionRepository, lessons: LessonRepository, uow: UnitOfWork) -> None:
        self._sections = sections
        self._lessons = lessons
        self._uow = uow

    async def __call__(self, draft: NewLesson) -> LessonView:
        lesson = draft.build()
        course_of = await check_lessons([("", lesson)], self._sections, self._lessons)
        await self._lessons.add_many([lesson])
        await self._uow.commit()
        return lesson_view(lesson, course_of[lesson.section_id])
