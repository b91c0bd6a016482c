"""The bare asyncpg pool that serves the read-model queries."""

from __future__ import annotations

from typing import Any

import asyncpg

from adapters.persistence.database import asyncpg_dsn, connect


class ReadConnection(asyncpg.Connection):  # type: ignore[misc]
    """A connection that only ever runs plain SELECTs outside transactions.

    It leaves no session state behind (no SET, LISTEN, cursors or advisory locks), so
    handing it back to the pool needs no reset query: one round trip saved per read.
    """

    def get_reset_query(self) -> str:
        return ""


async def create_read_pool(database_url: str, max_size: int, **options: Any) -> asyncpg.Pool:
    # min_size=0: no connection is made up front, so a database that is down at start-up
    # does not stop the service; reads answer 503 until it is back.
    return await asyncpg.create_pool(
        asyncpg_dsn(database_url),
        min_size=0,
        max_size=max_size,
        connection_class=ReadConnection,
        connect=connect,
        # Read models built as JSON by the database carry its text of timestamps, which
        # follows the session's time zone: UTC, as every other answer gives them.
        server_settings={"timezone": "UTC"},
        **options,
    )
