"""With the database unreachable the service still starts, says so, and answers 503."""

from __future__ import annotations

import socket

import msgspec
from litestar.testing import AsyncTestClient

from adapters.settings import Settings
from entrypoints.http.app import create_app


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
