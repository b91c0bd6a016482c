from __future__ import annotations

from collections.abc import Sequence

from application.courses.lesson_input import NewLesson, check_lessons, lesson_view
from application.input_problems import bulk_prefix
from application.ports.course_queries import LessonView
from application.ports.courses import LessonRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork


class CreateLessons:
    """Bulk create: every lesson or none; problems are named by item index."""

    def __init__(self, sections: SectionRepository, lessons: LessonRepository, uow: UnitOfWork) -> None:
        self._sections = sections
        self._lessons = lessons
        self._uow = uow

    async def __call__(self, drafts: Sequence[NewLesson]) -> list[LessonView]:
        lessons = [draft.build() for draft in drafts]
        course_of = await check_lessons(
            [(bulk_prefix(i), lesson) for i, lesson in enumerate(lessons)], self._sections, self._lessons
        )
        await self._lessons.add_many(lessons)
        await self._uow.commit()
        return [lesson_view(lesson, course_of[lesson.section_id]) for lesson in lessons]
