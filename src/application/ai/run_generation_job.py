"""Run (or resume) a generation job: write its pending lessons, record each outcome, end it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from application.ai.generate_course import GenerateCourse, LessonOutcome
from application.ai.plan_course_generation import PlannedLesson
from application.ports.generation_jobs import GenerationJobs
from domain.generation_jobs import JobStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobRunnerConfig:
    concurrency: int  # lessons written at the same time within one job
    runner: str  # names this process in the job (host and pid)


class _RecordedProgress:
    """Each outcome goes to the job at once, so that a resumed run skips what is recorded."""

    def __init__(self, jobs: GenerationJobs, job_id: UUID) -> None:
        self._jobs = jobs
        self._job_id = job_id

    async def lesson_started(self, lesson: PlannedLesson) -> None:  # noqa: ARG002 - nothing to show
        return None

    async def lesson_finished(self, outcome: LessonOutcome) -> None:
        if outcome.written:
            await self._jobs.record_written(self._job_id, outcome.lesson.id, outcome.tokens)
        else:
            await self._jobs.record_failed(self._job_id, outcome.lesson.id, outcome.reason or "failed")

    async def should_stop(self) -> bool:
        return await self._jobs.cancel_requested(self._job_id)


class RunGenerationJob:
    """At-least-once per lesson: a run cut short is run again and writes only the pending lessons."""

    def __init__(
        self,
        jobs: GenerationJobs,
        generate: GenerateCourse,
        config: JobRunnerConfig,
    ) -> None:
        self._jobs = jobs
        self._generate = generate
        self._config = config

    async def __call__(self, job_id: UUID) -> None:
        claimed = await self._jobs.claim(job_id, self._config.runner)
        if claimed is None:
            return  # finished, cancelled while queued, or deleted with its course
        lessons = [PlannedLesson(p.id, p.title) for p in claimed.pending]
        logger.info("generation job running", extra={"job_id": str(job_id), "pending": len(lessons)})
        summary = await self._generate(
            claimed.course_id,
            lessons,
            concurrency=self._config.concurrency,
            progress=_RecordedProgress(self._jobs, job_id),
        )
        status = JobStatus.CANCELLED if summary.stopped else JobStatus.DONE
        await self._jobs.finish(job_id, status)
        logger.info(
            "generation job finished",
            extra={"job_id": str(job_id), "status": status.value, "failed": len(summary.failures)},
        )
