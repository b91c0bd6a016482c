"""The Cloudinary adapter on the real SDK against a fake Cloudinary, directly and over HTTP."""

from __future__ import annotations

import logging
from pathlib import Path
from uuid import UUID

import asyncpg
import pytest

from adapters.media.cloudinary_storage import CloudinaryMediaStorage
from domain.errors import UpstreamError, UpstreamFailed, UpstreamUnavailable
from domain.media import ResourceType
from tests.integration.fake_cloudinary import API_KEY, API_SECRET, IMAGE_SIZE, FakeCloudinary, Scripted
from tests.integration.media_support import Client, insert_media, upload
from tests.unit.media import samples

pytest_plugins = ["tests.integration.media_support"]


def _storage(fake: FakeCloudinary, **options: float) -> CloudinaryMediaStorage:
    return CloudinaryMediaStorage(
        fake.url,
        chunk_bytes=int(options.get("chunk_bytes", 1024 * 1024)),
        timeout_seconds=options.get("timeout_seconds", 2.0),
        large_upload_bytes=int(options.get("large_upload_bytes", 100 * 1024 * 1024)),
    )


def _file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "staged"
    path.write_bytes(content)
    return path


def _assert_no_secret_sent(fake: FakeCloudinary) -> None:
    assert fake.received
    for request in fake.received:
        assert API_SECRET.encode() not in request.raw
        assert all(API_SECRET not in value for value in request.headers.values())
        assert request.fields["api_key"] == API_KEY
        assert len(request.fields["signature"]) == 40
        assert request.fields["timestamp"].isdigit()


async def test_an_image_is_uploaded_in_one_signed_request(
    fake_cloudinary: FakeCloudinary, tmp_path: Path
) -> None:
    content = samples.png(3, 2)
    stored = await _storage(fake_cloudinary).upload(
        _file(tmp_path, content), public_id="courses/abc", resource_type=ResourceType.IMAGE, format="png"
    )

    assert (stored.public_id, stored.format, stored.bytes) == ("courses/abc", "png", len(content))
    assert (stored.width, stored.height, stored.duration_seconds) == (*IMAGE_SIZE, None)
    assert stored.secure_url.startswith("https://res.cloudinary.com/demo/image/upload/v")
    assert stored.url.startswith("http://")
    assert isinstance(stored.version, int)
    [request] = fake_cloudinary.requests("upload")
    assert request.resource_type == "image"
    assert request.fields["public_id"] == "courses/abc"
    assert "x-unique-upload-id" not in request.headers
    assert fake_cloudinary.assets["courses/abc"].data == content
    _assert_no_secret_sent(fake_cloudinary)


async def test_a_large_video_goes_up_in_chunks_that_are_reassembled(
    fake_cloudinary: FakeCloudinary, tmp_path: Path
) -> None:
    content = samples.mp4(2500) + bytes(range(256)) * 4
    storage = _storage(fake_cloudinary, large_upload_bytes=1000, chunk_bytes=1024)

    stored = await storage.upload(
        _file(tmp_path, content), public_id="big", resource_type=ResourceType.VIDEO, format="mp4"
    )

    assert (stored.public_id, stored.bytes, stored.duration_seconds) == ("big", len(content), 12.5)
    requests = fake_cloudinary.requests("upload")
    assert len(requests) == 4
    assert {r.resource_type for r in requests} == {"video"}
    assert len({r.headers["x-unique-upload-id"] for r in requests}) == 1
    total = len(content)
    assert [r.headers["content-range"] for r in requests] == [
        f"bytes 0-1023/{total}",
        f"bytes 1024-2047/{total}",
        f"bytes 2048-3071/{total}",
        f"bytes 3072-{total - 1}/{total}",
    ]
    assert fake_cloudinary.assets["big"].data == content
    _assert_no_secret_sent(fake_cloudinary)


async def test_a_small_video_goes_up_in_one_request(fake_cloudinary: FakeCloudinary, tmp_path: Path) -> None:
    stored = await _storage(fake_cloudinary, large_upload_bytes=1000).upload(
        _file(tmp_path, samples.webm(900)), public_id="clip", resource_type=ResourceType.VIDEO, format="webm"
    )
    assert stored.duration_seconds == 12.5
    [request] = fake_cloudinary.requests("upload")
    assert "content-range" not in request.headers


