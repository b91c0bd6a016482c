"""Fixtures for tests against real PostgreSQL and the app over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.persistence.database import asyncpg_dsn
from adapters.persistence.migrations import upgrade_to_head
from adapters.persistence.tables import metadata
from adapters.settings import Settings
from entrypoints.http.app import create_app

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256"
ADMIN_PASSWORD = "admin-password-123"


async def _reset_schema(url: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    """The test database, emptied and migrated to head once per run."""
    import asyncio

    asyncio.run(_reset_schema(database_url))
    upgrade_to_head(database_url)
    return database_url


@pytest.fixture(scope="session")
def settings(migrated_database: str) -> Settings:
    return Settings(
        database_url=migrated_database,
        secret_key=TEST_SECRET_KEY,
        cookie_secure=False,
        first_superuser="admin",
        first_superuser_email="admin@example.com",
        first_superuser_password=ADMIN_PASSWORD,
        database_pool_size=5,
    )


@pytest.fixture(scope="session")
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture(scope="session")
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
async def db(migrated_database: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection for arranging data and checking what the service wrote."""
    connection = await asyncpg.connect(asyncpg_dsn(migrated_database))
    yield connection
    await connection.close()


@pytest.fixture(scope="session")
async def first_admin(client: AsyncTestClient[Litestar], db: asyncpg.Connection) -> asyncpg.Record:
    """The administrator the app creates at start-up, as it was then."""
    row = await db.fetchrow("SELECT * FROM users WHERE username = 'admin'")
    assert row is not None
    return row


@pytest.fixture(autouse=True)
async def _clean_tables(db: asyncpg.Connection, first_admin: asyncpg.Record) -> AsyncIterator[None]:
    """Each test starts from the migrated schema holding only the first administrator."""
    yield
    tables = ", ".join(t.name for t in metadata.sorted_tables if t.name != "users")
    await db.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    await db.execute("DELETE FROM users WHERE id <> $1", first_admin["id"])
    columns = [name for name in dict(first_admin) if name != "id"]
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(columns, start=2))
    await db.execute(
        f"UPDATE users SET {assignments} WHERE id = $1", first_admin["id"], *(first_admin[c] for c in columns)
    )
