"""How `ahc ai generate-course` shows its progress: a bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import time
from types import TracebackType

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from application.ai.generate_course import LessonOutcome
from application.ai.plan_course_generation import PlannedLesson


class _RateColumn(ProgressColumn):
    """Lessons finished per minute."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed * 60:.1f}/min" if speed else "--/min", style="progress.data.speed")


class GenerationProgress:
    """The progress port of GenerateCourse for a person watching, and the stop they may ask for.

    Used as a context manager around the run. A stop (`request_stop`) is honoured between
    lessons: the lessons being written are finished first.
    """

    def __init__(self, total: int, *, console: Console | None = None) -> None:
        self.total = total
        self.finished = 0
        self.failed = 0
        self.tokens = 0
        self.stop_requested = False
        self.started_at = time.monotonic()
        self._console = console or Console(stderr=True)
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        if self._console.is_terminal:
            self._bar = Progress(
                TextColumn("[bold]lessons"),
                BarColumn(bar_width=20),
                MofNCompleteColumn(),
                TextColumn("· {task.fields[failed]} failed · {task.fields[tokens]:,} tokens ·"),
                _RateColumn(table_column=Column(no_wrap=True)),
                TextColumn("·"),
                TimeRemainingColumn(),
                TextColumn("left"),
                console=self._console,
            )

    def __enter__(self) -> GenerationProgress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("lessons", total=self.total, failed=0, tokens=0)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def request_stop(self) -> None:
        self.stop_requested = True
        self.say("stopping after the lessons being written (Ctrl-C again to abort)")

    def say(self, message: str) -> None:
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            typer.echo(message, err=True)

    async def lesson_started(self, lesson: PlannedLesson) -> None:  # noqa: ARG002 - the bar counts finishes
        return None

    async def lesson_finished(self, outcome: LessonOutcome) -> None:
        self.finished += 1
        self.tokens += outcome.tokens
        if not outcome.written:
            self.failed += 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, failed=self.failed, tokens=self.tokens)
            return
        where = f"[{self.finished}/{self.total}]"
        title = outcome.lesson.title
        if outcome.written:
            typer.echo(f"{where} written lesson {outcome.lesson.id} {title!r} ({outcome.tokens:,} tokens)")
        else:
            typer.echo(f"{where} failed  lesson {outcome.lesson.id} {title!r}: {outcome.reason}")

    async def should_stop(self) -> bool:
        return self.stop_requested
