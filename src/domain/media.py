"""Images and videos kept in media storage, and the rules their records obey."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

TITLE_MAX = 255
ALT_TEXT_MAX = 500
FILENAME_MAX = 255
FOLDER_MAX = 255


class ResourceType(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


@dataclass(eq=False)
class Media:
    public_id: str
    resource_type: ResourceType
    format: str
    secure_url: str
    url: str
    content_type: str
    bytes: int
    original_filename: str
    version: int | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    folder: str | None = None
    title: str | None = None
    alt_text: str | None = None
    description: str | None = None
    is_published: bool = True
    is_deleted: bool = False
    deleted_at: datetime | None = None
    deleted_by: UUID | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_image(self) -> bool:
        return self.resource_type is ResourceType.IMAGE
