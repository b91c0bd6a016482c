"""The whole-course engine and the jobs built on it, with in-memory fakes."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest

from application.ai.cancel_generation_job import CancelGenerationJob
from application.ai.generate_course import GenerateCourse, LessonOutcome
from application.ai.plan_course_generation import PlanCourseGeneration, PlannedLesson
from application.ai.run_generation_job import JobRunnerConfig, RunGenerationJob
from application.ai.start_generation_job import StartGenerationJob
from domain.errors import Conflict, NotFound
from domain.generation_jobs import JobLessonStatus, JobStatus
from tests.unit.ai.fakes import lesson, lesson_markdown, outline, section
from tests.unit.ai.generation_fakes import (
    FakeEmptyLessons,
    InMemoryGenerationJobs,
    LessonAwareModel,
    RecordingQueue,
    WriteLessonInOwnScope,
)

COURSE = outline(
    section(1, 1, *(lesson(i, i, f"Lesson {i}") for i in range(1, 5)), title="Basics"),
    section(2, 2, *(lesson(i, i - 4, f"Lesson {i}") for i in range(5, 8)), title="More"),
)
ALL = [PlannedLesson(i, f"Lesson {i}") for i in range(1, 8)]


class StopAfter:
    """Progress that asks to stop once `count` lessons are finished."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.finished: list[LessonOutcome] = []
        self.started: list[PlannedLesson] = []

    async def lesson_started(self, lesson: PlannedLesson) -> None:
        self.started.append(lesson)

    async def lesson_finished(self, outcome: LessonOutcome) -> None:
        self.finished.append(outcome)

    async def should_stop(self) -> bool:
        return len(self.finished) >= self.count


def _engine(model: LessonAwareModel) -> tuple[GenerateCourse, WriteLessonInOwnScope]:
    writer = WriteLessonInOwnScope(COURSE, model)
    return GenerateCourse(writer), writer


@pytest.mark.parametrize("concurrency", [1, 2, 3])
async def test_every_lesson_is_written_and_no_more_than_the_bound_at_once(concurrency: int) -> None:
    model = LessonAwareModel()
    generate, writer = _engine(model)

    summary = await generate(COURSE.course_id, ALL, concurrency=concurrency)

    assert model.most_in_flight == concurrency
    assert sorted(model.asked) == sorted(f"Lesson {i}" for i in range(1, 8))
    assert (summary.written, summary.failures, summary.stopped) == (7, (), False)
    assert (summary.input_tokens, summary.output_tokens, summary.tokens) == (70, 700, 770)
    assert all(writer.contents.lessons[i].content == lesson_markdown(f"Lesson {i}") for i in range(1, 8))
    # Each lesson went through its own unit of work, committed by the WriteLesson use case.
    assert len(writer.units_of_work) == 7
    assert all(uow.committed for uow in writer.units_of_work)


async def test_lessons_are_started_in_the_given_order() -> None:
    progress = StopAfter(count=99)
    generate, _ = _engine(LessonAwareModel())

    await generate(COURSE.course_id, list(reversed(ALL)), concurrency=1, progress=progress)

    assert [p.id for p in progress.started] == [7, 6, 5, 4, 3, 2, 1]


async def test_a_failed_lesson_is_recorded_with_its_reason_and_the_others_are_written() -> None:
    model = LessonAwareModel(failing={"Lesson 3"})
    generate, writer = _engine(model)
    progress = StopAfter(count=99)

    summary = await generate(COURSE.course_id, ALL, concurrency=2, progress=progress)

    assert summary.written == 6
    assert [(f.lesson.id, f.written, f.reason) for f in summary.failures] == [
        (3, False, "FakeAI refused to answer")
    ]
    assert writer.contents.lessons[3].content == "old content"
    assert writer.contents.lessons[4].content == lesson_markdown("Lesson 4")
    assert len(progress.finished) == 7
    assert summary.tokens == 6 * 110


