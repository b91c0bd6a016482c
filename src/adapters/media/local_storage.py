"""Media kept in a folder on this machine and served by the app itself."""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import time
from pathlib import Path
from typing import Final

from adapters.media.image_size import image_size
from application.ports.media_storage import StoredAsset
from domain.errors import UpstreamFailed
from domain.media import ResourceType

LOCAL_STORAGE: Final = "Local media storage"
# The path under which the app serves the folder (see entrypoints/http/app.py).
LOCAL_MEDIA_ROUTE: Final = "/media-files"


class LocalMediaStorage:
    """Files under `root` as `<public_id>.<format>`, reachable at `<base_url><route>/<same>`."""

    def __init__(self, root: Path, base_url: str = "") -> None:
        self._root = root.resolve()
        self._url_prefix = base_url.rstrip("/") + LOCAL_MEDIA_ROUTE

    async def upload(
        self, path: Path, *, public_id: str, resource_type: ResourceType, format: str
    ) -> StoredAsset:
        try:
            return await asyncio.to_thread(self._store, path, public_id, resource_type, format)
        except OSError as exc:
            raise UpstreamFailed(LOCAL_STORAGE, f"{LOCAL_STORAGE} could not store the file") from exc

    async def destroy(self, public_id: str, resource_type: ResourceType) -> None:  # noqa: ARG002
        try:
            await asyncio.to_thread(self._remove, public_id)
        except OSError as exc:
            raise UpstreamFailed(LOCAL_STORAGE, f"{LOCAL_STORAGE} could not remove the file") from exc

    def _target(self, public_id: str, suffix: str) -> Path:
        target = (self._root / f"{public_id}{suffix}").resolve()
        # Public ids are made by the server, but a path never leaves the folder regardless.
        if not target.is_relative_to(self._root):
            raise OSError(f"public id outside the media folder: {public_id!r}")
        return target

    def _store(self, path: Path, public_id: str, resource_type: ResourceType, format: str) -> StoredAsset:
        target = self._target(public_id, f".{format}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # A hard link costs nothing when the staged file is on the same file system.
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        size = image_size(target) if resource_type is ResourceType.IMAGE else None
        url = f"{self._url_prefix}/{public_id}.{format}"
        return StoredAsset(
            public_id=public_id,
            version=int(time.time()),
            format=format,
            secure_url=url,
            url=url,
            bytes=target.stat().st_size,
            width=size[0] if size else None,
            height=size[1] if size else None,
        )

    def _remove(self, public_id: str) -> None:
        folder = self._target(public_id, "").parent
        name = Path(public_id).name
        for candidate in folder.glob(f"{glob.escape(name)}.*") if folder.is_dir() else ():
            candidate.unlink(missing_ok=True)
