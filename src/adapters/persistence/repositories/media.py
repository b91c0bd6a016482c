from __future__ import annotations

from typing import Any
from uuid import UUID

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import courses_table, media_table, projects_table
from application.pagination import Page, PageRequest
from application.ports.media import MediaFilter
from domain.media import Media


class _MediaRows(SQLAlchemyAsyncRepository[Any]):
    model_type = Media


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(criteria: MediaFilter) -> list[ColumnElement[bool]]:
    columns = media_table.c
    conditions: list[ColumnElement[bool]] = [columns.is_deleted.is_(bool(criteria.is_deleted))]
    if criteria.resource_type is not None:
        conditions.append(columns.resource_type == criteria.resource_type)
    if criteria.is_published is not None:
        conditions.append(columns.is_published.is_(criteria.is_published))
    if criteria.search:
        pattern = f"%{_escape_like(criteria.search)}%"
        conditions.append(
            or_(
                columns.title.ilike(pattern, escape="\\"),
                columns.alt_text.ilike(pattern, escape="\\"),
                columns.original_filename.ilike(pattern, escape="\\"),
            )
        )
    return conditions


class SqlMediaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: the HTTP layer maps SQLAlchemy's own errors (conflicts, outages).
        self._rows = _MediaRows(session=session, auto_expunge=False, wrap_exceptions=False)

    async def add(self, media: Media) -> Media:
        added: Media = await self._rows.add(media)
        return added

    async def get(self, media_id: UUID) -> Media | None:
        found: Media | None = await self._rows.get_one_or_none(id=media_id)
        return found

    async def get_for_update(self, media_id: UUID) -> Media | None:
        statement = select(Media).where(media_table.c.id == media_id).with_for_update()
        return (await self._session.scalars(statement)).first()

    async def list(self, criteria: MediaFilter, page: PageRequest) -> Page[Media]:
        items, total = await self._rows.get_many_and_count(
            *_conditions(criteria),
            OrderBy("created_at", "desc"),
            OrderBy("id", "desc"),
            LimitOffset(limit=page.limit, offset=page.skip),
        )
        return Page(items=list(items), total=total)

    async def is_in_use(self, media_id: UUID) -> bool:
        used = or_(
            exists().where(courses_table.c.image_id == media_id),
            exists().where(projects_table.c.image_id == media_id),
        )
        return bool(await self._session.scalar(select(used)))

    async def delete(self, media: Media) -> None:
        await self._session.delete(media)
        await self._session.flush()
