"""Stores a lesson's new content, and nothing else of it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import lessons_table, sections_table
from application.ports.course_queries import LessonView

_lesson, _section = lessons_table.c, sections_table.c


class SqlLessonContentWriter:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace_content(self, course_id: UUID, lesson_id: int, content: str) -> LessonView | None:
        in_course = select(_section.id).where(_section.course_id == course_id)
        statement = (
            update(lessons_table)
            .where(_lesson.id == lesson_id, _lesson.section_id.in_(in_course))
            .values(content=content, updated_at=func.now())
            .returning(
                _lesson.id,
                _lesson.section_id,
                _lesson.title,
                _lesson.content,
                _lesson.lesson_order,
                _lesson.created_at,
                _lesson.updated_at,
            )
        )
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        return LessonView(
            id=row.id,
            section_id=row.section_id,
            course_id=course_id,
            title=row.title,
            content=row.content,
            lesson_order=row.lesson_order,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
