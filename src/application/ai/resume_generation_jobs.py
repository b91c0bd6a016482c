from __future__ import annotations

from uuid import UUID

from application.ports.generation_jobs import GenerationJobs
from application.ports.generation_queue import GenerationQueue


class ResumeGenerationJobs:
    """Hands every unfinished job to the queue again (after a restart, or a lost hand-over)."""

    def __init__(self, jobs: GenerationJobs, queue: GenerationQueue) -> None:
        self._jobs = jobs
        self._queue = queue

    async def __call__(self) -> list[UUID]:
        unfinished = await self._jobs.unfinished()
        for job_id in unfinished:
            await self._queue.dispatch(job_id)
        return unfinished