async def test_a_rejected_answer_and_a_lesson_gone_are_failures_too() -> None:
    model = LessonAwareModel()
    generate, _ = _engine(model)
    lessons = [PlannedLesson(1, "Lesson 1"), PlannedLesson(999, "Deleted meanwhile")]

    summary = await generate(COURSE.course_id, lessons, concurrency=2)

    assert summary.written == 1
    assert [(f.lesson.id, f.reason) for f in summary.failures] == [(999, "Lesson not found in this course")]


async def test_a_stop_is_honoured_between_lessons() -> None:
    model = LessonAwareModel()
    generate, writer = _engine(model)

    summary = await generate(COURSE.course_id, ALL, concurrency=1, progress=StopAfter(count=2))

    assert model.asked == ["Lesson 1", "Lesson 2"]
    assert (summary.written, summary.stopped) == (2, True)
    assert writer.contents.lessons[3].content == "old content"


async def test_lessons_in_flight_when_a_stop_comes_are_finished() -> None:
    model = LessonAwareModel()
    generate, _ = _engine(model)

    summary = await generate(COURSE.course_id, ALL, concurrency=3, progress=StopAfter(count=1))

    # Three were being written when the first one finished: none is cut short.
    assert summary.written == 3
    assert summary.stopped


async def test_an_unexpected_error_is_not_a_lesson_failure_but_stops_the_run() -> None:
    model = LessonAwareModel()
    model.crash_on = "Lesson 2"
    generate, _ = _engine(model)

    with pytest.raises(ExceptionGroup):
        await generate(COURSE.course_id, ALL, concurrency=1)


async def test_concurrency_must_be_positive() -> None:
    generate, _ = _engine(LessonAwareModel())
    with pytest.raises(ValueError, match="concurrency"):
        await generate(COURSE.course_id, ALL, concurrency=0)


async def test_the_plan_lists_every_lesson_in_reading_order_or_only_the_empty_ones() -> None:
    writer = WriteLessonInOwnScope(COURSE, LessonAwareModel())
    for lesson_id in (2, 5):
        writer.contents.lessons[lesson_id] = replace(writer.contents.lessons[lesson_id], content="  \n")
    plan = PlanCourseGeneration(writer.outlines, FakeEmptyLessons(writer.contents))

    assert await plan(COURSE.course_id, only_empty=False) == ALL
    assert await plan(COURSE.course_id, only_empty=True) == [
        PlannedLesson(2, "Lesson 2"),
        PlannedLesson(5, "Lesson 5"),
    ]
    with pytest.raises(NotFound):
        await plan(uuid4(), only_empty=False)


def _jobs_setup(
    model: LessonAwareModel, concurrency: int = 2
) -> tuple[
    StartGenerationJob, RunGenerationJob, InMemoryGenerationJobs, RecordingQueue, WriteLessonInOwnScope
]:
    writer = WriteLessonInOwnScope(COURSE, model)
    jobs = InMemoryGenerationJobs({p.id: p.title for p in ALL})
    queue = RecordingQueue()
    start = StartGenerationJob(
        PlanCourseGeneration(writer.outlines, FakeEmptyLessons(writer.contents)), jobs, queue
    )
    run = RunGenerationJob(
        jobs, GenerateCourse(writer), JobRunnerConfig(concurrency=concurrency, runner="test:1")
    )
    return start, run, jobs, queue, writer


async def test_a_started_job_is_queued_dispatched_and_run_to_done() -> None:
    start, run, jobs, queue, _ = _jobs_setup(LessonAwareModel(failing={"Lesson 6"}))

    job = await start(COURSE.course_id, only_empty=False)
    assert (job.status, job.total, queue.dispatched) == (JobStatus.QUEUED, 7, [job.id])
    await run(job.id)

    done = await jobs.get(job.id)
    assert done is not None
    assert (done.status, done.done, done.failed, done.tokens) == (JobStatus.DONE, 6, 1, 660)
    assert [(f.lesson_id, f.reason) for f in done.failures] == [(6, "FakeAI refused to answer")]
    assert done.finished_at is not None


