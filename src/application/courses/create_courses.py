from __future__ import annotations

from collections.abc import Sequence

from application.courses.course_input import NewCourse
from application.courses.course_references import CourseReferences
from application.input_problems import bulk_prefix
from application.ports.course_queries import CourseQueries, CourseView
from application.ports.courses import CourseRepository
from application.ports.unit_of_work import UnitOfWork
from domain.users import User


class CreateCourses:
    """Bulk create: every course or none; problems are named by item index."""

    def __init__(
        self,
        courses: CourseRepository,
        references: CourseReferences,
        queries: CourseQueries,
        uow: UnitOfWork,
    ) -> None:
        self._courses = courses
        self._references = references
        self._queries = queries
        self._uow = uow

    async def __call__(self, drafts: Sequence[NewCourse], caller: User) -> list[CourseView]:
        courses = [draft.build(caller) for draft in drafts]
        await self._references.check([(bulk_prefix(i), course) for i, course in enumerate(courses)])
        await self._courses.add_many(courses)
        await self._uow.commit()
        return await self._queries.courses([course.id for course in courses])
