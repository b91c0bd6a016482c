from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.repositories.conflicts import conflicts_raised
from adapters.persistence.repositories.ordering import renumber
from adapters.persistence.tables import lessons_table
from domain.courses import Lesson


class _LessonRows(SQLAlchemyAsyncRepository[Any]):
    model_type = Lesson


class SqlLessonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: a lost connection must reach the HTTP layer as itself (503),
        # not as advanced-alchemy's IntegrityError (which would read as a conflict).
        self._rows = _LessonRows(
            session=session, auto_expunge=False, auto_refresh=False, wrap_exceptions=False
        )

    async def add_many(self, lessons: Sequence[Lesson]) -> None:
        async with conflicts_raised():
            await self._rows.add_many(list(lessons))

    async def get(self, lesson_id: int) -> Lesson | None:
        found: Lesson | None = await self._rows.get_one_or_none(id=lesson_id)
        return found

    async def save(self, lesson: Lesson) -> None:
        self._session.add(lesson)
        async with conflicts_raised():
            await self._session.flush()

    async def delete(self, lesson: Lesson) -> None:
        await self._session.delete(lesson)
        await self._session.flush()

    async def taken_orders(
        self, wanted: Collection[tuple[int, int]], *, ignoring: int | None = None
    ) -> set[tuple[int, int]]:
        if not wanted:
            return set()
        pair = tuple_(lessons_table.c.section_id, lessons_table.c.lesson_order)
        statement = select(lessons_table.c.section_id, lessons_table.c.lesson_order).where(
            pair.in_(list(wanted))
        )
        if ignoring is not None:
            statement = statement.where(lessons_table.c.id != ignoring)
        return {(row.section_id, row.lesson_order) for row in await self._session.execute(statement)}

    async def ids_of_section(self, section_id: int) -> set[int]:
        statement = select(lessons_table.c.id).where(lessons_table.c.section_id == section_id)
        return set((await self._session.scalars(statement)).all())

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        await renumber(
            self._session, lessons_table, "lesson_order", "uq_lessons_section_id_lesson_order", ordered_ids
        )