async def test_destroy_counts_not_found_as_gone(fake_cloudinary: FakeCloudinary, tmp_path: Path) -> None:
    storage = _storage(fake_cloudinary)
    await storage.upload(
        _file(tmp_path, samples.mp4()), public_id="v", resource_type=ResourceType.VIDEO, format="mp4"
    )
    await storage.destroy("v", ResourceType.VIDEO)
    assert "v" not in fake_cloudinary.assets
    await storage.destroy("v", ResourceType.VIDEO)
    destroys = fake_cloudinary.requests("destroy")
    assert [(r.resource_type, r.fields["public_id"]) for r in destroys] == [("video", "v"), ("video", "v")]
    _assert_no_secret_sent(fake_cloudinary)


@pytest.mark.parametrize(
    ("answer", "error", "retry_after"),
    [
        (Scripted(500, b'{"error": {"message": "boom"}}'), UpstreamUnavailable, 5),
        (Scripted(503, b"<html>Service Unavailable</html>"), UpstreamUnavailable, 5),
        (Scripted(502, b"Bad Gateway"), UpstreamUnavailable, 5),
        (Scripted(429, b'{"error": {"message": "Rate limit exceeded"}}'), UpstreamUnavailable, 60),
        (Scripted(400, b'{"error": {"message": "Invalid image file"}}'), UpstreamFailed, None),
        (Scripted(401, b'{"error": {"message": "Invalid Signature"}}'), UpstreamFailed, None),
        (Scripted(200, b"this is not json"), UpstreamFailed, None),
        (Scripted(200, b'{"unexpected": true}'), UpstreamFailed, None),
        (Scripted(200, b"[1, 2, 3]"), UpstreamFailed, None),
        (Scripted(200, b"42"), UpstreamFailed, None),
    ],
)
async def test_upload_failures_name_cloudinary(
    fake_cloudinary: FakeCloudinary,
    tmp_path: Path,
    answer: Scripted,
    error: type[UpstreamError],
    retry_after: int | None,
) -> None:
    fake_cloudinary.script("upload", answer)
    with pytest.raises(error) as raised:
        await _storage(fake_cloudinary).upload(
            _file(tmp_path, samples.png()), public_id="x", resource_type=ResourceType.IMAGE, format="png"
        )
    assert type(raised.value) is error
    assert raised.value.upstream == "Cloudinary"
    assert "Cloudinary" in raised.value.detail
    assert getattr(raised.value, "retry_after", None) == retry_after


async def test_a_wrong_secret_fails_the_fakes_signature_check(
    fake_cloudinary: FakeCloudinary, tmp_path: Path
) -> None:
    wrong = CloudinaryMediaStorage(
        fake_cloudinary.url.replace(API_SECRET, "not-the-secret"), chunk_bytes=1024, timeout_seconds=2.0
    )
    with pytest.raises(UpstreamFailed):
        await wrong.upload(
            _file(tmp_path, samples.png()), public_id="x", resource_type=ResourceType.IMAGE, format="png"
        )
    assert fake_cloudinary.assets == {}


async def test_a_slow_cloudinary_is_unavailable(fake_cloudinary: FakeCloudinary, tmp_path: Path) -> None:
    fake_cloudinary.script("upload", Scripted(200, b"{}", delay=1.5))
    with pytest.raises(UpstreamUnavailable):
        await _storage(fake_cloudinary, timeout_seconds=0.3).upload(
            _file(tmp_path, samples.png()), public_id="x", resource_type=ResourceType.IMAGE, format="png"
        )


async def test_destroy_failures(fake_cloudinary: FakeCloudinary) -> None:
    storage = _storage(fake_cloudinary)
    fake_cloudinary.script("destroy", Scripted(200, b'{"result": "error"}'))
    with pytest.raises(UpstreamFailed):
        await storage.destroy("x", ResourceType.IMAGE)
    fake_cloudinary.script("destroy", Scripted(503, b'{"error": {"message": "down"}}'))
    with pytest.raises(UpstreamUnavailable):
        await storage.destroy("x", ResourceType.IMAGE)


