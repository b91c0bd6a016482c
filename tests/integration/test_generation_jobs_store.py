"""The jobs' store in PostgreSQL: one active job per course whatever races, outcomes counted once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.persistence.database import create_engine, create_session_factory
from adapters.persistence.generation_jobs import SqlGenerationJobs
from application.pagination import PageRequest
from domain.errors import Conflict
from domain.generation_jobs import JobStatus
from tests.integration.generation_support import insert_course


@pytest.fixture
async def sessions(migrated_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(migrated_database, pool_size=4)
    yield create_session_factory(engine)
    await engine.dispose()


async def test_of_two_racing_starts_one_wins_and_the_other_names_it(
    sessions: async_sessionmaker[AsyncSession], db: asyncpg.Connection
) -> None:
    course = await insert_course(db, {"One": ["A", "B"]})
    store = SqlGenerationJobs(sessions)

    results = await asyncio.gather(
        *(store.start(course.id, False, list(course.lessons.values())) for _ in range(4)),
        return_exceptions=True,
    )

    started = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(started), len(refused)) == (1, 3)
    assert all(str(started[0].id) in r.detail for r in refused)
    assert await db.fetchval("SELECT count(*) FROM generation_jobs") == 1
    assert await db.fetchval("SELECT count(*) FROM generation_job_lessons") == 2


async def test_an_outcome_is_counted_once_and_a_finished_job_stays_finished(
    sessions: async_sessionmaker[AsyncSession], db: asyncpg.Connection
) -> None:
    course = await insert_course(db, {"One": ["A", "B", "C"]})
    store = SqlGenerationJobs(sessions)
    job = await store.start(course.id, False, [course.lessons[t] for t in ("C", "A", "B")])

    claimed = await store.claim(job.id, "host:1")
    assert claimed is not None
    assert [(p.id, p.title) for p in claimed.pending] == [(course.lessons[t], t) for t in ("C", "A", "B")]
    await store.record_written(job.id, course.lessons["C"], 1100)
    await store.record_written(job.id, course.lessons["C"], 1100)  # a resumed run, again
    await store.record_failed(job.id, course.lessons["C"], "too late")
    await store.record_failed(job.id, course.lessons["A"], "refused")

    again = await store.claim(job.id, "host:2")
    assert again is not None
    assert [p.title for p in again.pending] == ["B"]
    got = await store.get(job.id)
    assert got is not None
    assert (got.status, got.done, got.failed, got.tokens) == (JobStatus.RUNNING, 1, 1, 1100)
    assert [(f.lesson_id, f.reason) for f in got.failures] == [(course.lessons["A"], "refused")]

    await store.finish(job.id, JobStatus.DONE)
    await store.finish(job.id, JobStatus.CANCELLED)
    assert await store.claim(job.id, "host:3") is None
    assert await store.request_cancel(job.id) is None
    ended = await store.get(job.id)
    assert ended is not None
    assert (ended.status, ended.finished_at is not None) == (JobStatus.DONE, True)
    assert await db.fetchval("SELECT runner FROM generation_jobs") == "host:2"
    page = await store.find(course.id, PageRequest(0, 10))
    assert (page.total, [j.id for j in page.items]) == (1, [job.id])
    assert await store.unfinished() == []


async def test_a_job_goes_away_with_its_course(
    sessions: async_sessionmaker[AsyncSession], db: asyncpg.Connection
) -> None:
    course = await insert_course(db, {"One": ["A"]})
    store = SqlGenerationJobs(sessions)
    job = await store.start(course.id, False, list(course.lessons.values()))

    await db.execute("DELETE FROM courses WHERE id = $1", course.id)

    assert await store.get(job.id) is None
    assert await store.claim(job.id, "host:1") is None
    assert await store.cancel_requested(job.id) is True
    assert await db.fetchval("SELECT count(*) FROM generation_job_lessons") == 0
