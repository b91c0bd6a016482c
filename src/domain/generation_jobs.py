"""Whole-course generation jobs: a course's lessons written one by one in the background."""

from __future__ import annotations

import enum
from typing import Final

RUNNER_MAX: Final = 200


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        return self in FINISHED


FINISHED: Final = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})
ACTIVE: Final = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})


class JobLessonStatus(enum.StrEnum):
    PENDING = "pending"
    WRITTEN = "written"
    FAILED = "failed"
