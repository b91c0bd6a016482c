"""With the database unreachable the service still starts, says so, and answers 503."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from adapters.persistence.database import DATABASE_UNAVAILABLE, probe_database
from adapters.settings import Settings
from entrypoints.http.app import create_app
from tests.integration.tcp_proxy import SwitchableProxy


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_start_without_a_database_then_readiness_is_503(settings: Settings) -> None:
    unreachable = msgspec.structs.replace(
        settings, database_url=f"postgresql://postgres@127.0.0.1:{_closed_port()}/nothing"
    )
    async with AsyncTestClient(create_app(unreachable)) as client:
        assert (await client.get("/health/live")).status_code == 200
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json() == {"status_code": 503, "detail": "Database unavailable"}
        assert ready.headers["retry-after"] == "1"


async def test_a_migrating_start_waits_for_the_database_and_holds_requests_back(settings: Settings) -> None:
    unreachable = msgspec.structs.replace(
        settings, database_url=f"postgresql://postgres@127.0.0.1:{_closed_port()}/nothing"
    )
    async with AsyncTestClient(create_app(unreachable, migrate=True)) as client:
        assert (await client.get("/health/live")).status_code == 200
        assert (await client.get("/health/ready")).status_code == 503
        held = await client.get("/api/v1/courses")
        assert held.status_code == 503
        assert held.json() == {"status_code": 503, "detail": "Service is starting: waiting for the database"}
        assert held.headers["retry-after"] == "2"
        assert (await client.get("/openapi.json")).status_code == 200


async def test_the_service_comes_up_on_its_own_once_the_database_answers(
    settings: Settings, migrated_database: str
) -> None:
    target = make_url(migrated_database)
    if target.host is None:
        pytest.skip("the database is reached through a socket; this check needs TCP")
    proxy = SwitchableProxy(target.host, target.port or 5432)
    proxy.up = False
    through_proxy = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        app = create_app(msgspec.structs.replace(settings, database_url=through_proxy), migrate=True)
        async with AsyncTestClient(app) as client:
            assert (await client.get("/health/ready")).status_code == 503
            proxy.up = True
            deadline = asyncio.get_running_loop().time() + 10
            while (await client.get("/health/ready")).status_code != 200:
                assert asyncio.get_running_loop().time() < deadline, (
                    "not ready 10 s after the database returned"
                )
                await asyncio.sleep(0.2)
            assert (await client.get("/api/v1/nothing-here")).status_code == 404  # the gate is open
    finally:
        proxy.close()


async def test_a_server_whose_socket_is_gone_counts_as_unavailable(tmp_path: Path) -> None:
    """A stopped local server leaves no socket file; start-up must wait for it, not crash."""
    url = f"postgresql://postgres@/postgres?host={tmp_path}"
    with pytest.raises(DATABASE_UNAVAILABLE):
        await probe_database(url, timeout_seconds=2)
