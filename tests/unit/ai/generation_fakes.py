"""Fakes for whole-course generation: a model that answers per lesson, and jobs kept in memory."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

from application.ai.write_lesson import LessonWritten, WriteLesson
from application.pagination import Page, PageRequest
from application.ports.course_outline import CourseOutline
from application.ports.generation_jobs import ClaimedJob, GenerationJob, LessonFailure, PendingLesson
from application.ports.lesson_writer import WrittenLesson
from domain.errors import Conflict, UpstreamFailed
from domain.generation_jobs import ACTIVE, JobLessonStatus, JobStatus
from tests.unit.ai.fakes import FakeLessonContentWriter, FakeOutlineReader, lesson_markdown
from tests.unit.fakes import FakeUnitOfWork

_TITLE = re.compile(r"^2\. Begin with exactly one H1 heading, exactly: # (.+)$", re.MULTILINE)


class LessonAwareModel:
    """Answers each prompt with a well-formed lesson of the asked title, after a short pause.

    Titles in `failing` get a refused answer; a title in `crash_on` raises a bare error (a
    process dying mid-job). Records the titles asked and how many were written at once.
    """

    def __init__(self, *, failing: set[str] | None = None, pause: float = 0.01) -> None:
        self.failing = failing or set()
        self.crash_on: str | None = None
        self.pause = pause
        self.asked: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0

    @property
    def upstream(self) -> str:
        return "FakeAI"

    async def write(self, prompt: str) -> WrittenLesson:
        found = _TITLE.search(prompt)
        assert found is not None, "the prompt names the lesson's title"
        title = found.group(1)
        self.asked.append(title)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.pause)
            if title == self.crash_on:
                raise RuntimeError("the process died")
            if title in self.failing:
                raise UpstreamFailed("FakeAI", "FakeAI refused to answer")
            return WrittenLesson(text=lesson_markdown(title), input_tokens=10, output_tokens=100)
        finally:
            self.in_flight -= 1


class WriteLessonInOwnScope:
    """The IsolatedLessonWriter port over the real WriteLesson use case, one unit of work per lesson."""

    def __init__(self, course: CourseOutline, model: LessonAwareModel) -> None:
        self.outlines = FakeOutlineReader(course)
        self.contents = FakeLessonContentWriter(course)
        self.model = model
        self.units_of_work: list[FakeUnitOfWork] = []

    async def write(self, course_id: UUID, lesson_id: int) -> LessonWritten:
        uow = FakeUnitOfWork()
        self.units_of_work.append(uow)
        return await WriteLesson(self.outlines, self.contents, self.model, uow)(course_id, lesson_id)


@dataclass
class _Item:
    lesson_id: int
    title: str
    status: JobLessonStatus = JobLessonStatus.PENDING
    reason: str | None = None
    tokens: int = 0


@dataclass
class _Job:
    job: GenerationJob
    items: list[_Item] = field(default_factory=list)


class InMemoryGenerationJobs:
    def __init__(self, titles: dict[int, str] | None = None) -> None:
        self.jobs: dict[UUID, _Job] = {}
        self.titles = titles or {}
        self.claims: list[str] = []

    def _now(self) -> datetime:
        return datetime.now(UTC)

    async def start(self, course_id: UUID, only_empty: bool, lesson_ids: Sequence[int]) -> GenerationJob:
        for stored in self.jobs.values():
            if stored.job.course_id == course_id and stored.job.status in ACTIVE:
                raise Conflict(
                    f"Course {course_id} already has a generation job in progress: {stored.job.id}"
                )
        now = self._now()
        job = GenerationJob(
            id=uuid4(),
            course_id=course_id,
            only_empty=only_empty,
            status=JobStatus.QUEUED,
            total=len(lesson_ids),
            done=0,
            failed=0,
            tokens=0,
            cancel_requested=False,
            created_at=now,
            updated_at=now,
            finished_at=None,
        )
        self.jobs[job.id] = _Job(job, [_Item(i, self.titles.get(i, "")) for i in lesson_ids])
        return job

    def _change(self, job_id: UUID, **changes: object) -> GenerationJob:
        stored = self.jobs[job_id]
        stored.job = replace(stored.job, updated_at=self._now(), **changes)  # type: ignore[arg-type]
        return stored.job

    async def get(self, job_id: UUID) -> GenerationJob | None:
        stored = self.jobs.get(job_id)
        if stored is None:
            return None
        failures = tuple(
            LessonFailure(i.lesson_id, i.reason or "")
            for i in stored.items
            if i.status == JobLessonStatus.FAILED
        )
        return replace(stored.job, failures=failures)

    async def find(self, course_id: UUID | None, page: PageRequest) -> Page[GenerationJob]:
        found = [s.job for s in self.jobs.values() if course_id is None or s.job.course_id == course_id]
        found.sort(key=lambda j: j.created_at, reverse=True)
        return Page(found[page.skip : page.skip + page.limit], len(found))

    async def request_cancel(self, job_id: UUID) -> GenerationJob | None:
        stored = self.jobs.get(job_id)
        if stored is None or stored.job.status not in ACTIVE:
            return None
        if stored.job.status == JobStatus.QUEUED:
            return self._change(
                job_id, cancel_requested=True, status=JobStatus.CANCELLED, finished_at=self._now()
            )
        return self._change(job_id, cancel_requested=True)

    async def claim(self, job_id: UUID, runner: str) -> ClaimedJob | None:
        stored = self.jobs.get(job_id)
        if stored is None or stored.job.status not in ACTIVE:
            return None
        self.claims.append(runner)
        self._change(job_id, status=JobStatus.RUNNING)
        pending = tuple(
            PendingLesson(i.lesson_id, i.title) for i in stored.items if i.status == JobLessonStatus.PENDING
        )
        return ClaimedJob(job_id, stored.job.course_id, pending)

    def _item(self, job_id: UUID, lesson_id: int) -> _Item | None:
        item = next(i for i in self.jobs[job_id].items if i.lesson_id == lesson_id)
        return item if item.status == JobLessonStatus.PENDING else None

    async def record_written(self, job_id: UUID, lesson_id: int, tokens: int) -> None:
        item = self._item(job_id, lesson_id)
        if item is not None:
            item.status, item.tokens = JobLessonStatus.WRITTEN, tokens
            job = self.jobs[job_id].job
            self._change(job_id, done=job.done + 1, tokens=job.tokens + tokens)

    async def record_failed(self, job_id: UUID, lesson_id: int, reason: str) -> None:
        item = self._item(job_id, lesson_id)
        if item is not None:
            item.status, item.reason = JobLessonStatus.FAILED, reason
            self._change(job_id, failed=self.jobs[job_id].job.failed + 1)

    async def cancel_requested(self, job_id: UUID) -> bool:
        return self.jobs[job_id].job.cancel_requested

    async def finish(self, job_id: UUID, status: JobStatus) -> None:
        if self.jobs[job_id].job.status in ACTIVE:
            self._change(job_id, status=status, finished_at=self._now())

    async def unfinished(self) -> list[UUID]:
        return [job_id for job_id, s in self.jobs.items() if s.job.status in ACTIVE]


class RecordingQueue:
    def __init__(self) -> None:
        self.dispatched: list[UUID] = []

    async def dispatch(self, job_id: UUID) -> None:
        self.dispatched.append(job_id)


class FakeEmptyLessons:
    def __init__(self, contents: FakeLessonContentWriter) -> None:
        self.contents = contents

    async def empty_lesson_ids(self, course_id: UUID) -> set[int]:
        return {
            lesson.id
            for lesson in self.contents.lessons.values()
            if lesson.course_id == course_id and not lesson.content.strip()
        }
