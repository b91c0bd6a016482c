"""A whole course with its lessons' content, for the course document, read in one query."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.course_rows import by_section, course_rows
from adapters.persistence.tables import courses_table, lessons_table
from application.courses.course_document import CourseEntry, LessonEntry, SectionEntry
from application.ports.course_contents import CourseContents

_course, _lesson = courses_table.c, lessons_table.c


class SqlCourseContentReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def contents(self, course_id: UUID) -> CourseContents | None:
        rows = await course_rows(
            self._session,
            course_id,
            _course.title,
            _course.description,
            _course.difficulty_level,
            _course.is_published,
            _lesson.content,
        )
        if not rows:
            return None
        first = rows[0]
        return CourseContents(
            course=CourseEntry(
                title=first.title,
                description=first.description,
                difficulty_level=first.difficulty_level,
                is_published=first.is_published,
            ),
            sections=[
                SectionEntry(
                    title=section.section_title,
                    section_order=section.section_order,
                    lessons=[
                        LessonEntry(
                            title=row.lesson_title, content=row.content, lesson_order=row.lesson_order
                        )
                        for row in lessons
                    ],
                )
                for section, lessons in by_section(rows)
            ],
        )
