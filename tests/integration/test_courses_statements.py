"""Each read costs a fixed, small number of SQL statements, whatever the size of the course.

The app under test gets a read pool and an engine that record every statement they send
(transaction control included), so the count is what PostgreSQL receives per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest
from dishka import Provider, Scope, provide
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import create_engine
from adapters.persistence.mapping import map_entities
from adapters.persistence.queries.read_pool import create_read_pool
from adapters.settings import Settings
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from tests.integration.content_arrange import (
    Client,
    Headers,
    create_course,
    create_lessons,
    create_project,
    create_section,
)


class StatementLog:
    def __init__(self) -> None:
        self.pool: list[str] = []
        self.engine: list[str] = []

    def clear(self) -> None:
        self.pool.clear()
        self.engine.clear()


class CountingProvider(Provider):
    def __init__(self, log: StatementLog) -> None:
        super().__init__()
        self._log = log

    @provide(scope=Scope.APP)
    async def read_pool(self, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
        assert settings.database_url is not None

        def record(query: Any) -> None:
            self._log.pool.append(query.query)

        async def init(connection: asyncpg.Connection) -> None:
            connection.add_query_logger(record)

        pool = await create_read_pool(settings.database_url, 4, init=init)
        yield pool
        await pool.close()

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        assert settings.database_url is not None
        map_entities()
        engine = create_engine(settings.database_url, 2)
        sync_engine = engine.sync_engine

        def recorder(name: str) -> Callable[..., None]:
            return lambda *_: self._log.engine.append(name)

        event.listen(sync_engine, "begin", recorder("BEGIN"))
        event.listen(sync_engine, "commit", recorder("COMMIT"))
        event.listen(sync_engine, "rollback", recorder("ROLLBACK"))
        event.listen(
            sync_engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: self._log.engine.append(statement),
        )
        yield engine
        await engine.dispose()


@pytest.fixture(scope="module")
def statement_log() -> StatementLog:
    return StatementLog()


@pytest.fixture(scope="module")
async def counting_client(settings: Settings, statement_log: StatementLog) -> AsyncIterator[Client]:
    app: Litestar = create_app(settings, build_container(settings, CountingProvider(statement_log)))
    async with AsyncTestClient(app) as test_client:
        yield test_client


async def statements(client: Client, log: StatementLog, path: str, **kwargs: Any) -> tuple[int, int]:
    """(read pool statements, engine statements) of one request that must succeed."""
    log.clear()
    response = await client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    await asyncio.sleep(0.05)  # asyncpg hands query records to its loggers on the next loop turn
    return len(log.pool), len(log.engine)


async def course_of(client: Client, headers: Headers, lessons: int, title: str) -> tuple[str, int, int]:
    course = await create_course(client, headers, title=title)
    section = await create_section(client, headers, course["id"])
    created = await create_lessons(client, headers, section["id"], lessons)
    return course["id"], section["id"], created[-1]["id"]


async def test_reads_cost_the_same_few_statements_for_1_and_50_lessons(
    client: Client, counting_client: Client, statement_log: StatementLog, admin_headers: Headers
) -> None:
    small = await course_of(client, admin_headers, 1, "Small")
    large = await course_of(client, admin_headers, 50, "Large")
    # First use of a pool connection may prepare its statements: warm both up.
    for course_id, _, lesson_id in (small, large):
        for path in (f"/api/v1/courses/{course_id}", f"/api/v1/lessons/{lesson_id}"):
            await statements(counting_client, statement_log, path)

    counts: dict[str, list[tuple[int, int]]] = {}
    for course_id, section_id, lesson_id in (small, large):
        for name, path, params in (
            ("course list", "/api/v1/courses", {}),
            ("course tree", f"/api/v1/courses/{course_id}", {}),
            ("lesson", f"/api/v1/lessons/{lesson_id}", {}),
            ("sections by course", "/api/v1/sections", {"course_id": course_id}),
            ("section", f"/api/v1/sections/{section_id}", {}),
            ("lessons by section", "/api/v1/lessons", {"section_id": section_id}),
        ):
            counts.setdefault(name, []).append(
                await statements(counting_client, statement_log, path, params=params)
            )

    assert counts == {
        "course list": [(1, 0), (1, 0)],
        "course tree": [(1, 0), (1, 0)],
        "lesson": [(1, 0), (1, 0)],
        "sections by course": [(1, 0), (1, 0)],
        "section": [(1, 0), (1, 0)],
        "lessons by section": [(1, 0), (1, 0)],
    }


async def test_project_reads_are_one_statement(
    client: Client, counting_client: Client, statement_log: StatementLog, admin_headers: Headers
) -> None:
    project = await create_project(client, admin_headers)
    await client.post(f"/api/v1/projects/{project['id']}/detail", json={}, headers=admin_headers)
    for path in (
        "/api/v1/projects",
        f"/api/v1/projects/{project['id']}",
        f"/api/v1/projects/{project['id']}/detail",
    ):
        assert await statements(counting_client, statement_log, path) == (1, 0)


async def test_an_admin_read_adds_only_the_caller_lookup(
    client: Client, counting_client: Client, statement_log: StatementLog, admin_headers: Headers
) -> None:
    course_id, _, _ = await course_of(client, admin_headers, 3, "Any")

    pool, engine = await statements(
        counting_client, statement_log, f"/api/v1/courses/{course_id}", headers=admin_headers
    )

    assert pool == 1
    # BEGIN, the user's row, ROLLBACK when the request's session closes.
    assert engine == 3


async def test_bulk_lesson_create_is_a_constant_number_of_statements(
    client: Client, counting_client: Client, statement_log: StatementLog, admin_headers: Headers
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    totals = []
    for first, count in ((1, 5), (100, 200)):
        body = [
            {"section_id": section["id"], "title": f"L{order}", "lesson_order": order}
            for order in range(first, first + count)
        ]
        statement_log.clear()
        response = await counting_client.post("/api/v1/lessons/bulk", json=body, headers=admin_headers)
        assert response.status_code == 201
        assert len(response.json()) == count
        await asyncio.sleep(0.05)
        totals.append(len(statement_log.pool) + len(statement_log.engine))
    assert totals[0] == totals[1]
    assert totals[0] <= 8
