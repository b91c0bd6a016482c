from __future__ import annotations

from application.courses.course_input import NewCourse
from application.courses.course_references import CourseReferences
from application.ports.course_queries import CourseQueries, CourseTree
from application.ports.courses import CourseRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.users import User


class CreateCourse:
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

    async def __call__(self, draft: NewCourse, caller: User) -> CourseTree:
        course = draft.build(caller)
        await self._references.check([("", course)])
        await self._courses.add_many([course])
        await self._uow.commit()
        created = await self._queries.course_tree(course.id, include_unpublished=True)
        if created is None:  # deleted by someone else in the meantime
            raise NotFound("Course not found")
        return created
