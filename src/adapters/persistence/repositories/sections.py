from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.repositories.conflicts import conflicts_raised
from adapters.persistence.repositories.ordering import renumber
from adapters.persistence.tables import sections_table
from domain.courses import Section


class _SectionRows(SQLAlchemyAsyncRepository[Any]):
    model_type = Section


class SqlSectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: a lost connection must reach the HTTP layer as itself (503),
        # not as advanced-alchemy's IntegrityError (which would read as a conflict).
        self._rows = _SectionRows(
            session=session, auto_expunge=False, auto_refresh=False, wrap_exceptions=False
        )

    async def add_many(self, sections: Sequence[Section]) -> None:
        async with conflicts_raised():
            await self._rows.add_many(list(sections))

    async def get(self, section_id: int) -> Section | None:
        found: Section | None = await self._rows.get_one_or_none(id=section_id)
        return found

    async def lock(self, section_id: int) -> bool:
        statement = select(sections_table.c.id).where(sections_table.c.id == section_id).with_for_update()
        return (await self._session.scalar(statement)) is not None

    async def save(self, section: Section) -> None:
        self._session.add(section)
        async with conflicts_raised():
            await self._session.flush()

    async def delete(self, section: Section) -> None:
        await self._session.delete(section)
        await self._session.flush()

    async def courses_of(self, section_ids: Collection[int]) -> dict[int, UUID]:
        if not section_ids:
            return {}
        statement = select(sections_table.c.id, sections_table.c.course_id).where(
            sections_table.c.id.in_(list(section_ids))
        )
        return {row.id: row.course_id for row in await self._session.execute(statement)}

    async def taken_orders(
        self, wanted: Collection[tuple[UUID, int]], *, ignoring: int | None = None
    ) -> set[tuple[UUID, int]]:
        if not wanted:
            return set()
        pair = tuple_(sections_table.c.course_id, sections_table.c.section_order)
        statement = select(sections_table.c.course_id, sections_table.c.section_order).where(
            pair.in_(list(wanted))
        )
        if ignoring is not None:
            statement = statement.where(sections_table.c.id != ignoring)
        return {(row.course_id, row.section_order) for row in await self._session.execute(statement)}

    async def ids_of_course(self, course_id: UUID) -> set[int]:
        statement = select(sections_table.c.id).where(sections_table.c.course_id == course_id)
        return set((await self._session.scalars(statement)).all())

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        await renumber(
            self._session, sections_table, "section_order", "uq_sections_course_id_section_order", ordered_ids
        )
