"""`ahc ai`: have the model write a whole course, in this process, through the API's use cases."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import typer
from dishka import AsyncContainer

from application.ai.generate_course import CourseGenerationSummary, GenerateCourse
from application.ai.plan_course_generation import PlanCourseGeneration
from entrypoints.cli.courses import course_id_argument
from entrypoints.cli.runtime import EXIT_FAILED, cli_settings, fail, run_with_container

ai_app = typer.Typer(help="Lessons written by the AI provider (Gemini).", no_args_is_help=True)

# Exit codes of generate-course besides 0 (every lesson written).
EXIT_INTERRUPTED = 130  # stopped with Ctrl-C, as shells report it
MAX_CONCURRENCY = 16


@dataclass(frozen=True)
class _Run:
    total: int
    summary: CourseGenerationSummary | None  # None when aborted
    seconds: float


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


@ai_app.command("generate-course")
def generate_course(
    course_id: Annotated[str, typer.Argument(help="Id of the course whose lessons to write.")],
    only_empty: Annotated[
        bool,
        typer.Option(
            "--only-empty", help="Write only the lessons without content (goes on with a stopped run)."
        ),
    ] = False,
    concurrency: Annotated[
        int, typer.Option(help=f"Lessons written at the same time (1..{MAX_CONCURRENCY}).")
    ] = 2,
) -> None:
    """Write every lesson of a course (or only the empty ones) with the AI provider.

    Each lesson goes through the same use case as POST /ai_handler/update_lesson; a failed
    lesson does not stop the others. Exit status: 0 when every lesson was written, 1 when
    any failed (they are listed with their reasons) or the run could not start, 130 when
    stopped with Ctrl-C (rerun with --only-empty to continue).
    """
    wanted = course_id_argument(course_id)
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise fail(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    settings = cli_settings(log_level="WARNING")
    if settings.gemini_api_key is None:
        raise fail("AI provider not configured (GEMINI_API_KEY is not set)")

    async def run(container: AsyncContainer) -> _Run:
        async with container() as request:
            lessons = await (await request.get(PlanCourseGeneration))(wanted, only_empty=only_empty)
        if not lessons:
            return _Run(0, None, 0.0)
        generate = await container.get(GenerateCourse)
        # The progress display (rich) is loaded only by this command.
        from entrypoints.cli.generation_progress import GenerationProgress

        with GenerationProgress(len(lessons)) as progress, _StopOnInterrupt(progress.request_stop) as stop:
            try:
                summary = await generate(wanted, lessons, concurrency=concurrency, progress=progress)
            except asyncio.CancelledError:
                if not stop.aborted:
                    raise
                summary = None
        return _Run(len(lessons), summary, time.monotonic() - progress.started_at)

    outcome = run_with_container(run, settings=settings)
    if outcome.total == 0:
        typer.echo(f"nothing to write: {'no lesson is empty' if only_empty else 'the course has no lessons'}")
        return
    if outcome.summary is None:
        raise fail(
            "aborted; the lessons written are kept: rerun with --only-empty to go on", EXIT_INTERRUPTED
        )
    _report(outcome.total, outcome.summary, outcome.seconds)
    if outcome.summary.stopped:
        raise typer.Exit(EXIT_INTERRUPTED)
    if outcome.summary.failures:
        raise typer.Exit(EXIT_FAILED)


def _report(total: int, summary: CourseGenerationSummary, seconds: float) -> None:
    failed = len(summary.failures)
    typer.echo(
        f"{summary.written} of {total} lessons written, {failed} failed, in {_duration(seconds)};"
        f" {summary.tokens:,} tokens ({summary.input_tokens:,} in, {summary.output_tokens:,} out)"
    )
    for failure in summary.failures:
        typer.echo(f"failed: lesson {failure.lesson.id} {failure.lesson.title!r}: {failure.reason}")
    if summary.stopped:
        not_started = total - summary.written - failed
        typer.echo(f"stopped before {not_started} lessons: rerun with --only-empty to go on")


class _StopOnInterrupt:
    """The first Ctrl-C asks for a stop between lessons; a second one aborts the run."""

    def __init__(self, request_stop: Callable[[], None]) -> None:
        self._request_stop = request_stop
        self._interrupts = 0
        self.aborted = False

    def __enter__(self) -> _StopOnInterrupt:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._loop.add_signal_handler(signal.SIGINT, self._interrupted)
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.remove_signal_handler(signal.SIGINT)

    def _interrupted(self) -> None:
        self._interrupts += 1
        if self._interrupts == 1:
            self._request_stop()
        elif self._task is not None:
            self.aborted = True
            self._task.cancel()
