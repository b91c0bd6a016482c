"""Listing, reading, metadata, soft deletion and deletion of media, over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from uuid import UUID, uuid4

import asyncpg
import pytest

from domain.users import Role
from tests.integration.conftest import bearer
from tests.integration.media_support import Client, insert_media, upload
from tests.unit.media import samples

pytest_plugins = ["tests.integration.media_support"]


async def test_list_filters_searches_and_counts(
    client: Client, admin_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    cover = await insert_media(db, public_id="a", title="Python Course Cover", original_filename="cover.png")
    clip = await insert_media(
        db,
        public_id="b",
        resource_type="video",
        format="mp4",
        content_type="video/mp4",
        alt_text="intro CLIP",
    )
    draft = await insert_media(db, public_id="c", is_published=False, original_filename="Draft_100%.png")
    gone = await insert_media(
        db, public_id="d", title="python old", is_deleted=True, deleted_at=await db.fetchval("SELECT now()")
    )

    async def ids(**params: str | int) -> tuple[list[UUID], int]:
        response = await client.get("/api/v1/media", params=params, headers=admin_headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"items", "total"}
        assert response.headers["x-total-count"] == str(body["total"])
        return [UUID(item["id"]) for item in body["items"]], body["total"]

    # Newest first, soft-deleted rows hidden.
    assert await ids() == ([draft, clip, cover], 3)
    assert await ids(resource_type="video") == ([clip], 1)
    assert await ids(is_published="false") == ([draft], 1)
    assert await ids(is_deleted="true") == ([gone], 1)
    assert await ids(search="PYTHON") == ([cover], 1)
    assert await ids(search="python", is_deleted="true") == ([gone], 1)
    assert await ids(search="clip") == ([clip], 1)
    assert await ids(search="draft_") == ([draft], 1)
    # LIKE wildcards in the search are plain characters.
    assert await ids(search="100%") == ([draft], 1)
    assert await ids(search="%") == ([draft], 1)
    assert await ids(skip=1, limit=1) == ([clip], 3)

    assert (
        await client.get("/api/v1/media", params={"limit": 101}, headers=admin_headers)
    ).status_code == 422
    bad_type = await client.get("/api/v1/media", params={"resource_type": "raw"}, headers=admin_headers)
    assert bad_type.status_code == 422


async def test_list_is_for_admins(client: Client, user_headers: dict[str, str]) -> None:
    assert (await client.get("/api/v1/media")).status_code == 401
    assert (await client.get("/api/v1/media", headers=user_headers)).status_code == 403


async def test_get_is_public_for_published_media_only(
    client: Client, admin_headers: dict[str, str], user_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    public = await insert_media(db, public_id="p")
    draft = await insert_media(db, public_id="q", is_published=False)
    gone = await insert_media(
        db, public_id="r", is_deleted=True, deleted_at=await db.fetchval("SELECT now()")
    )

    for headers in ({}, user_headers, admin_headers):
        response = await client.get(f"/api/v1/media/{public}", headers=headers)
        assert response.status_code == 200
        assert response.json()["public_id"] == "p"
    for hidden in (draft, gone):
        for headers in ({}, user_headers):
            response = await client.get(f"/api/v1/media/{hidden}", headers=headers)
            assert response.status_code == 404
            assert response.json() == {"status_code": 404, "detail": "Media not found"}
        assert (await client.get(f"/api/v1/media/{hidden}", headers=admin_headers)).status_code == 200
    assert (await client.get(f"/api/v1/media/{uuid4()}", headers=admin_headers)).status_code == 404
    bad_token = {"Authorization": "Bearer nonsense"}
    assert (await client.get(f"/api/v1/media/{public}", headers=bad_token)).status_code == 401


async def test_patch_changes_metadata_only(
    client: Client, admin_headers: dict[str, str], user_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    media_id = await insert_media(db, public_id="m", title="Old", alt_text="Alt", description="Text")
    url = f"/api/v1/media/{media_id}"

    response = await client.patch(
        url, json={"title": "New", "description": None, "is_published": False}, headers=admin_headers
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["alt_text"], body["description"], body["is_published"]) == (
        "New", "Alt", None, False,
    )  # fmt: skip
    row = await db.fetchrow("SELECT * FROM media WHERE id = $1", media_id)
    assert (row["title"], row["alt_text"], row["description"], row["is_published"]) == (
        "New",
        "Alt",
        None,
        False,
    )
    assert row["updated_at"] >= row["created_at"]

    for storage_fact in ({"public_id": "x"}, {"bytes": 1}, {"secure_url": "https://evil.example/x"}):
        refused = await client.patch(url, json=storage_fact, headers=admin_headers)
        assert refused.status_code == 422
    assert (await client.patch(url, json={"title": "t" * 256}, headers=admin_headers)).status_code == 422
    assert (await client.patch(url, json={"is_published": None}, headers=admin_headers)).status_code == 422
    assert (await client.patch(url, json={"title": "x"}, headers=user_headers)).status_code == 403
    assert (await client.patch(f"/api/v1/media/{uuid4()}", json={}, headers=admin_headers)).status_code == 404
    assert await db.fetchval("SELECT public_id FROM media WHERE id = $1", media_id) == "m"
    assert await db.fetchval("SELECT title FROM media WHERE id = $1", media_id) == "New"


async def test_soft_delete_and_restore(
    client: Client,
    admin_headers: dict[str, str],
    make_user: Callable[..., Awaitable[UUID]],
    token_issuer: object,
    db: asyncpg.Connection,
) -> None:
    other_admin = await make_user("second", Role.ADMIN)
    headers = bearer(token_issuer, other_admin, Role.ADMIN)  # type: ignore[arg-type]
    media_id = await insert_media(db, public_id="s")

    deleted = await client.post(f"/api/v1/media/{media_id}/soft-delete", headers=headers)
    assert deleted.status_code == 200
    body = deleted.json()
    assert (body["is_deleted"], body["deleted_by"]) == (True, str(other_admin))
    assert body["deleted_at"] is not None
    row = await db.fetchrow("SELECT is_deleted, deleted_by, deleted_at FROM media WHERE id = $1", media_id)
    assert (row["is_deleted"], row["deleted_by"]) == (True, other_admin)
    listed = await client.get("/api/v1/media", headers=admin_headers)
    assert listed.json()["total"] == 0

    restored = await client.post(f"/api/v1/media/{media_id}/restore", headers=admin_headers)
    assert restored.status_code == 200
    assert (restored.json()["is_deleted"], restored.json()["deleted_at"], restored.json()["deleted_by"]) == (
        False, None, None,
    )  # fmt: skip
    row = await db.fetchrow("SELECT is_deleted, deleted_by, deleted_at FROM media WHERE id = $1", media_id)
    assert tuple(row) == (False, None, None)

    assert (
        await client.post(f"/api/v1/media/{uuid4()}/soft-delete", headers=admin_headers)
    ).status_code == 404
    assert (await client.post(f"/api/v1/media/{uuid4()}/restore", headers=admin_headers)).status_code == 404
    assert (await client.post(f"/api/v1/media/{media_id}/soft-delete")).status_code == 401


@pytest.mark.parametrize("route", ["", "/delete-permanent"])
async def test_delete_removes_the_file_then_the_row(
    local_client: Client,
    admin_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    route: str,
) -> None:
    created = (await upload(local_client, admin_headers, samples.png())).json()
    stored = local_files / f"{created['public_id']}.png"
    assert stored.is_file()

    response = await local_client.delete(f"/api/v1/media/{created['id']}{route}", headers=admin_headers)
    assert response.status_code == 204
    assert not stored.exists()
    assert await db.fetchval("SELECT count(*) FROM media") == 0
    assert (await local_client.get(created["secure_url"])).status_code == 404
    again = await local_client.delete(f"/api/v1/media/{created['id']}{route}", headers=admin_headers)
    assert again.status_code == 404


async def test_a_file_already_gone_from_storage_does_not_block_deletion(
    local_client: Client, admin_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    media_id = await insert_media(db, public_id="never-stored")
    assert (await local_client.delete(f"/api/v1/media/{media_id}", headers=admin_headers)).status_code == 204
    assert await db.fetchval("SELECT count(*) FROM media") == 0


@pytest.mark.parametrize("owner", ["course", "project"])
async def test_media_in_use_cannot_be_deleted(
    local_client: Client,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
    db: asyncpg.Connection,
    local_files: Path,
    owner: str,
) -> None:
    created = (await upload(local_client, admin_headers, samples.png())).json()
    media_id = UUID(created["id"])
    if owner == "course":
        await db.execute("INSERT INTO courses (title, image_id) VALUES ('Python', $1)", media_id)
    else:
        await db.execute("INSERT INTO projects (title, image_id) VALUES ('Portfolio', $1)", media_id)

    for route in ("", "/delete-permanent"):
        response = await local_client.delete(f"/api/v1/media/{media_id}{route}", headers=admin_headers)
        assert response.status_code == 409
        assert response.json()["status_code"] == 409
    assert (await local_client.delete(f"/api/v1/media/{media_id}", headers=user_headers)).status_code == 403
    assert await db.fetchval("SELECT count(*) FROM media") == 1
    assert (local_files / f"{created['public_id']}.png").is_file()


async def test_a_malformed_id_is_422_after_authorization(
    client: Client, admin_headers: dict[str, str], user_headers: dict[str, str]
) -> None:
    for method, path in (
        ("GET", "/api/v1/media/not-a-uuid"),
        ("PATCH", "/api/v1/media/not-a-uuid"),
        ("POST", "/api/v1/media/not-a-uuid/soft-delete"),
        ("POST", "/api/v1/media/not-a-uuid/restore"),
        ("DELETE", "/api/v1/media/not-a-uuid"),
        ("DELETE", "/api/v1/media/not-a-uuid/delete-permanent"),
    ):
        body = {"title": "x"} if method == "PATCH" else None
        response = await client.request(method, path, json=body, headers=admin_headers)
        assert response.status_code == 422, (method, path)
        assert response.json()["errors"][0]["field"] == "media_id"
        if method != "GET":
            assert (await client.request(method, path, json=body)).status_code == 401
            assert (await client.request(method, path, json=body, headers=user_headers)).status_code == 403


async def test_the_openapi_document_describes_the_upload_form(client: Client) -> None:
    document = (await client.get("/openapi.json")).json()
    upload_route = document["paths"]["/api/v1/media"]["post"]
    form = upload_route["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert set(form["properties"]) == {"file", "title", "alt_text", "description", "folder", "is_published"}
    assert {"401", "403", "413", "415", "422", "502", "503"} <= set(upload_route["responses"])
    assert set(document["paths"]["/api/v1/media/{media_id}"]) == {"get", "patch", "delete"}
