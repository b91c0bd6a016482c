from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from domain.media import ResourceType


@dataclass(frozen=True)
class StoredAsset:
    """What the storage says it keeps after an upload."""

    public_id: str
    version: int | None
    format: str
    secure_url: str
    url: str
    bytes: int
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


class MediaStorage(Protocol):
    """Where the files of media live (Cloudinary, a local folder).

    Failures are raised as UpstreamUnavailable (worth retrying later) or UpstreamFailed.
    """

    async def upload(
        self, path: Path, *, public_id: str, resource_type: ResourceType, format: str
    ) -> StoredAsset:
        """Store the local file at `path` under `public_id` (chosen by the caller)."""
        ...

    async def destroy(self, public_id: str, resource_type: ResourceType) -> None:
        """Remove the asset; one that is already gone counts as removed."""
        ...
