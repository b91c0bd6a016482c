"""Connections to PostgreSQL: the SQLAlchemy engine for writes and a bare pool for hot reads."""

from __future__ import annotations

import socket
from typing import Any, Final

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# What reaching a database that is down, restarting or unreachable raises.
DATABASE_UNAVAILABLE: Final = (
    ConnectionError,
    socket.gaierror,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    # Class 57: the server is shutting down or restarting (admin shutdown, crash recovery).
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.InterfaceError,
    OperationalError,
    InterfaceError,
)


def sqlalchemy_url(database_url: str) -> str:
    """The URL with the asyncpg driver named, as SQLAlchemy needs it."""
    url = make_url(database_url.replace("postgres://", "postgresql://", 1))
    return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def asyncpg_dsn(database_url: str) -> str:
    """The URL without a driver name, as asyncpg needs it."""
    url = make_url(database_url.replace("postgres://", "postgresql://", 1))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def connect(*args: Any, **kwargs: Any) -> asyncpg.Connection:
    """`asyncpg.connect`, with a server that is away reported as unavailable.

    A stopped server reached through its Unix socket leaves no socket file behind: the
    connect fails with FileNotFoundError, which is a refused connection, not a bug.
    """
    try:
        return await asyncpg.connect(*args, **kwargs)
    except FileNotFoundError as error:
        raise ConnectionRefusedError(str(error)) from error


def create_engine(database_url: str, pool_size: int) -> AsyncEngine:
    """The engine for writes: half the pool size kept open, as many again in bursts."""
    dsn = asyncpg_dsn(database_url)
    return create_async_engine(
        sqlalchemy_url(database_url),
        async_creator=lambda: connect(dsn),
        pool_size=max(1, pool_size // 2),
        max_overflow=max(1, pool_size // 2),
        pool_pre_ping=True,
        pool_recycle=1800,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: entities stay readable after the use case commits.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def probe_database(database_url: str, timeout_seconds: float = 5.0) -> None:
    """Connect once and leave; raises one of DATABASE_UNAVAILABLE when that fails."""
    connection = await connect(asyncpg_dsn(database_url), timeout=timeout_seconds)
    await connection.close()
