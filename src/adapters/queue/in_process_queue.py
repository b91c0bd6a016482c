"""Jobs run inside this process, a few at a time: the queue when no Redis is configured."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from application.ai.run_generation_job import RunGenerationJob

logger = logging.getLogger(__name__)


class InProcessGenerationQueue:
    """An asyncio task pool. Jobs cut short by a stop are resumed at the next start."""

    def __init__(self, run: RunGenerationJob, concurrency: int) -> None:
        self._run = run
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: dict[UUID, asyncio.Task[None]] = {}

    async def dispatch(self, job_id: UUID) -> None:
        if job_id in self._tasks:
            return
        task = asyncio.create_task(self._run_in_turn(job_id), name=f"generation-job-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(job_id, None))

    async def _run_in_turn(self, job_id: UUID) -> None:
        async with self._slots:
            try:
                await self._run(job_id)
            except Exception:
                # The job stays unfinished in the database and is resumed at the next start.
                logger.exception("generation job stopped by an error", extra={"job_id": str(job_id)})

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
