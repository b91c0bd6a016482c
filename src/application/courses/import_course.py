from __future__ import annotations

from uuid import UUID

from application.courses.course_references import CourseReferences
from application.courses.read_course_document import read_course_document
from application.ports.course_queries import CourseQueries, CourseTree
from application.ports.courses import CourseRepository, LessonRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import Course, Lesson, Section
from domain.errors import NotFound


class ImportCourse:
    """A new course, with its sections and lessons, from a course document: all or nothing.

    Every problem in the document is reported at once and nothing is written then. The
    course is created unpublished unless `publish` (the document's `is_published` tells
    where it came from, not where it goes), taught by `instructor_id` (or nobody).
    """

    def __init__(
        self,
        *,
        courses: CourseRepository,
        sections: SectionRepository,
        lessons: LessonRepository,
        references: CourseReferences,
        queries: CourseQueries,
        uow: UnitOfWork,
    ) -> None:
        self._courses = courses
        self._sections = sections
        self._lessons = lessons
        self._references = references
        self._queries = queries
        self._uow = uow

    async def __call__(self, data: object, *, instructor_id: UUID | None, publish: bool) -> CourseTree:
        document = read_course_document(data)
        entry = document.course
        course = Course(
            title=entry.title,
            description=entry.description,
            difficulty_level=entry.difficulty_level,
            instructor_id=instructor_id,
            is_published=publish,
        )
        await self._references.check([("", course)])
        await self._courses.add_many([course])
        sections = [
            Section(course_id=course.id, title=s.title, section_order=s.section_order)
            for s in document.sections
        ]
        await self._sections.add_many(sections)
        lessons: list[Lesson] = []
        for section, placed in zip(sections, document.sections, strict=True):
            assert section.id is not None, "a stored section has an id"
            lessons += [
                Lesson(section_id=section.id, title=e.title, content=e.content, lesson_order=e.lesson_order)
                for e in placed.lessons
            ]
        await self._lessons.add_many(lessons)
        await self._uow.commit()
        created = await self._queries.course_tree(course.id, include_unpublished=True)
        if created is None:  # deleted by someone else in the meantime
            raise NotFound("Course not found")
        return created