async def test_no_secret_reaches_errors_or_logs(
    fake_cloudinary: FakeCloudinary, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # An upstream that echoes the secret and a signature back must not leak them further.
    leaky = f'{{"error": {{"message": "bad {API_SECRET} signature=0123456789abcdef {fake_cloudinary.url}"}}}}'
    fake_cloudinary.script("upload", Scripted(400, leaky.encode()), Scripted(502, leaky.encode()))
    storage = _storage(fake_cloudinary)
    for _ in range(2):
        with pytest.raises(UpstreamError) as raised:
            await storage.upload(
                _file(tmp_path, samples.png()), public_id="x", resource_type=ResourceType.IMAGE, format="png"
            )
        assert API_SECRET not in str(raised.value.detail)
    assert caplog.records
    for record in caplog.records:
        logged = record.getMessage() + " ".join(str(v) for v in record.__dict__.values())
        assert API_SECRET not in logged
        assert "0123456789abcdef" not in logged


# Over HTTP, with the app configured from CLOUDINARY_URL.


async def test_upload_records_what_cloudinary_answered(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
) -> None:
    image = await upload(cloudinary_client, admin_headers, samples.png(), folder="projects")
    assert image.status_code == 201, image.text
    body = image.json()
    assert body["public_id"].startswith("projects/")
    assert (body["width"], body["height"], body["duration_ms"]) == (*IMAGE_SIZE, None)
    assert body["secure_url"].startswith("https://res.cloudinary.com/demo/image/upload/")
    assert fake_cloudinary.assets[body["public_id"]].data == samples.png()

    video = await upload(cloudinary_client, admin_headers, samples.mp4(), filename="intro.mp4")
    assert video.status_code == 201
    assert (video.json()["resource_type"], video.json()["duration_ms"]) == ("video", 12500)
    rows = await db.fetch("SELECT public_id, duration_ms FROM media ORDER BY created_at")
    assert [(r["public_id"], r["duration_ms"]) for r in rows] == [
        (body["public_id"], None),
        (video.json()["public_id"], 12500),
    ]
    _assert_no_secret_sent(fake_cloudinary)


@pytest.mark.parametrize(("status", "expected"), [(400, 502), (500, 503), (429, 503)])
async def test_an_upload_cloudinary_refuses_leaves_no_row(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
    status: int,
    expected: int,
) -> None:
    fake_cloudinary.script("upload", Scripted(status, b'{"error": {"message": "no"}}'))
    response = await upload(cloudinary_client, admin_headers, samples.png())
    assert response.status_code == expected
    assert "Cloudinary" in response.json()["detail"]
    if expected == 503:
        assert response.headers["retry-after"].isdigit()
    assert await db.fetchval("SELECT count(*) FROM media") == 0


async def test_compensation_destroys_the_asset_when_the_row_cannot_be_written(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
) -> None:
    await db.execute(
        """
        CREATE FUNCTION refuse_media() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = 'unique_violation'; END $$;
        CREATE TRIGGER refuse_media BEFORE INSERT ON media FOR EACH ROW EXECUTE FUNCTION refuse_media();
        """
    )
    try:
        response = await upload(cloudinary_client, admin_headers, samples.png())
    finally:
        await db.execute("DROP TRIGGER refuse_media ON media; DROP FUNCTION refuse_media();")
    assert response.status_code == 409
    [uploaded] = fake_cloudinary.requests("upload")
    [destroyed] = fake_cloudinary.requests("destroy")
    assert destroyed.fields["public_id"] == uploaded.fields["public_id"]
    assert fake_cloudinary.assets == {}
    assert await db.fetchval("SELECT count(*) FROM media") == 0


@pytest.mark.parametrize(("answer", "expected"), [(Scripted(400, b"{}"), 502), (Scripted(503, b"down"), 502)])
async def test_a_storage_failure_on_delete_keeps_the_row(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
    answer: Scripted,
    expected: int,
) -> None:
    created = (await upload(cloudinary_client, admin_headers, samples.png())).json()
    fake_cloudinary.script("destroy", answer)

    response = await cloudinary_client.delete(f"/api/v1/media/{created['id']}", headers=admin_headers)

    assert response.status_code == expected
    assert "Cloudinary" in response.json()["detail"]
    assert await db.fetchval("SELECT count(*) FROM media WHERE id = $1", UUID(created["id"])) == 1
    assert created["public_id"] in fake_cloudinary.assets
    # Once Cloudinary is back, the delete goes through.
    retried = await cloudinary_client.delete(f"/api/v1/media/{created['id']}", headers=admin_headers)
    assert retried.status_code == 204
    assert fake_cloudinary.assets == {}
    assert await db.fetchval("SELECT count(*) FROM media") == 0


async def test_delete_of_media_cloudinary_no_longer_has(
    cloudinary_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    fake_cloudinary: FakeCloudinary,
) -> None:
    media_id = await insert_media(db, public_id="vanished", resource_type="video", format="mp4")
    response = await cloudinary_client.delete(
        f"/api/v1/media/{media_id}/delete-permanent", headers=admin_headers
    )
    assert response.status_code == 204
    [destroyed] = fake_cloudinary.requests("destroy")
    assert (destroyed.resource_type, destroyed.fields["public_id"]) == ("video", "vanished")
    assert await db.fetchval("SELECT count(*) FROM media") == 0
