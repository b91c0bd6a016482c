from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import courses_table, media_table, projects_table
from application.ports.images import ImageUsage
from domain.media import ResourceType


class SqlImageCatalog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def usages(self, media_ids: Collection[UUID]) -> dict[UUID, ImageUsage]:
        if not media_ids:
            return {}
        statement = (
            select(
                media_table.c.id,
                media_table.c.resource_type,
                media_table.c.is_deleted,
                courses_table.c.id.label("course_id"),
                projects_table.c.id.label("project_id"),
            )
            .outerjoin(courses_table, courses_table.c.image_id == media_table.c.id)
            .outerjoin(projects_table, projects_table.c.image_id == media_table.c.id)
            .where(media_table.c.id.in_(list(media_ids)))
        )
        return {
            row.id: ImageUsage(
                media_id=row.id,
                is_image=row.resource_type == ResourceType.IMAGE,
                is_deleted=row.is_deleted,
                course_id=row.course_id,
                project_id=row.project_id,
            )
            for row in await self._session.execute(statement)
        }
