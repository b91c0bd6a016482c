from __future__ import annotations

from uuid import UUID

from application.ports.generation_jobs import GenerationJob, GenerationJobs
from domain.errors import Conflict, NotFound


class CancelGenerationJob:
    """A queued job is cancelled at once; a running one stops between lessons."""

    def __init__(self, jobs: GenerationJobs) -> None:
        self._jobs = jobs

    async def __call__(self, job_id: UUID) -> GenerationJob:
        cancelled = await self._jobs.request_cancel(job_id)
        if cancelled is not None:
            return cancelled
        job = await self._jobs.get(job_id)
        if job is None:
            raise NotFound("Generation job not found")
        raise Conflict(f"Generation job {job.id} already finished ({job.status.value})")
