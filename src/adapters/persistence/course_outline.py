"""The course outline for lesson writing, read in one query."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.course_rows import by_section, course_rows
from adapters.persistence.tables import courses_table
from application.ports.course_outline import CourseOutline, OutlineLesson, OutlineSection

_course = courses_table.c


class SqlCourseOutlineReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def outline(self, course_id: UUID) -> CourseOutline | None:
        rows = await course_rows(self._session, course_id, _course.title, _course.description)
        if not rows:
            return None
        return CourseOutline(
            course_id=course_id,
            title=rows[0].title,
            description=rows[0].description,
            sections=tuple(
                OutlineSection(
                    section.section_id,
                    section.section_title,
                    section.section_order,
                    tuple(
                        OutlineLesson(row.lesson_id, row.lesson_title, row.lesson_order) for row in lessons
                    ),
                )
                for section, lessons in by_section(rows)
            ),
        )
