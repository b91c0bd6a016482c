"""A whole course with its lessons' content, for the course document, read in one query."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import courses_table, lessons_table, sections_table
from application.courses.course_document import CourseEntry, LessonEntry, SectionEntry
from application.ports.course_contents import CourseContents

_course, _section, _lesson = courses_table.c, sections_table.c, lessons_table.c


class SqlCourseContentReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def contents(self, course_id: UUID) -> CourseContents | None:
        # One row per lesson (or per empty section, or one for a course without sections).
        statement = (
            select(
                _course.title,
                _course.description,
                _course.difficulty_level,
                _course.is_published,
                _section.id.label("section_id"),
                _section.title.label("section_title"),
                _section.section_order,
                _lesson.id.label("lesson_id"),
                _lesson.title.label("lesson_title"),
                _lesson.content,
                _lesson.lesson_order,
            )
            .select_from(
                courses_table.outerjoin(sections_table, _section.course_id == _course.id).outerjoin(
                    lessons_table, _lesson.section_id == _section.id
                )
            )
            .where(_course.id == course_id)
            .order_by(_section.section_order, _section.id, _lesson.lesson_order, _lesson.id)
        )
        rows = (await self._session.execute(statement)).all()
        if not rows:
            return None
        sections: dict[int, SectionEntry] = {}
        for row in rows:
            if row.section_id is None:
                continue
            section = sections.setdefault(
                row.section_id,
                SectionEntry(title=row.section_title, section_order=row.section_order, lessons=[]),
            )
            if row.lesson_id is not None:
                section.lessons.append(
                    LessonEntry(title=row.lesson_title, content=row.content, lesson_order=row.lesson_order)
                )
        first = rows[0]
        course = CourseEntry(
            title=first.title,
            description=first.description,
            difficulty_level=first.difficulty_level,
            is_published=first.is_published,
        )
        return CourseContents(course=course, sections=list(sections.values()))
