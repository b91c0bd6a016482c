from __future__ import annotations

from application.ports.course_queries import CourseQueries, LessonView
from application.ports.courses import LessonRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import reorder_problem
from domain.errors import InvalidInput, NotFound


class ReorderLessons:
    """Gives a section's lessons orders 1..n in the sequence asked for, all at once."""

    def __init__(
        self,
        sections: SectionRepository,
        lessons: LessonRepository,
        queries: CourseQueries,
        uow: UnitOfWork,
    ) -> None:
        self._sections = sections
        self._lessons = lessons
        self._queries = queries
        self._uow = uow

    async def __call__(self, section_id: int, ordered_ids: list[int]) -> list[LessonView]:
        # The lock keeps lessons from being added or removed between the check and the update.
        if not await self._sections.lock(section_id):
            raise NotFound("Section not found")
        problem = reorder_problem(await self._lessons.ids_of_section(section_id), ordered_ids)
        if problem is not None:
            raise InvalidInput.for_field("ids", problem)
        await self._lessons.set_orders(ordered_ids)
        await self._uow.commit()
        reordered = await self._queries.lessons_of_section(section_id, include_unpublished=True)
        if reordered is None:
            raise NotFound("Section not found")
        return reordered
