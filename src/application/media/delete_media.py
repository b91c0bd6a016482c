from __future__ import annotations

from uuid import UUID

from application.ports.media import MediaRepository
from application.ports.media_storage import MediaStorage
from application.ports.unit_of_work import UnitOfWork
from domain.errors import Conflict, NotFound, UpstreamFailed, UpstreamUnavailable


class DeleteMedia:
    """Remove the file from storage, then the row.

    A storage failure (502, even when storage is only rate limiting or down for a while)
    raises before the row is touched, so the row still points at a file that may exist;
    storage answering "not found" counts as removed.
    """

    def __init__(self, media: MediaRepository, storage: MediaStorage, uow: UnitOfWork) -> None:
        self._media = media
        self._storage = storage
        self._uow = uow

    async def __call__(self, media_id: UUID) -> None:
        # Locked first: no course or project can start using it while it is being removed.
        media = await self._media.get_for_update(media_id)
        if media is None:
            raise NotFound("Media not found")
        if await self._media.is_in_use(media_id):
            raise Conflict("The media is used as a course image or project thumbnail")
        try:
            await self._storage.destroy(media.public_id, media.resource_type)
        except UpstreamUnavailable as exc:
            # The contract answers any storage failure on delete with 502: the row stays.
            raise UpstreamFailed(exc.upstream, exc.detail) from exc
        await self._media.delete(media)
        await self._uow.commit()
