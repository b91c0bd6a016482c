from __future__ import annotations

from uuid import UUID

from application.ports.media import MediaRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.media import Media


class RestoreMedia:
    def __init__(self, media: MediaRepository, uow: UnitOfWork) -> None:
        self._media = media
        self._uow = uow

    async def __call__(self, media_id: UUID) -> Media:
        media = await self._media.get(media_id)
        if media is None:
            raise NotFound("Media not found")
        media.restore()
        await self._uow.commit()
        return media
