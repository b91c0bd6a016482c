"""The progress of `ahc ai generate-course`: a bar on a terminal, and the stop a person asks for."""

from __future__ import annotations

import io

from rich.console import Console

from application.ai.generate_course import LessonOutcome
from application.ai.plan_course_generation import PlannedLesson
from entrypoints.cli.generation_progress import GenerationProgress


def _terminal() -> tuple[Console, io.StringIO]:
    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=200), screen


async def test_a_terminal_gets_a_bar_with_counts_failures_and_tokens() -> None:
    console, screen = _terminal()
    with GenerationProgress(3, console=console) as progress:
        await progress.lesson_started(PlannedLesson(1, "One"))
        await progress.lesson_finished(
            LessonOutcome(PlannedLesson(1, "One"), written=True, input_tokens=100, output_tokens=1000)
        )
        await progress.lesson_finished(LessonOutcome(PlannedLesson(2, "Two"), written=False, reason="bad"))

    shown = screen.getvalue()
    assert "2/3" in shown
    assert "1 failed" in shown
    assert "1,100 tokens" in shown
    assert "/min" in shown
    assert "left" in shown
    assert (progress.finished, progress.failed, progress.tokens) == (2, 1, 1100)


async def test_a_stop_asked_is_reported_to_the_engine() -> None:
    console, screen = _terminal()
    with GenerationProgress(1, console=console) as progress:
        assert not await progress.should_stop()
        progress.request_stop()
        assert await progress.should_stop()
    assert "stopping after the lessons being written" in screen.getvalue()
