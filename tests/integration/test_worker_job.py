"""The worker's job function: a run that keeps failing ends the job `failed` on its last attempt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from dishka import AsyncContainer, Provider, Scope, provide
from saq import Job

from adapters.settings import Settings
from application.ai.run_generation_job import RunGenerationJob
from entrypoints.container import build_container
from entrypoints.jobs.worker import generate_course
from tests.integration.generation_support import insert_course


class BrokenRun:
    async def __call__(self, job_id: UUID) -> None:
        raise RuntimeError("the database went away")


class BrokenRunProvider(Provider):
    @provide(scope=Scope.APP)
    def run(self) -> RunGenerationJob:
        return BrokenRun()  # type: ignore[return-value]


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[AsyncContainer]:
    built = build_container(settings, BrokenRunProvider())
    yield built
    await built.close()


@pytest.mark.parametrize(("attempts", "status"), [(1, "queued"), (3, "failed")])
async def test_only_the_last_attempt_ends_the_job_failed(
    container: AsyncContainer, settings: Settings, db: asyncpg.Connection, attempts: int, status: str
) -> None:
    course = await insert_course(db, {"One": ["A"]})
    job_id: UUID = await db.fetchval(
        "INSERT INTO generation_jobs (course_id, only_empty, total) VALUES ($1, false, 1) RETURNING id",
        course.id,
    )
    ctx: dict[str, Any] = {
        "container": container,
        "settings": settings,
        "job": Job(function="generate_course", attempts=attempts, retries=3),
    }

    with pytest.raises(RuntimeError, match="went away"):
        await generate_course(ctx, job_id=str(job_id))

    assert await db.fetchval("SELECT status FROM generation_jobs WHERE id = $1", job_id) == status
