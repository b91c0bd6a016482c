from __future__ import annotations

import re

import asyncpg
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.settings import Settings
from entrypoints.http.app import create_app

Client = AsyncTestClient[Litestar]


async def test_liveness(client: Client) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readiness_checks_the_database_and_its_migrations(client: Client) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readiness_reports_a_schema_behind_the_migrations(
    client: Client, db: asyncpg.Connection
) -> None:
    head = await db.fetchval("SELECT version_num FROM alembic_version")
    await db.execute("UPDATE alembic_version SET version_num = 'older'")
    try:
        response = await client.get("/health/ready")
    finally:
        await db.execute("UPDATE alembic_version SET version_num = $1", head)
    assert response.status_code == 503
    assert response.json()["status_code"] == 503
    assert "migration" in response.json()["detail"]


async def test_unknown_route_is_a_json_404(client: Client) -> None:
    for path in ("/nope", "/api/v1/nope", "/a/b/c"):
        response = await client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json() == {"status_code": 404, "detail": "Not Found"}


async def test_wrong_method_is_a_json_405(client: Client) -> None:
    response = await client.delete("/health/live")
    assert response.status_code == 405
    assert response.json()["status_code"] == 405


async def test_every_response_carries_a_request_id(client: Client) -> None:
    first, second = await client.get("/health/live"), await client.get("/health/live")
    assert re.fullmatch(r"[0-9a-f]{20}", first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    given = await client.get("/nope", headers={"X-Request-ID": "trace-42"})
    assert given.headers["x-request-id"] == "trace-42"
    unsafe = await client.get("/health/live", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


async def test_openapi_document_and_docs_page(client: Client) -> None:
    document = await client.get("/openapi.json")
    assert document.status_code == 200
    body = document.json()
    assert body["openapi"].startswith("3.1")
    assert "/health/ready" in body["paths"]
    docs = await client.get("/")
    assert docs.status_code == 200
    assert docs.headers["content-type"].startswith("text/html")


async def test_first_admin_is_created_once_with_argon2id(
    client: Client, db: asyncpg.Connection, settings: Settings
) -> None:
    rows = await db.fetch("SELECT username, email, role, password_hash FROM users")
    assert [(r["username"], r["email"], r["role"]) for r in rows] == [("admin", "admin@example.com", "ADMIN")]
    assert rows[0]["password_hash"].startswith("$argon2id$")
    # A second start changes nothing.
    async with AsyncTestClient(create_app(settings)) as second:
        assert (await second.get("/health/ready")).status_code == 200
    again = await db.fetch("SELECT username, password_hash FROM users")
    assert [(r["username"], r["password_hash"]) for r in again] == [("admin", rows[0]["password_hash"])]


async def test_argon2_hashes_use_owasp_parameters() -> None:
    hasher = Argon2PasswordHasher()
    weaker = Argon2PasswordHasher(time_cost=1, memory_cost_kib=8192)
    try:
        password_hash = await hasher.hash("correct horse")
        assert password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
        assert await hasher.verify(password_hash, "correct horse")
        assert not await hasher.verify(password_hash, "wrong horse")
        assert not await hasher.verify("not-a-hash", "correct horse")
        assert not hasher.needs_rehash(password_hash)
        assert hasher.needs_rehash(await weaker.hash("correct horse"))
    finally:
        await hasher.close()
        await weaker.close()
