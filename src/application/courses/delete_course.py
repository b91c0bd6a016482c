from __future__ import annotations

from uuid import UUID

from application.ports.courses import CourseRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound


class DeleteCourse:
    """Deletes a course with its sections and lessons."""

    def __init__(self, courses: CourseRepository, uow: UnitOfWork) -> None:
        self._courses = courses
        self._uow = uow

    async def __call__(self, course_id: UUID) -> None:
        course = await self._courses.get(course_id)
        if course is None:
            raise NotFound("Course not found")
        await self._courses.delete(course)
        await self._uow.commit()
