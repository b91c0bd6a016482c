"""A course content reader over the fake repositories, for the course document tests."""

from __future__ import annotations

from uuid import UUID

from application.courses.course_document import CourseEntry, LessonEntry, SectionEntry
from application.ports.course_contents import CourseContents
from tests.unit.courses.fakes import FakeCourseRepository, FakeLessonRepository, FakeSectionRepository


class FakeCourseContentReader:
    def __init__(
        self, courses: FakeCourseRepository, sections: FakeSectionRepository, lessons: FakeLessonRepository
    ) -> None:
        self._courses = courses
        self._sections = sections
        self._lessons = lessons

    async def contents(self, course_id: UUID) -> CourseContents | None:
        course = self._courses.rows.get(course_id)
        if course is None:
            return None
        sections = sorted(
            (s for s in self._sections.rows.values() if s.course_id == course_id),
            key=lambda s: s.section_order,
        )
        return CourseContents(
            course=CourseEntry(
                title=course.title,
                description=course.description,
                difficulty_level=course.difficulty_level,
                is_published=course.is_published,
            ),
            sections=[
                SectionEntry(
                    title=section.title,
                    section_order=section.section_order,
                    lessons=[
                        LessonEntry(
                            title=lesson.title, content=lesson.content, lesson_order=lesson.lesson_order
                        )
                        for lesson in sorted(
                            (x for x in self._lessons.rows.values() if x.section_id == section.id),
                            key=lambda x: x.lesson_order,
                        )
                    ],
                )
                for section in sections
            ],
        )
