from __future__ import annotations

from application.courses.lesson_input import LessonChanges, check_lessons, lesson_view
from application.ports.course_queries import LessonView
from application.ports.courses import LessonRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import Lesson
from domain.errors import NotFound


class UpdateLesson:
    """Changes a lesson; a new `section_id` with a free `lesson_order` moves it."""

    def __init__(self, sections: SectionRepository, lessons: LessonRepository, uow: UnitOfWork) -> None:
        self._sections = sections
        self._lessons = lessons
        self._uow = uow

    async def __call__(self, lesson_id: int, changes: LessonChanges) -> LessonView:
        lesson = await self._lessons.get(lesson_id)
        if lesson is None:
            raise NotFound("Lesson not found")
        proposed = Lesson(
            id=lesson.id,
            section_id=changes.get("section_id", lesson.section_id),
            title=lesson.title,
            lesson_order=changes.get("lesson_order", lesson.lesson_order),
        )
        if "section_id" in changes or "lesson_order" in changes:
            course_of = await check_lessons(
                [("", proposed)], self._sections, self._lessons, ignoring=lesson_id
            )
        else:
            course_of = await self._sections.courses_of({lesson.section_id})
        for name, value in changes.items():
            setattr(lesson, name, value)
        await self._lessons.save(lesson)
        await self._uow.commit()
        return lesson_view(lesson, course_of[lesson.section_id])
