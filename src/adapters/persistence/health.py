from __future__ import annotations

import asyncio
from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.schema_version import expected_revision

READINESS_TIMEOUT_SECONDS: Final = 2.0


class DatabaseHealth:
    """Whether the database answers and its schema is at the migrations' head."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._head = expected_revision()

    async def problem(self) -> str | None:
        """None when ready, else a short reason fit for a client."""
        try:
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
                async with self._engine.connect() as connection:
                    current = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        except (SQLAlchemyError, OSError, TimeoutError):
            return "Database unavailable"
        if current != self._head:
            return "Database schema is not at the latest migration"
        return None
