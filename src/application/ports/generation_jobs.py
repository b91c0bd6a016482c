from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.pagination import Page, PageRequest
from domain.generation_jobs import JobStatus


@dataclass(frozen=True)
class LessonFailure:
    lesson_id: int
    reason: str


@dataclass(frozen=True)
class GenerationJob:
    """A whole-course generation job as it stands: `done` lessons written, `failed` not, of `total`."""

    id: UUID
    course_id: UUID
    only_empty: bool
    status: JobStatus
    total: int
    done: int
    failed: int
    tokens: int
    cancel_requested: bool
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    failures: tuple[LessonFailure, ...] = ()


@dataclass(frozen=True)
class PendingLesson:
    id: int
    title: str  # empty when the lesson is gone


@dataclass(frozen=True)
class ClaimedJob:
    """A job taken up by a runner: its course and the lessons still to write, in order."""

    id: UUID
    course_id: UUID
    pending: tuple[PendingLesson, ...]


class GenerationJobs(Protocol):
    """The jobs and their per-lesson outcomes, where every instance and worker sees them.

    Every call is one transaction of its own: a job outlives any request.
    """

    async def start(self, course_id: UUID, only_empty: bool, lesson_ids: Sequence[int]) -> GenerationJob:
        """A new queued job for these lessons (all pending), in this order.

        Raises Conflict naming the job when the course already has one queued or running.
        """
        ...

    async def get(self, job_id: UUID) -> GenerationJob | None:
        """The job with its failures; None when there is no such job."""
        ...

    async def find(self, course_id: UUID | None, page: PageRequest) -> Page[GenerationJob]:
        """Jobs (of one course, or all), newest first, without their failures."""
        ...

    async def request_cancel(self, job_id: UUID) -> GenerationJob | None:
        """Cancel a queued job at once, or ask a running one to stop between lessons.

        The job as changed; None when there is no such job or it is finished already.
        """
        ...

    async def claim(self, job_id: UUID, runner: str) -> ClaimedJob | None:
        """Mark a queued or running job as running by `runner`; None when it is finished or gone."""
        ...

    async def record_written(self, job_id: UUID, lesson_id: int, tokens: int) -> None:
        """Count a pending lesson as written. A lesson already counted is not counted again."""
        ...

    async def record_failed(self, job_id: UUID, lesson_id: int, reason: str) -> None:
        """Count a pending lesson as failed, with why. A lesson already counted is not counted again."""
        ...

    async def cancel_requested(self, job_id: UUID) -> bool: ...

    async def finish(self, job_id: UUID, status: JobStatus) -> None:
        """End a job that is not finished yet with `status`, which must be a finished one."""
        ...

    async def unfinished(self) -> list[UUID]:
        """Every queued or running job, oldest first."""
        ...
