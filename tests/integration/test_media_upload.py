"""POST /api/v1/media over HTTP, on local storage."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from uuid import UUID

import asyncpg
import msgspec
import pytest

from adapters.settings import Settings
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.http.media_upload import UploadStaging
from tests.integration.media_support import IMAGE_CAP, VIDEO_CAP, Client, upload
from tests.unit.media import samples

pytest_plugins = ["tests.integration.media_support"]

MEDIA_FIELDS = {
    "id", "public_id", "resource_type", "format", "version", "secure_url", "url", "content_type", "bytes",
    "width", "height", "duration_ms", "folder", "original_filename", "title", "alt_text", "description",
    "is_published", "is_deleted", "deleted_at", "deleted_by", "created_at", "updated_at",
}  # fmt: skip


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def test_an_image_is_stored_recorded_and_served_back(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    staging_dir: Path,
) -> None:
    content = samples.png(31, 17, padding=100)
    before = _files(local_files)
    response = await upload(
        local_client,
        admin_headers,
        content,
        filename="C:\\photos\\Course Cover.png",
        content_type="image/png",
        title="Cover",
        alt_text="A cover",
        description="Shown on the course page",
        folder="courses/covers",
        is_published="false",
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == MEDIA_FIELDS
    assert body["public_id"].startswith("courses/covers/")
    assert len(body["public_id"].removeprefix("courses/covers/")) == 32
    assert (body["resource_type"], body["format"], body["content_type"]) == ("image", "png", "image/png")
    assert (body["width"], body["height"], body["duration_ms"], body["bytes"]) == (31, 17, None, len(content))
    assert body["original_filename"] == "Course Cover.png"
    assert (body["title"], body["alt_text"], body["description"]) == (
        "Cover",
        "A cover",
        "Shown on the course page",
    )
    assert (body["folder"], body["is_published"], body["is_deleted"]) == ("courses/covers", False, False)
    assert body["secure_url"] == body["url"] == f"/media-files/{body['public_id']}.png"
    assert isinstance(body["version"], int)

    row = await db.fetchrow("SELECT * FROM media WHERE id = $1", UUID(body["id"]))
    assert row is not None
    assert (row["public_id"], row["width"], row["bytes"], row["is_published"]) == (
        body["public_id"], 31, len(content), False,
    )  # fmt: skip
    assert set(_files(local_files)) - set(before) == {local_files / f"{body['public_id']}.png"}
    assert _files(staging_dir) == []

    served = await local_client.get(body["secure_url"])
    assert served.status_code == 200
    assert served.content == content
    assert served.headers["content-type"].startswith("image/png")


@pytest.mark.parametrize(
    ("content", "filename", "kind", "size"),
    [
        (samples.jpeg(640, 480, padding=200), "a.jpg", ("image", "jpg", "image/jpeg"), (640, 480)),
        (samples.gif(12, 34), "a.gif", ("image", "gif", "image/gif"), (12, 34)),
        (samples.webp(99, 77), "a.webp", ("image", "webp", "image/webp"), (99, 77)),
        (samples.mp4(2048), "a.mp4", ("video", "mp4", "video/mp4"), (None, None)),
        (samples.webm(), "a.webm", ("video", "webm", "video/webm"), (None, None)),
        (samples.quicktime(), "a.mov", ("video", "mov", "video/quicktime"), (None, None)),
    ],
)
async def test_every_accepted_kind_is_judged_by_its_content(
    local_client: Client,
    admin_headers: dict[str, str],
    local_files: Path,
    content: bytes,
    filename: str,
    kind: tuple[str, str, str],
    size: tuple[int | None, int | None],
) -> None:
    # Declared as the generic type: the leading bytes decide.
    response = await upload(local_client, admin_headers, content, filename=filename)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["resource_type"], body["format"], body["content_type"]) == kind
    assert (body["width"], body["height"]) == size
    assert body["folder"] is None
    assert body["is_published"] is True
    assert (local_files / f"{body['public_id']}.{kind[1]}").read_bytes() == content


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"%PDF-1.7 not a picture" * 10, "image/png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/svg+xml"),
        (samples.png(), "image/jpeg"),
        (samples.mp4(), "video/webm"),
        (samples.jpeg(), "video/mp4"),
    ],
)
async def test_unknown_or_mislabelled_content_is_415(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    staging_dir: Path,
    content: bytes,
    content_type: str,
) -> None:
    before = _files(local_files)
    response = await upload(local_client, admin_headers, content, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["status_code"] == 415
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    assert _files(local_files) == before
    assert _files(staging_dir) == []


async def test_a_body_that_is_not_multipart_is_415(
    local_client: Client, admin_headers: dict[str, str]
) -> None:
    response = await local_client.post("/api/v1/media", json={"file": "x"}, headers=admin_headers)
    assert response.status_code == 415


async def test_caps_depend_on_the_type_the_content_has(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    staging_dir: Path,
) -> None:
    before = _files(local_files)
    too_big_image = samples.png(padding=IMAGE_CAP)
    response = await upload(local_client, admin_headers, too_big_image)
    assert response.status_code == 413
    assert str(IMAGE_CAP) in response.json()["detail"]

    # The same size is fine for a video, whose cap is larger ...
    video = samples.mp4(len(too_big_image))
    assert (await upload(local_client, admin_headers, video, filename="v.mp4")).status_code == 201
    # ... up to the video cap, inclusive.
    assert (
        await upload(local_client, admin_headers, samples.mp4(VIDEO_CAP), filename="v.mp4")
    ).status_code == 201
    over = await upload(local_client, admin_headers, samples.mp4(VIDEO_CAP + 1), filename="v.mp4")
    assert over.status_code == 413

    assert await db.fetchval("SELECT count(*) FROM media") == 2
    assert len(_files(local_files)) == len(before) + 2
    assert _files(staging_dir) == []


async def test_an_announced_length_over_the_cap_is_413_before_the_body_is_read(
    local_client: Client, admin_headers: dict[str, str]
) -> None:
    # Not even multipart: only an answer given before reading can be a 413 rather than a 415.
    headers = {**admin_headers, "Content-Type": "text/plain", "Content-Length": str(10 * 1024 * 1024)}
    response = await local_client.post("/api/v1/media", content=b"x" * 10, headers=headers)
    assert response.status_code == 413


async def test_authorization_comes_before_the_body(
    local_client: Client, user_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    assert (await upload(local_client, {}, samples.png())).status_code == 401
    assert (await upload(local_client, user_headers, samples.png())).status_code == 403
    # Even a body that could never be accepted.
    garbage = await local_client.post("/api/v1/media", content=b"garbage", headers=user_headers)
    assert garbage.status_code == 403
    assert await db.fetchval("SELECT count(*) FROM media") == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"folder": "../etc"}, "folder"),
        ({"folder": "a b"}, "folder"),
        ({"title": "t" * 256}, "title"),
        ({"alt_text": "a" * 501}, "alt_text"),
        ({"is_published": "maybe"}, "is_published"),
        ({"public_id": "mine"}, "public_id"),
    ],
)
async def test_bad_fields_are_422_and_nothing_is_stored(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    staging_dir: Path,
    fields: dict[str, str],
    field: str,
) -> None:
    before = _files(local_files)
    response = await upload(local_client, admin_headers, samples.png(), **fields)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    assert _files(local_files) == before
    assert _files(staging_dir) == []


async def test_a_missing_or_empty_file_is_422(local_client: Client, admin_headers: dict[str, str]) -> None:
    missing = await local_client.post("/api/v1/media", files={"title": (None, "x")}, headers=admin_headers)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "file"
    empty = await upload(local_client, admin_headers, b"")
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "file"


async def test_malformed_multipart_is_422(local_client: Client, admin_headers: dict[str, str]) -> None:
    headers = {**admin_headers, "Content-Type": "multipart/form-data; boundary=xyz"}
    body = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n' + samples.png()
    response = await local_client.post("/api/v1/media", content=body, headers=headers)
    assert response.status_code == 422
    long_boundary = {**admin_headers, "Content-Type": f"multipart/form-data; boundary={'b' * 500}"}
    response = await local_client.post("/api/v1/media", content=body, headers=long_boundary)
    assert response.status_code == 422
    garbage = {**admin_headers, "Content-Type": "multipart/form-data; boundary=xyz"}
    response = await local_client.post("/api/v1/media", content=b"\x00garbage" * 100, headers=garbage)
    assert response.status_code == 422


async def test_too_many_parts_and_oversized_fields_are_refused(
    local_client: Client, admin_headers: dict[str, str]
) -> None:
    files = [("file", ("a.png", samples.png(), "image/png"))] + [
        (f"extra{i}", (None, b"x")) for i in range(10)
    ]
    many = await local_client.post("/api/v1/media", files=files, headers=admin_headers)
    assert many.status_code == 422
    huge = await upload(local_client, admin_headers, samples.png(), description="d" * 100_000)
    assert huge.status_code == 413


async def test_compensation_removes_the_file_when_the_row_cannot_be_written(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    staging_dir: Path,
) -> None:
    before = _files(local_files)
    await db.execute(
        """
        CREATE FUNCTION refuse_media() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END $$;
        CREATE TRIGGER refuse_media BEFORE INSERT ON media FOR EACH ROW EXECUTE FUNCTION refuse_media();
        """
    )
    try:
        response = await upload(local_client, admin_headers, samples.png())
    finally:
        await db.execute("DROP TRIGGER refuse_media ON media; DROP FUNCTION refuse_media();")
    assert response.status_code == 422
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    assert _files(local_files) == before
    assert _files(staging_dir) == []


Message = dict[str, object]


async def _asgi_upload(
    settings: Settings,
    headers: dict[str, str],
    body: list[bytes],
    while_streaming: Callable[[], Awaitable[None]] | None = None,
) -> tuple[list[Message], int]:
    """POST a multipart body in `body`'s chunks straight to the ASGI app.

    Returns what the app sent and how many chunks it pulled in.
    """
    container = build_container(settings)
    app = create_app(settings, container)
    pulled = 0

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        if pulled == 2 and while_streaming is not None:
            await while_streaming()
        if pulled > len(body):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": body[pulled - 1], "more_body": pulled < len(body)}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    raw_headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/v1/media", "raw_path": b"/api/v1/media", "root_path": "",
        "query_string": b"", "headers": raw_headers, "client": ("127.0.0.1", 5000),
        "server": ("test", 80), "state": {},
    }  # fmt: skip
    try:
        await app(scope, receive, send)  # type: ignore[arg-type]
    finally:
        await container.close()
    return sent, pulled


BOUNDARY = "asgi-test"


def _file_part(content: bytes, content_type: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode() + content


async def test_reading_stops_as_soon_as_the_file_passes_its_cap(
    local_settings: Settings, admin_headers: dict[str, str], staging_dir: Path
) -> None:
    """Driven at the ASGI level, to count how much of a chunked body the app pulls in."""
    chunk = b"\x00" * 1024
    body = [_file_part(samples.png(), "image/png")] + [chunk] * 1000

    sent, pulled = await _asgi_upload(local_settings, admin_headers, body)

    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 413
    # The image cap is 4 KiB: the app stops a few chunks past it, not at the end of the 1 MB body.
    assert pulled <= IMAGE_CAP // len(chunk) + 3
    assert _files(staging_dir) == []


async def test_no_database_connection_is_held_while_the_body_streams_in(
    local_settings: Settings, admin_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    in_transaction: list[int] = []

    async def count_open_transactions() -> None:
        in_transaction.append(
            await db.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%'"
            )
        )

    body = [_file_part(samples.mp4(), "video/mp4"), b"\x00" * 1024, f"\r\n--{BOUNDARY}--\r\n".encode()]
    sent, _ = await _asgi_upload(local_settings, admin_headers, body, count_open_transactions)

    assert sent[0]["status"] == 201
    assert in_transaction == [0]
    assert await db.fetchval("SELECT count(*) FROM media") == 1


@pytest.mark.parametrize(
    "body",
    [
        b"--xyz\r\nno colon here\r\n\r\ndata\r\n--xyz--\r\n",
        b"--xyz\r\nContent-Type: image/png\r\n\r\ndata\r\n--xyz--\r\n",
        b'--xyz\r\nContent-Disposition: attachment; name="file"\r\n\r\ndata\r\n--xyz--\r\n',
        b'--xyz\r\nContent-Disposition: form-data; filename="a.png"\r\n\r\ndata\r\n--xyz--\r\n',
        b"--xyz\r\nX-Long: " + b"h" * 10_000 + b"\r\n\r\ndata\r\n--xyz--\r\n",
        b"--xyz\r\n" + b"X-A: b\r\n" * 50 + b"\r\ndata\r\n--xyz--\r\n",
        b'--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe\r\n--xyz--\r\n',
        b'--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\na\r\n'
        b'--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nb\r\n--xyz--\r\n',
        b"--xyz--\r\n",
        b"",
    ],
)
async def test_odd_multipart_bodies_are_422_never_500(
    local_client: Client, admin_headers: dict[str, str], staging_dir: Path, body: bytes
) -> None:
    headers = {**admin_headers, "Content-Type": "multipart/form-data; boundary=xyz"}
    response = await local_client.post("/api/v1/media", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["status_code"] == 422
    assert _files(staging_dir) == []


async def test_staged_files_left_by_a_crash_are_removed_at_start(
    local_settings: Settings, tmp_path: Path
) -> None:
    settings = msgspec.structs.replace(local_settings, data_dir=str(tmp_path))
    staging = tmp_path / "incoming"
    staging.mkdir()
    old, fresh, other = staging / "upload-old", staging / "upload-fresh", staging / "notes.txt"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    a_day_ago = time.time() - 25 * 3600
    for path in (old, other):
        os.utime(path, (a_day_ago, a_day_ago))

    container = build_container(settings)
    try:
        staged = await container.get(UploadStaging)
    finally:
        await container.close()

    assert staged.directory == staging
    assert sorted(p.name for p in staging.iterdir()) == ["notes.txt", "upload-fresh"]
