"""CORS: only the configured origins, with credentials, for the contract's methods and headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.settings import Settings
from entrypoints.http.app import create_app

ADMIN_SITE = "https://admin.example.com"


@pytest.fixture
async def cors_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    configured = msgspec.structs.replace(
        settings, backend_cors_origins=[ADMIN_SITE, "https://learn.example.com"]
    )
    async with AsyncTestClient(create_app(configured)) as client:
        yield client


async def test_a_listed_origin_may_call_with_credentials(cors_client: AsyncTestClient[Litestar]) -> None:
    preflight = await cors_client.options(
        "/api/v1/courses",
        headers={
            "Origin": ADMIN_SITE,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == ADMIN_SITE
    assert preflight.headers["access-control-allow-credentials"] == "true"
    methods = {m.strip() for m in preflight.headers["access-control-allow-methods"].split(",")}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods
    allowed = {h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed

    simple = await cors_client.get("/api/v1/courses", headers={"Origin": ADMIN_SITE})
    assert simple.headers["access-control-allow-origin"] == ADMIN_SITE
    assert "x-total-count" in simple.headers["access-control-expose-headers"].lower()


async def test_another_origin_gets_no_permission(cors_client: AsyncTestClient[Litestar]) -> None:
    response = await cors_client.get("/api/v1/courses", headers={"Origin": "https://evil.example.net"})
    assert "access-control-allow-origin" not in response.headers
    preflight = await cors_client.options(
        "/api/v1/courses",
        headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "DELETE"},
    )
    assert preflight.headers.get("access-control-allow-origin") != "https://evil.example.net"


async def test_without_origins_configured_no_cors_headers_are_sent(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/courses", headers={"Origin": ADMIN_SITE})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
