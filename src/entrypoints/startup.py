"""Preparing the database at start: migrations and the first administrator, retried until it answers."""

from __future__ import annotations

import asyncio
import logging
from typing import Final

from dishka import AsyncContainer

from adapters.persistence.database import DATABASE_UNAVAILABLE, probe_database
from adapters.persistence.schema_version import upgrade_in_subprocess
from adapters.settings import Settings
from application.users.ensure_first_admin import EnsureFirstAdmin, FirstAdmin

logger = logging.getLogger(__name__)

RETRY_FIRST_SECONDS: Final = 0.5
RETRY_MAX_SECONDS: Final = 5.0


def first_admin_of(settings: Settings) -> FirstAdmin | None:
    username, email = settings.first_superuser, settings.first_superuser_email
    password = settings.first_superuser_password
    if not (username and email and password):
        return None
    return FirstAdmin(username=username, email=email, password=password)


class DatabasePreparation:
    """Brings the database to the latest schema (when asked) and creates the first administrator."""

    def __init__(self, settings: Settings, container: AsyncContainer, *, migrate: bool) -> None:
        self._settings = settings
        self._container = container
        self._migrate = migrate
        self._first_admin = first_admin_of(settings)

    async def run_once(self) -> None:
        """Raises one of DATABASE_UNAVAILABLE when the database cannot be reached."""
        if self._migrate:
            assert self._settings.database_url is not None
            # Reach the database first, so that "down" is told apart from a failed migration.
            await probe_database(self._settings.database_url)
            await upgrade_in_subprocess(self._settings.database_url)
        if self._first_admin is not None:
            async with self._container() as request_container:
                ensure = await request_container.get(EnsureFirstAdmin)
                if await ensure(self._first_admin):
                    logger.info(
                        "created the first administrator", extra={"username": self._first_admin.username}
                    )

    async def run_until_done(self) -> None:
        """Retries with growing pauses until the database answers, logging each wait."""
        delay = RETRY_FIRST_SECONDS
        while True:
            logger.warning("database not reachable yet, retrying", extra={"retry_in_s": delay})
            await asyncio.sleep(delay)
            try:
                await self.run_once()
            except DATABASE_UNAVAILABLE:
                delay = min(delay * 2, RETRY_MAX_SECONDS)
                continue
            logger.info("database ready")
            return
