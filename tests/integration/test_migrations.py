"""The migrations walk up and down cleanly and match the models exactly."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.persistence.database import asyncpg_dsn, sqlalchemy_url
from adapters.persistence.migrations import alembic_config
from adapters.persistence.schema_version import expected_revision
from adapters.persistence.tables import metadata


async def _recreate(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


@pytest.fixture(scope="module")
def scratch_database(database_url: str) -> str:
    """A database of its own, so walking the schema down disturbs no other test."""
    url = make_url(database_url)
    name = f"{url.database}_migrations"
    asyncio.run(_recreate(asyncpg_dsn(database_url), name))
    return url.set(database=name).render_as_string(hide_password=False)


def test_stairway_every_revision_up_down_and_up_again(scratch_database: str) -> None:
    config = alembic_config(scratch_database)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    assert revisions, "there must be at least one migration"
    for revision in revisions:
        command.upgrade(config, revision.revision)
        command.downgrade(config, str(revision.down_revision or "base"))
        command.upgrade(config, revision.revision)


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, metadata))


async def _autogenerate_diff(url: str) -> list[object]:
    engine = create_async_engine(sqlalchemy_url(url))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_diff)
    finally:
        await engine.dispose()


def test_models_and_migrations_do_not_drift(scratch_database: str) -> None:
    command.upgrade(alembic_config(scratch_database), "head")
    assert asyncio.run(_autogenerate_diff(scratch_database)) == []


def test_the_service_expects_the_head_revision() -> None:
    """The service reads the head from the file names; it must agree with Alembic's history."""
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, "the migration history must stay a straight line"
    assert expected_revision() == script.get_current_head()
