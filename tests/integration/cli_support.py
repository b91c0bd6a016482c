"""Driving the `ahc` command line in tests: its environment and a look at the tables."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from adapters.persistence.database import asyncpg_dsn
from adapters.settings import Settings


def cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment a command runs with: the test database, quiet logs, no AI provider."""
    assert settings.database_url is not None
    assert settings.secret_key is not None
    return {
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
        "LOG_LEVEL": "WARNING",
        "GEMINI_API_KEY": "",
        "REDIS_URL": "",
        **extra,
    }


def fetch(settings: Settings, sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of a query, from a sync test (the commands run their own event loop)."""
    assert settings.database_url is not None

    async def query() -> list[dict[str, Any]]:
        connection = await asyncpg.connect(asyncpg_dsn(settings.database_url or ""))
        try:
            return [dict(row) for row in await connection.fetch(sql, *args)]
        finally:
            await connection.close()

    return asyncio.run(query())
