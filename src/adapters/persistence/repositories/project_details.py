from __future__ import annotations

from typing import Any

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.repositories.conflicts import conflicts_raised
from domain.projects import ProjectDetail


class _ProjectDetailRows(SQLAlchemyAsyncRepository[Any]):
    model_type = ProjectDetail


class SqlProjectDetailRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: a lost connection must reach the HTTP layer as itself (503),
        # not as advanced-alchemy's IntegrityError (which would read as a conflict).
        self._rows = _ProjectDetailRows(
            session=session, auto_expunge=False, auto_refresh=False, wrap_exceptions=False
        )

    async def add(self, detail: ProjectDetail) -> None:
        async with conflicts_raised():
            await self._rows.add(detail)

    async def get_for_project(self, project_id: int) -> ProjectDetail | None:
        found: ProjectDetail | None = await self._rows.get_one_or_none(project_id=project_id)
        return found

    async def save(self, detail: ProjectDetail) -> None:
        self._session.add(detail)
        async with conflicts_raised():
            await self._session.flush()
