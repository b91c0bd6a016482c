from __future__ import annotations

from uuid import UUID

from application.ports.generation_jobs import GenerationJob, GenerationJobs
from domain.errors import NotFound


class GetGenerationJob:
    def __init__(self, jobs: GenerationJobs) -> None:
        self._jobs = jobs

    async def __call__(self, job_id: UUID) -> GenerationJob:
        job = await self._jobs.get(job_id)
        if job is None:
            raise NotFound("Generation job not found")
        return job
