"""The course outline for lesson writing, read in one query."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import courses_table, lessons_table, sections_table
from application.ports.course_outline import CourseOutline, OutlineLesson, OutlineSection

_course, _section, _lesson = courses_table.c, sections_table.c, lessons_table.c


class SqlCourseOutlineReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def outline(self, course_id: UUID) -> CourseOutline | None:
        # One row per lesson (or per empty section, or one for a course without sections).
        statement = (
            select(
                _course.title,
                _course.description,
                _section.id.label("section_id"),
                _section.title.label("section_title"),
                _section.section_order,
                _lesson.id.label("lesson_id"),
                _lesson.title.label("lesson_title"),
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
        sections: dict[int, tuple[OutlineSection, list[OutlineLesson]]] = {}
        for row in rows:
            if row.section_id is None:
                continue
            if row.section_id not in sections:
                section = OutlineSection(row.section_id, row.section_title, row.section_order, ())
                sections[row.section_id] = (section, [])
            if row.lesson_id is not None:
                sections[row.section_id][1].append(
                    OutlineLesson(row.lesson_id, row.lesson_title, row.lesson_order)
                )
        return CourseOutline(
            course_id=course_id,
            title=rows[0].title,
            description=rows[0].description,
            sections=tuple(
                OutlineSection(s.id, s.title, s.section_order, tuple(lessons))
                for s, lessons in sections.values()
            ),
        )
