"""In-memory fakes of the media ports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from application.pagination import Page, PageRequest
from application.ports.media import MediaFilter
from application.ports.media_storage import StoredAsset
from domain.errors import DomainError
from domain.media import Media, ResourceType


@dataclass
class StoredFile:
    resource_type: ResourceType
    format: str
    data: bytes


class FakeMediaStorage:
    def __init__(self, *, duration_seconds: float | None = None) -> None:
        self.files: dict[str, StoredFile] = {}
        self.destroyed: list[str] = []
        self.fail_destroy: DomainError | None = None
        self.duration_seconds = duration_seconds

    async def upload(
        self, path: Path, *, public_id: str, resource_type: ResourceType, format: str
    ) -> StoredAsset:
        data = path.read_bytes()  # noqa: ASYNC240 - a few bytes in a test
        self.files[public_id] = StoredFile(resource_type, format, data)
        return StoredAsset(
            public_id=public_id,
            version=7,
            format=format,
            secure_url=f"https://cdn.example/{public_id}.{format}",
            url=f"http://cdn.example/{public_id}.{format}",
            bytes=len(data),
            width=20 if resource_type is ResourceType.IMAGE else 1280,
            height=10 if resource_type is ResourceType.IMAGE else 720,
            duration_seconds=self.duration_seconds,
        )

    async def destroy(self, public_id: str, resource_type: ResourceType) -> None:
        if self.fail_destroy is not None:
            raise self.fail_destroy
        self.destroyed.append(public_id)
        self.files.pop(public_id, None)


class FakeMediaRepository:
    def __init__(self, *rows: Media) -> None:
        self.rows: dict[UUID, Media] = {m.id: m for m in rows}
        self.in_use: set[UUID] = set()
        self.fail_add: BaseException | None = None
        self.seen_filter: MediaFilter | None = None

    async def add(self, media: Media) -> Media:
        if self.fail_add is not None:
            raise self.fail_add
        self.rows[media.id] = media
        return media

    async def get(self, media_id: UUID) -> Media | None:
        return self.rows.get(media_id)

    async def get_for_update(self, media_id: UUID) -> Media | None:
        return self.rows.get(media_id)

    async def list(self, criteria: MediaFilter, page: PageRequest) -> Page[Media]:
        self.seen_filter = criteria
        rows = [m for m in self.rows.values() if m.is_deleted is bool(criteria.is_deleted)]
        return Page(items=rows[page.skip : page.skip + page.limit], total=len(rows))

    async def is_in_use(self, media_id: UUID) -> bool:
        return media_id in self.in_use

    async def delete(self, media: Media) -> None:
        del self.rows[media.id]


def a_media(**changes: object) -> Media:
    values: dict[str, object] = {
        "public_id": "abc",
        "resource_type": ResourceType.IMAGE,
        "format": "png",
        "secure_url": "https://cdn.example/abc.png",
        "url": "http://cdn.example/abc.png",
        "content_type": "image/png",
        "bytes": 10,
        "original_filename": "a.png",
        **changes,
    }
    return Media(**values)  # type: ignore[arg-type]
