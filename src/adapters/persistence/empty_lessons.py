from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import lessons_table, sections_table

_lesson, _section = lessons_table.c, sections_table.c


class SqlEmptyLessonFinder:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def empty_lesson_ids(self, course_id: UUID) -> set[int]:
        statement = (
            select(_lesson.id)
            .join(sections_table, _section.id == _lesson.section_id)
            .where(_section.course_id == course_id, func.btrim(_lesson.content, " \t\r\n") == "")
        )
        return set(await self._session.scalars(statement))
