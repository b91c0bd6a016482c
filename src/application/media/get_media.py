from __future__ import annotations

from uuid import UUID

from application.ports.media import MediaRepository
from domain.errors import NotFound
from domain.media import Media
from domain.users import User


class GetMedia:
    """One media row: public when published and not deleted, any row for administrators."""

    def __init__(self, media: MediaRepository) -> None:
        self._media = media

    async def __call__(self, media_id: UUID, caller: User | None) -> Media:
        media = await self._media.get(media_id)
        if media is None or not (media.is_public or (caller is not None and caller.is_admin)):
            raise NotFound("Media not found")
        return media
