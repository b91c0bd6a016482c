from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final
from uuid import UUID

from application.ports.media import MediaRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.media import Media


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP


@dataclass(frozen=True)
class MediaMetadataChanges:
    """Fields left at KEEP keep their values; None clears an optional text."""

    title: str | _Keep | None = KEEP
    alt_text: str | _Keep | None = KEEP
    description: str | _Keep | None = KEEP
    is_published: bool | _Keep = KEEP


class UpdateMediaMetadata:
    """Change what people wrote about a file; what storage knows of it stays as it is."""

    def __init__(self, media: MediaRepository, uow: UnitOfWork) -> None:
        self._media = media
        self._uow = uow

    async def __call__(self, media_id: UUID, changes: MediaMetadataChanges) -> Media:
        media = await self._media.get(media_id)
        if media is None:
            raise NotFound("Media not found")
        if changes.title is not KEEP:
            media.title = changes.title
        if changes.alt_text is not KEEP:
            media.alt_text = changes.alt_text
        if changes.description is not KEEP:
            media.description = changes.description
        if changes.is_published is not KEEP:
            media.is_published = changes.is_published
        await self._uow.commit()
        return media
