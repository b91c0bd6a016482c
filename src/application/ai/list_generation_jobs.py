from __future__ import annotations

from uuid import UUID

from application.pagination import Page, PageRequest
from application.ports.generation_jobs import GenerationJob, GenerationJobs


class ListGenerationJobs:
    def __init__(self, jobs: GenerationJobs) -> None:
        self._jobs = jobs

    async def __call__(self, course_id: UUID | None, page: PageRequest) -> Page[GenerationJob]:
        """Jobs, newest first; only those of `course_id` when it is given."""
        return await self._jobs.find(course_id, page)