async def test_a_second_job_for_the_course_is_a_conflict_naming_the_first() -> None:
    start, _, _, queue, _ = _jobs_setup(LessonAwareModel())
    first = await start(COURSE.course_id, only_empty=False)

    with pytest.raises(Conflict, match=str(first.id)):
        await start(COURSE.course_id, only_empty=False)
    assert queue.dispatched == [first.id]


async def test_a_resumed_job_writes_only_the_lessons_not_yet_recorded() -> None:
    model = LessonAwareModel()
    start, run, jobs, _, _ = _jobs_setup(model, concurrency=1)
    job = await start(COURSE.course_id, only_empty=False)
    model.crash_on = "Lesson 4"

    with pytest.raises(ExceptionGroup):
        await run(job.id)  # the process dies while writing lesson 4
    cut_short = await jobs.get(job.id)
    assert cut_short is not None
    assert (cut_short.status, cut_short.done) == (JobStatus.RUNNING, 3)

    model.crash_on = None
    await run(job.id)

    assert model.asked == [f"Lesson {i}" for i in (1, 2, 3, 4, 4, 5, 6, 7)]
    finished = await jobs.get(job.id)
    assert finished is not None
    assert (finished.status, finished.done, finished.failed, finished.tokens) == (JobStatus.DONE, 7, 0, 770)


async def test_an_outcome_recorded_twice_is_counted_once() -> None:
    start, run, jobs, _, _ = _jobs_setup(LessonAwareModel())
    job = await start(COURSE.course_id, only_empty=False)
    await run(job.id)

    await jobs.record_written(job.id, 1, 110)
    await jobs.record_failed(job.id, 2, "late")

    again = await jobs.get(job.id)
    assert again is not None
    assert (again.done, again.failed, again.tokens) == (7, 0, 770)


async def test_a_finished_job_is_not_run_again() -> None:
    model = LessonAwareModel()
    start, run, _, _, _ = _jobs_setup(model)
    job = await start(COURSE.course_id, only_empty=False)
    await run(job.id)
    asked = list(model.asked)

    await run(job.id)

    assert model.asked == asked


async def test_a_cancelled_running_job_stops_between_lessons_and_ends_cancelled() -> None:
    model = LessonAwareModel()
    start, run, jobs, _, _ = _jobs_setup(model, concurrency=1)
    job = await start(COURSE.course_id, only_empty=False)
    cancel = CancelGenerationJob(jobs)
    original = jobs.record_written

    async def cancel_after_two(job_id, lesson_id, tokens):  # type: ignore[no-untyped-def]
        await original(job_id, lesson_id, tokens)
        if lesson_id == 2:
            assert (await cancel(job_id)).cancel_requested

    jobs.record_written = cancel_after_two  # type: ignore[method-assign]
    await run(job.id)

    ended = await jobs.get(job.id)
    assert ended is not None
    assert (ended.status, ended.done, ended.total) == (JobStatus.CANCELLED, 2, 7)
    assert model.asked == ["Lesson 1", "Lesson 2"]
    assert [i.status for i in jobs.jobs[job.id].items].count(JobLessonStatus.PENDING) == 5
    with pytest.raises(Conflict, match="already finished"):
        await cancel(job.id)


async def test_a_queued_job_is_cancelled_at_once_and_then_never_runs() -> None:
    model = LessonAwareModel()
    start, run, jobs, _, _ = _jobs_setup(model)
    job = await start(COURSE.course_id, only_empty=False)

    cancelled = await CancelGenerationJob(jobs)(job.id)
    await run(job.id)

    assert cancelled.status == JobStatus.CANCELLED
    assert model.asked == []
    with pytest.raises(NotFound):
        await CancelGenerationJob(jobs)(uuid4())


async def test_a_job_with_nothing_to_write_ends_done() -> None:
    start, run, jobs, _, _ = _jobs_setup(LessonAwareModel())
    job = await start(COURSE.course_id, only_empty=True)  # every lesson has content

    await run(job.id)

    ended = await jobs.get(job.id)
    assert ended is not None
    assert (ended.total, ended.status) == (0, JobStatus.DONE)
