from __future__ import annotations

from uuid import UUID

from application.ports.course_queries import CourseQueries, SectionView
from application.ports.courses import CourseRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import reorder_problem
from domain.errors import InvalidInput, NotFound


class ReorderSections:
    """Gives a course's sections orders 1..n in the sequence asked for, all at once."""

    def __init__(
        self,
        courses: CourseRepository,
        sections: SectionRepository,
        queries: CourseQueries,
        uow: UnitOfWork,
    ) -> None:
        self._courses = courses
        self._sections = sections
        self._queries = queries
        self._uow = uow

    async def __call__(self, course_id: UUID, ordered_ids: list[int]) -> list[SectionView]:
        # The lock keeps sections from being added or removed between the check and the update.
        if not await self._courses.lock(course_id):
            raise NotFound("Course not found")
        problem = reorder_problem(await self._sections.ids_of_course(course_id), ordered_ids)
        if problem is not None:
            raise InvalidInput.for_field("ids", problem)
        await self._sections.set_orders(ordered_ids)
        await self._uow.commit()
        reordered = await self._queries.sections_of_course(course_id, include_unpublished=True)
        if reordered is None:
            raise NotFound("Course not found")
        return reordered
