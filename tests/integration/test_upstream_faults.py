"""Cloudinary failing through the upload route: a clear answer, and storage and database
never disagree (no row without its asset, no asset without its row).

Gemini's faults (slow, 5xx, 429, garbage) are covered route by route in test_ai_lessons.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from tests.integration.fake_cloudinary import FakeCloudinary, Scripted
from tests.integration.media_support import Client, upload
from tests.unit.media import samples

pytest_plugins = ["tests.integration.media_support"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Scripted(200, b"this is not json"), 502),
        (Scripted(200, b'{"unexpected": true}'), 502),
        (Scripted(503, b"<html>down</html>"), 503),
        (Scripted(200, b'{"error": "slow"}', delay=1.5), 503),
    ],
)
async def test_a_failing_cloudinary_leaves_neither_row_nor_asset(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
    answer: Scripted,
    expected: int,
) -> None:
    fake_cloudinary.script("upload", answer)
    response = await upload(cloudinary_client, admin_headers, samples.png())
    assert response.status_code == expected, response.text
    body = response.json()
    assert body["status_code"] == expected
    assert "Cloudinary" in body["detail"]
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    assert fake_cloudinary.assets == {}


async def test_an_upload_cloudinary_stores_after_the_timeout_is_not_left_behind(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
) -> None:
    # Cloudinary keeps the file but answers after the client gave up (timeout 1 s).
    fake_cloudinary.script("upload", Scripted(delay=1.5))
    response = await upload(cloudinary_client, admin_headers, samples.png())
    assert response.status_code == 503
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    # Stored 0.5 s after the answer; removed at the latest one timeout (+1 s) later.
    for _ in range(40):
        if not fake_cloudinary.assets:
            break
        await asyncio.sleep(0.1)
    assert fake_cloudinary.assets == {}, "an asset with no row"
