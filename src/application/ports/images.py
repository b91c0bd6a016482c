"""What the content side needs to know about media rows chosen as images."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, kw_only=True)
class ImageUsage:
    """A media row as a candidate course image or project thumbnail."""

    media_id: UUID
    is_image: bool
    is_deleted: bool
    course_id: UUID | None
    project_id: int | None


class ImageCatalog(Protocol):
    async def usages(self, media_ids: Collection[UUID]) -> dict[UUID, ImageUsage]:
        """The usage of each of the ids that names a media row, in one query."""
        ...
