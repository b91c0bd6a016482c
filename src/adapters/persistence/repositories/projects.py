from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.repositories.conflicts import conflicts_raised
from domain.projects import Project


class _ProjectRows(SQLAlchemyAsyncRepository[Any]):
    model_type = Project


class SqlProjectRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: a lost connection must reach the HTTP layer as itself (503),
        # not as advanced-alchemy's IntegrityError (which would read as a conflict).
        self._rows = _ProjectRows(
            session=session, auto_expunge=False, auto_refresh=False, wrap_exceptions=False
        )

    async def add_many(self, projects: Sequence[Project]) -> None:
        async with conflicts_raised():
            await self._rows.add_many(list(projects))

    async def get(self, project_id: int) -> Project | None:
        found: Project | None = await self._rows.get_one_or_none(id=project_id)
        return found

    async def save(self, project: Project) -> None:
        self._session.add(project)
        async with conflicts_raised():
            await self._session.flush()

    async def delete(self, project: Project) -> None:
        # The foreign key cascades to the project's detail in the database.
        await self._session.delete(project)
        await self._session.flush()
