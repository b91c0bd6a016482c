from __future__ import annotations

from application.pagination import Page, PageRequest
from application.ports.media import MediaFilter, MediaRepository
from domain.media import Media


class ListMedia:
    """Media for administrators, newest first; soft-deleted rows only when asked for."""

    def __init__(self, media: MediaRepository) -> None:
        self._media = media

    async def __call__(self, criteria: MediaFilter, page: PageRequest) -> Page[Media]:
        search = (criteria.search or "").strip() or None
        return await self._media.list(
            MediaFilter(
                resource_type=criteria.resource_type,
                is_published=criteria.is_published,
                is_deleted=criteria.is_deleted,
                search=search,
            ),
            page,
        )
