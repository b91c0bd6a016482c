"""Put an uploaded file into media storage and record it, keeping the two in step."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from application.ports.media import MediaRepository
from application.ports.media_storage import MediaStorage, StoredAsset
from application.ports.unit_of_work import UnitOfWork
from domain.errors import DomainError
from domain.media import Media, MediaKind, ResourceType, new_public_id

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StagedFile:
    """An upload already received in full into a local file, its kind judged by its content."""

    path: Path
    size: int
    kind: MediaKind
    original_filename: str


@dataclass(frozen=True)
class MediaUpload:
    file: StagedFile
    title: str | None = None
    alt_text: str | None = None
    description: str | None = None
    folder: str | None = None
    is_published: bool = True


class UploadMedia:
    def __init__(self, storage: MediaStorage, media: MediaRepository, uow: UnitOfWork) -> None:
        self._storage = storage
        self._media = media
        self._uow = uow

    async def __call__(self, upload: MediaUpload) -> Media:
        kind = upload.file.kind
        stored = await self._storage.upload(
            upload.file.path,
            public_id=new_public_id(upload.folder),
            resource_type=kind.resource_type,
            format=kind.format,
        )
        try:
            media = await self._media.add(_record(upload, stored))
            await self._uow.commit()
        except BaseException:
            # The row could not be written (or the request was cancelled): an asset nobody
            # knows of must not stay behind in storage.
            await self._discard(stored.public_id, kind.resource_type)
            raise
        return media

    async def _discard(self, public_id: str, resource_type: ResourceType) -> None:
        try:
            await self._storage.destroy(public_id, resource_type)
        except DomainError:
            logger.error("could not remove an unrecorded upload from storage", extra={"public_id": public_id})


def _record(upload: MediaUpload, stored: StoredAsset) -> Media:
    kind = upload.file.kind
    duration = stored.duration_seconds if kind.resource_type is ResourceType.VIDEO else None
    return Media(
        public_id=stored.public_id,
        resource_type=kind.resource_type,
        format=stored.format or kind.format,
        version=stored.version,
        secure_url=stored.secure_url,
        url=stored.url,
        content_type=kind.content_type,
        bytes=stored.bytes,
        width=stored.width,
        height=stored.height,
        duration_ms=None if duration is None else round(duration * 1000),
        folder=upload.folder,
        original_filename=upload.file.original_filename,
        title=upload.title,
        alt_text=upload.alt_text,
        description=upload.description,
        is_published=upload.is_published,
    )
