from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.repositories.conflicts import conflicts_raised
from adapters.persistence.tables import courses_table
from domain.courses import Course


class _CourseRows(SQLAlchemyAsyncRepository[Any]):
    model_type = Course


class SqlCourseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: a lost connection must reach the HTTP layer as itself (503),
        # not as advanced-alchemy's IntegrityError (which would read as a conflict).
        self._rows = _CourseRows(
            session=session, auto_expunge=False, auto_refresh=False, wrap_exceptions=False
        )

    async def add_many(self, courses: Sequence[Course]) -> None:
        async with conflicts_raised():
            await self._rows.add_many(list(courses))

    async def get(self, course_id: UUID) -> Course | None:
        found: Course | None = await self._rows.get_one_or_none(id=course_id)
        return found

    async def lock(self, course_id: UUID) -> bool:
        statement = select(courses_table.c.id).where(courses_table.c.id == course_id).with_for_update()
        return (await self._session.scalar(statement)) is not None

    async def save(self, course: Course) -> None:
        self._session.add(course)
        async with conflicts_raised():
            await self._session.flush()

    async def delete(self, course: Course) -> None:
        # The foreign keys cascade to the sections and their lessons in the database.
        await self._session.delete(course)
        await self._session.flush()

    async def existing(self, course_ids: Collection[UUID]) -> set[UUID]:
        if not course_ids:
            return set()
        statement = select(courses_table.c.id).where(courses_table.c.id.in_(list(course_ids)))
        return set((await self._session.scalars(statement)).all())
