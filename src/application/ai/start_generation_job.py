"""Start writing a whole course in the background."""

from __future__ import annotations

from uuid import UUID

from application.ai.plan_course_generation import PlanCourseGeneration
from application.ports.generation_jobs import GenerationJob, GenerationJobs
from application.ports.generation_queue import GenerationQueue


class StartGenerationJob:
    def __init__(self, plan: PlanCourseGeneration, jobs: GenerationJobs, queue: GenerationQueue) -> None:
        self._plan = plan
        self._jobs = jobs
        self._queue = queue

    async def __call__(self, course_id: UUID, *, only_empty: bool) -> GenerationJob:
        """A queued job for the course's lessons (or its empty ones).

        NotFound without the course; Conflict naming the job when one is already queued or running.
        """
        lessons = await self._plan(course_id, only_empty=only_empty)
        job = await self._jobs.start(course_id, only_empty, [lesson.id for lesson in lessons])
        await self._queue.dispatch(job.id)
        return job
