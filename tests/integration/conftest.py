"""Fixtures for tests against real PostgreSQL and the app over HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from argon2 import PasswordHasher as Argon2Hasher
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from adapters.clock import SystemClock
from adapters.logging import JsonFormatter
from adapters.persistence.database import asyncpg_dsn
from adapters.persistence.migrations import upgrade_to_head
from adapters.persistence.tables import metadata
from adapters.security.jwt_tokens import JwtTokenIssuer
from adapters.settings import Settings
from domain.users import Role
from entrypoints.http.app import create_app

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256"
ADMIN_PASSWORD = "admin-password-123"


async def _reset_schema(url: str) -> None:
    """Create the database when it is missing, then empty its public schema."""
    target = make_url(url)
    server = await asyncpg.connect(asyncpg_dsn(target.set(database="postgres").render_as_string(False)))
    try:
        if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", target.database):
            await server.execute(f'CREATE DATABASE "{target.database}"')
    finally:
        await server.close()
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


@pytest.fixture(scope="session")
def token_issuer(settings: Settings) -> JwtTokenIssuer:
    assert settings.secret_key is not None
    return JwtTokenIssuer(
        secret_key=settings.secret_key,
        algorithm=settings.jwt_algorithm,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_expire_minutes),
        clock=SystemClock(),
    )


def bearer(token_issuer: JwtTokenIssuer, user_id: UUID, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_issuer.issue_access(user_id, role).token}"}


@pytest.fixture
def admin_headers(first_admin: asyncpg.Record, token_issuer: JwtTokenIssuer) -> dict[str, str]:
    """Authorization headers of the first administrator."""
    return bearer(token_issuer, first_admin["id"], Role.ADMIN)


# An argon2id hash of USER_PASSWORD, made once, so that arranging users costs no hashing.
USER_PASSWORD = "user-password-123"
_USER_PASSWORD_HASH = Argon2Hasher().hash(USER_PASSWORD)


@pytest.fixture
def make_user(db: asyncpg.Connection) -> Callable[..., Awaitable[UUID]]:
    """Insert a user directly (password USER_PASSWORD) and return its id."""

    async def make(username: str = "learner", role: Role = Role.USER, **columns: object) -> UUID:
        values: dict[str, object] = {
            "username": username,
            "email": f"{username}@example.com",
            "password_hash": _USER_PASSWORD_HASH,
            "full_name": username.title(),
            "role": role.value,
            **columns,
        }
        names = ", ".join(values)
        placeholders = ", ".join(f"${i}" for i in range(1, len(values) + 1))
        user_id: UUID = await db.fetchval(
            f"INSERT INTO users ({names}) VALUES ({placeholders}) RETURNING id", *values.values()
        )
        return user_id

    return make


@pytest.fixture
async def user_headers(
    make_user: Callable[..., Awaitable[UUID]], token_issuer: JwtTokenIssuer
) -> dict[str, str]:
    """Authorization headers of a fresh USER."""
    return bearer(token_issuer, await make_user("plainuser"), Role.USER)


# Secrets that tests hand to the service; none may ever appear in a log line.
SECRETS_NEVER_LOGGED = (TEST_SECRET_KEY, ADMIN_PASSWORD, USER_PASSWORD, "test-gemini-key-0123456789")


@pytest.fixture(scope="session", autouse=True)
def _no_secret_in_any_log_record() -> Iterator[None]:
    """Every log record the whole run creates, formatted as the service writes it, is
    checked for the secrets the tests use. A record factory sees them all, whatever
    handlers the app installs."""
    records: list[logging.LogRecord] = []
    make_record = logging.getLogRecordFactory()

    def capture(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        records.append(record)
        return record

    logging.setLogRecordFactory(capture)
    yield
    logging.setLogRecordFactory(make_record)
    formatter = JsonFormatter()
    leaks = [
        line
        for line in (formatter.format(record) for record in records)
        if any(secret in line for secret in SECRETS_NEVER_LOGGED)
    ]
    assert leaks == [], leaks[:3]
