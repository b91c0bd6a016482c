from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.pagination import Page, PageRequest
from domain.media import Media, ResourceType


@dataclass(frozen=True)
class MediaFilter:
    resource_type: ResourceType | None = None
    is_published: bool | None = None
    # None hides soft-deleted rows, as if False had been asked for.
    is_deleted: bool | None = None
    # Matched case-insensitively anywhere in the title, alt text or original file name.
    search: str | None = None


class MediaRepository(Protocol):
    async def add(self, media: Media) -> Media: ...

    async def get(self, media_id: UUID) -> Media | None: ...

    async def get_for_update(self, media_id: UUID) -> Media | None:
        """The row, locked until the transaction ends, so that nothing starts using it meanwhile."""
        ...

    async def list(self, criteria: MediaFilter, page: PageRequest) -> Page[Media]:
        """Newest first."""
        ...

    async def is_in_use(self, media_id: UUID) -> bool:
        """True when a course image or a project thumbnail refers to it."""
        ...

    async def delete(self, media: Media) -> None: ...
