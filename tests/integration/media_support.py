"""Fixtures of the media tests: apps on local storage and on a fake Cloudinary.

Test modules load it with `pytest_plugins = ["tests.integration.media_support"]`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.settings import Settings
from entrypoints.http.app import create_app
from tests.integration.fake_cloudinary import FakeCloudinary, running_fake_cloudinary

Client = AsyncTestClient[Litestar]

# Small caps, so that the tests can pass them with small files.
IMAGE_CAP = 4 * 1024
VIDEO_CAP = 16 * 1024


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def local_settings(settings: Settings, media_root: Path) -> Settings:
    return msgspec.structs.replace(
        settings,
        data_dir=str(media_root / "data"),
        media_local_dir=str(media_root / "files"),
        media_max_image_bytes=IMAGE_CAP,
        media_max_video_bytes=VIDEO_CAP,
    )


@pytest.fixture(scope="session")
def local_files(local_settings: Settings) -> Path:
    """Where the local storage keeps files."""
    return local_settings.media_path


@pytest.fixture(scope="session")
def staging_dir(local_settings: Settings) -> Path:
    return local_settings.data_path / "incoming"


@pytest.fixture(scope="session")
async def local_client(local_settings: Settings) -> AsyncIterator[Client]:
    async with AsyncTestClient(create_app(local_settings)) as client:
        yield client


@pytest.fixture(scope="session")
def fake_cloudinary_server() -> Iterator[FakeCloudinary]:
    with running_fake_cloudinary() as fake:
        yield fake


@pytest.fixture
def fake_cloudinary(fake_cloudinary_server: FakeCloudinary) -> Iterator[FakeCloudinary]:
    fake_cloudinary_server.reset()
    yield fake_cloudinary_server
    fake_cloudinary_server.reset()


@pytest.fixture(scope="session")
def cloudinary_settings(local_settings: Settings, fake_cloudinary_server: FakeCloudinary) -> Settings:
    return msgspec.structs.replace(
        local_settings, cloudinary_url=fake_cloudinary_server.url, cloudinary_timeout_seconds=1.0
    )


@pytest.fixture(scope="session")
async def cloudinary_client(cloudinary_settings: Settings) -> AsyncIterator[Client]:
    async with AsyncTestClient(create_app(cloudinary_settings)) as client:
        yield client


async def upload(
    client: Client,
    headers: dict[str, str],
    content: bytes,
    *,
    filename: str = "picture.png",
    content_type: str | None = None,
    **fields: str,
) -> httpx.Response:
    file: tuple[str, bytes] | tuple[str, bytes, str] = (
        (filename, content) if content_type is None else (filename, content, content_type)
    )
    return await client.post("/api/v1/media", files={"file": file}, data=fields, headers=headers)


async def insert_media(db: asyncpg.Connection, **columns: Any) -> UUID:
    """A media row arranged directly in the database."""
    values: dict[str, Any] = {
        "public_id": f"seeded/{len(columns)}-{id(columns)}",
        "resource_type": "image",
        "format": "png",
        "secure_url": "https://cdn.example/x.png",
        "url": "http://cdn.example/x.png",
        "content_type": "image/png",
        "bytes": 100,
        "original_filename": "x.png",
        **columns,
    }
    names = ", ".join(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    media_id: UUID = await db.fetchval(
        f"INSERT INTO media ({names}) VALUES ({placeholders}) RETURNING id", *values.values()
    )
    return media_id
