from __future__ import annotations

from uuid import UUID

from application.ports.clock import Clock
from application.ports.media import MediaRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.media import Media


class SoftDeleteMedia:
    """Hide media without touching storage; `deleted_by` is the administrator who did it."""

    def __init__(self, media: MediaRepository, uow: UnitOfWork, clock: Clock) -> None:
        self._media = media
        self._uow = uow
        self._clock = clock

    async def __call__(self, media_id: UUID, caller_id: UUID) -> Media:
        media = await self._media.get(media_id)
        if media is None:
            raise NotFound("Media not found")
        media.soft_delete(by=caller_id, at=self._clock.now())
        await self._uow.commit()
        return media
