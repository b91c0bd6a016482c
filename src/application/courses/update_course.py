from __future__ import annotations

from uuid import UUID

from application.courses.course_input import CourseChanges
from application.courses.course_references import CourseReferences
from application.ports.course_queries import CourseQueries, CourseTree
from application.ports.courses import CourseRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import Course
from domain.errors import NotFound


class UpdateCourse:
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

    async def __call__(self, course_id: UUID, changes: CourseChanges) -> CourseTree:
        course = await self._courses.get(course_id)
        if course is None:
            raise NotFound("Course not found")
        # Only what changes is checked: a course may keep its own image.
        proposed = Course(
            id=course.id,
            title=changes.get("title", course.title),
            instructor_id=changes.get("instructor_id"),
            image_id=changes.get("image_id"),
        )
        await self._references.check([("", proposed)])
        for name, value in changes.items():
            setattr(course, name, value)
        await self._courses.save(course)
        await self._uow.commit()
        updated = await self._queries.course_tree(course_id, include_unpublished=True)
        if updated is None:
            raise NotFound("Course not found")
        return updated
