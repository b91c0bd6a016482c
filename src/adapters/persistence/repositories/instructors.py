from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import users_table


class SqlInstructorDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def existing(self, user_ids: Collection[UUID]) -> set[UUID]:
        if not user_ids:
            return set()
        statement = select(users_table.c.id).where(users_table.c.id.in_(list(user_ids)))
        return set((await self._session.scalars(statement)).all())
