"""Write many lessons of a course, a few at a time, each through the WriteLesson use case.

The engine behind both the background jobs and the command line. One failed lesson is
recorded with its reason and never stops the others; a stop asked through the progress
port is honoured between lessons (lessons being written are finished).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.ai.plan_course_generation import PlannedLesson
from application.ports.isolated_lesson_writer import IsolatedLessonWriter
from domain.errors import DomainError


@dataclass(frozen=True)
class LessonOutcome:
    """One lesson's result: written (with the tokens it took) or failed (with why)."""

    lesson: PlannedLesson
    written: bool
    input_tokens: int = 0
    output_tokens: int = 0
    reason: str | None = None

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class CourseGenerationSummary:
    written: int
    failures: tuple[LessonOutcome, ...]
    input_tokens: int
    output_tokens: int
    stopped: bool  # a stop was asked before every lesson had been started

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class CourseGenerationProgress(Protocol):
    """Told about each lesson as it goes; asked before each lesson whether to stop."""

    async def lesson_started(self, lesson: PlannedLesson) -> None: ...

    async def lesson_finished(self, outcome: LessonOutcome) -> None: ...

    async def should_stop(self) -> bool: ...


class NoProgress:
    """Progress that nobody watches and that never asks to stop."""

    async def lesson_started(self, lesson: PlannedLesson) -> None:  # noqa: ARG002 - nothing to show
        return None

    async def lesson_finished(self, outcome: LessonOutcome) -> None:  # noqa: ARG002 - nothing to show
        return None

    async def should_stop(self) -> bool:
        return False


class GenerateCourse:
    def __init__(self, writer: IsolatedLessonWriter) -> None:
        self._writer = writer

    async def __call__(
        self,
        course_id: UUID,
        lessons: Sequence[PlannedLesson],
        *,
        concurrency: int,
        progress: CourseGenerationProgress | None = None,
    ) -> CourseGenerationSummary:
        """Write `lessons` of the course, at most `concurrency` at a time, in the given order."""
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        watcher = progress or NoProgress()
        queue = list(reversed(lessons))  # popped from the end: first lesson first
        outcomes: list[LessonOutcome] = []
        stopped = False

        async def next_lesson() -> PlannedLesson | None:
            nonlocal stopped
            if not queue or stopped:
                return None
            if await watcher.should_stop():
                stopped = True
                return None
            return queue.pop() if queue else None

        async def write_in_turn() -> None:
            while (lesson := await next_lesson()) is not None:
                await watcher.lesson_started(lesson)
                outcome = await self._write(course_id, lesson)
                outcomes.append(outcome)
                await watcher.lesson_finished(outcome)

        async with asyncio.TaskGroup() as group:
            for _ in range(min(concurrency, len(lessons))):
                group.create_task(write_in_turn())
        return CourseGenerationSummary(
            written=sum(1 for o in outcomes if o.written),
            failures=tuple(o for o in outcomes if not o.written),
            input_tokens=sum(o.input_tokens for o in outcomes),
            output_tokens=sum(o.output_tokens for o in outcomes),
            stopped=stopped,
        )

    async def _write(self, course_id: UUID, lesson: PlannedLesson) -> LessonOutcome:
        try:
            written = await self._writer.write(course_id, lesson.id)
        except DomainError as exc:
            # The model failed, the answer was rejected, the lesson is gone: this lesson only.
            return LessonOutcome(lesson, written=False, reason=exc.detail)
        return LessonOutcome(
            lesson, written=True, input_tokens=written.input_tokens, output_tokens=written.output_tokens
        )
