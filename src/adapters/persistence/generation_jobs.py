"""Generation jobs in PostgreSQL: every call is a transaction of its own (a job outlives requests)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, case, func, insert, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.persistence.tables import generation_job_lessons_table, generation_jobs_table, lessons_table
from application.pagination import Page, PageRequest
from application.ports.generation_jobs import ClaimedJob, GenerationJob, LessonFailure, PendingLesson
from domain.errors import Conflict
from domain.generation_jobs import ACTIVE, RUNNER_MAX, JobLessonStatus, JobStatus

_job, _item, _lesson = generation_jobs_table.c, generation_job_lessons_table.c, lessons_table.c
_ACTIVE = [s.value for s in ACTIVE]


def _job_of(row: Row[Any], failures: tuple[LessonFailure, ...] = ()) -> GenerationJob:
    return GenerationJob(
        id=row.id,
        course_id=row.course_id,
        only_empty=row.only_empty,
        status=JobStatus(row.status),
        total=row.total,
        done=row.done,
        failed=row.failed,
        tokens=row.tokens,
        cancel_requested=row.cancel_requested,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        failures=failures,
    )


class SqlGenerationJobs:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def start(self, course_id: UUID, only_empty: bool, lesson_ids: Sequence[int]) -> GenerationJob:
        try:
            async with self._sessions.begin() as session:
                row = (
                    await session.execute(
                        insert(generation_jobs_table)
                        .values(course_id=course_id, only_empty=only_empty, total=len(lesson_ids))
                        .returning(*generation_jobs_table.c)
                    )
                ).one()
                if lesson_ids:
                    await session.execute(
                        insert(generation_job_lessons_table),
                        [
                            {"job_id": row.id, "lesson_id": lesson_id, "position": position}
                            for position, lesson_id in enumerate(lesson_ids)
                        ],
                    )
                return _job_of(row)
        except IntegrityError:
            active = await self._active_job_of(course_id)
            if active is None:
                raise  # not the one-job-per-course rule: the course went away meanwhile
            raise Conflict(f"Course {course_id} already has a generation job in progress: {active}") from None

    async def _active_job_of(self, course_id: UUID) -> UUID | None:
        async with self._sessions() as session:
            found: UUID | None = await session.scalar(
                select(_job.id).where(_job.course_id == course_id, _job.status.in_(_ACTIVE))
            )
            return found

    async def get(self, job_id: UUID) -> GenerationJob | None:
        async with self._sessions() as session:
            row = (
                await session.execute(select(generation_jobs_table).where(_job.id == job_id))
            ).one_or_none()
            if row is None:
                return None
            failures = await session.execute(
                select(_item.lesson_id, _item.reason)
                .where(_item.job_id == job_id, _item.status == JobLessonStatus.FAILED.value)
                .order_by(_item.position)
            )
            return _job_of(row, tuple(LessonFailure(f.lesson_id, f.reason or "") for f in failures))

    async def find(self, course_id: UUID | None, page: PageRequest) -> Page[GenerationJob]:
        condition = _job.course_id == course_id if course_id is not None else true()
        async with self._sessions() as session:
            total: int = (
                await session.scalar(select(func.count()).select_from(generation_jobs_table).where(condition))
                or 0
            )
            rows = await session.execute(
                select(generation_jobs_table)
                .where(condition)
                .order_by(_job.created_at.desc(), _job.id.desc())
                .offset(page.skip)
                .limit(page.limit)
            )
            return Page([_job_of(row) for row in rows], total)

    async def request_cancel(self, job_id: UUID) -> GenerationJob | None:
        # A queued job has nothing in flight: it ends here. A running one ends between lessons.
        queued = _job.status == JobStatus.QUEUED.value
        statement = (
            update(generation_jobs_table)
            .where(_job.id == job_id, _job.status.in_(_ACTIVE))
            .values(
                cancel_requested=True,
                status=case((queued, JobStatus.CANCELLED.value), else_=_job.status),
                finished_at=case((queued, func.now()), else_=_job.finished_at),
                updated_at=func.now(),
            )
            .returning(*generation_jobs_table.c)
        )
        async with self._sessions.begin() as session:
            row = (await session.execute(statement)).one_or_none()
            return None if row is None else _job_of(row)

    async def claim(self, job_id: UUID, runner: str) -> ClaimedJob | None:
        async with self._sessions.begin() as session:
            row = (
                await session.execute(
                    update(generation_jobs_table)
                    .where(_job.id == job_id, _job.status.in_(_ACTIVE))
                    .values(status=JobStatus.RUNNING.value, runner=runner[:RUNNER_MAX], updated_at=func.now())
                    .returning(_job.id, _job.course_id)
                )
            ).one_or_none()
            if row is None:
                return None
            pending = await session.execute(
                select(_item.lesson_id, func.coalesce(_lesson.title, "").label("title"))
                .select_from(
                    generation_job_lessons_table.outerjoin(lessons_table, _lesson.id == _item.lesson_id)
                )
                .where(_item.job_id == job_id, _item.status == JobLessonStatus.PENDING.value)
                .order_by(_item.position)
            )
            return ClaimedJob(
                row.id, row.course_id, tuple(PendingLesson(p.lesson_id, p.title) for p in pending)
            )

    async def _record(self, job_id: UUID, lesson_id: int, values: dict[str, Any], counter: str) -> None:
        # Only a pending lesson changes, and the job's counters move with it in one statement:
        # a lesson recorded twice (a resumed run) is counted once.
        async with self._sessions.begin() as session:
            recorded = (
                update(generation_job_lessons_table)
                .where(
                    _item.job_id == job_id,
                    _item.lesson_id == lesson_id,
                    _item.status == JobLessonStatus.PENDING.value,
                )
                .values(**values, updated_at=func.now())
                .returning(_item.tokens)
                .cte("recorded")
            )
            tokens = select(func.coalesce(func.sum(recorded.c.tokens), 0)).scalar_subquery()
            count = select(func.count()).select_from(recorded).scalar_subquery()
            await session.execute(
                update(generation_jobs_table)
                .where(_job.id == job_id)
                .values(
                    {counter: _job[counter] + count, "tokens": _job.tokens + tokens, "updated_at": func.now()}
                )
            )

    async def record_written(self, job_id: UUID, lesson_id: int, tokens: int) -> None:
        await self._record(
            job_id, lesson_id, {"status": JobLessonStatus.WRITTEN.value, "tokens": tokens}, "done"
        )

    async def record_failed(self, job_id: UUID, lesson_id: int, reason: str) -> None:
        await self._record(
            job_id, lesson_id, {"status": JobLessonStatus.FAILED.value, "reason": reason}, "failed"
        )

    async def cancel_requested(self, job_id: UUID) -> bool:
        async with self._sessions() as session:
            requested = await session.scalar(select(_job.cancel_requested).where(_job.id == job_id))
            # A job gone with its course has nothing left to do.
            return True if requested is None else bool(requested)

    async def finish(self, job_id: UUID, status: JobStatus) -> None:
        if not status.is_finished:
            raise ValueError(f"{status} is not a finished status")
        async with self._sessions.begin() as session:
            await session.execute(
                update(generation_jobs_table)
                .where(_job.id == job_id, _job.status.in_(_ACTIVE))
                .values(status=status.value, finished_at=func.now(), updated_at=func.now())
            )

    async def unfinished(self) -> list[UUID]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(_job.id).where(_job.status.in_(_ACTIVE)).order_by(_job.created_at)
            )
            return list(rows)
