from __future__ import annotations

from uuid import uuid4

import pytest

from application.ai.write_lesson import WriteLesson
from domain.errors import NotFound, ServiceNotConfigured, UpstreamFailed, UpstreamUnavailable
from tests.unit.ai.fakes import (
    FakeLessonContentWriter,
    FakeLessonWriter,
    FakeOutlineReader,
    lesson,
    lesson_markdown,
    outline,
    section,
)
from tests.unit.fakes import FakeUnitOfWork

COURSE = outline(section(1, 1, lesson(1, 1, "Variables"), lesson(2, 2, "Loops")))
OTHER = outline(section(2, 1, lesson(3, 1, "Elsewhere")), title="Other Course")


def _use_case(writer: FakeLessonWriter, uow: FakeUnitOfWork) -> tuple[WriteLesson, FakeLessonContentWriter]:
    lessons = FakeLessonContentWriter(COURSE, OTHER)
    return WriteLesson(FakeOutlineReader(COURSE, OTHER), lessons, writer, uow), lessons


async def test_the_answer_replaces_the_content_and_usage_is_reported() -> None:
    uow = FakeUnitOfWork()
    answer = "\n\n" + lesson_markdown("Loops") + "\n\n"
    writer = FakeLessonWriter(answer, uow=uow)
    write_lesson, lessons = _use_case(writer, uow)

    written = await write_lesson(COURSE.course_id, 2)

    assert written.lesson.content == answer.strip()
    assert (written.lesson.id, written.lesson.title, written.lesson.course_id) == (
        2,
        "Loops",
        COURSE.course_id,
    )
    assert (written.input_tokens, written.output_tokens) == (321, 1234)
    assert lessons.lessons[2].content == answer.strip()
    assert lessons.lessons[1].content == "old content"
    assert uow.committed
    assert len(writer.prompts) == 1
    assert '"Loops"' in writer.prompts[0]
    assert "Variables (out of scope: do not cover)" in writer.prompts[0]


async def test_no_transaction_is_held_while_the_model_writes() -> None:
    uow = FakeUnitOfWork()
    writer = FakeLessonWriter(lesson_markdown("Loops"), uow=uow)
    write_lesson, _ = _use_case(writer, uow)
    await write_lesson(COURSE.course_id, 2)
    assert writer.transaction_open_when_called == [False]


async def test_an_unknown_course_is_not_found_and_the_model_is_not_asked() -> None:
    uow = FakeUnitOfWork()
    writer = FakeLessonWriter(lesson_markdown("Loops"))
    write_lesson, _ = _use_case(writer, uow)
    with pytest.raises(NotFound, match="Course not found"):
        await write_lesson(uuid4(), 2)
    assert writer.prompts == []
    assert not uow.committed


async def test_a_lesson_of_another_course_is_not_found_and_stays_untouched() -> None:
    uow = FakeUnitOfWork()
    writer = FakeLessonWriter(lesson_markdown("Elsewhere"))
    write_lesson, lessons = _use_case(writer, uow)
    with pytest.raises(NotFound, match="Lesson not found in this course"):
        await write_lesson(COURSE.course_id, 3)
    assert writer.prompts == []
    assert lessons.lessons[3].content == "old content"
    assert not uow.committed


@pytest.mark.parametrize(
    "error",
    [
        UpstreamUnavailable("FakeAI", "rate limited", retry_after=7),
        UpstreamFailed("FakeAI", "blocked"),
        ServiceNotConfigured("AI provider not configured"),
    ],
)
async def test_a_failing_model_leaves_the_lesson_untouched(error: Exception) -> None:
    uow = FakeUnitOfWork()
    write_lesson, lessons = _use_case(FakeLessonWriter(error=error), uow)
    with pytest.raises(type(error)) as raised:
        await write_lesson(COURSE.course_id, 2)
    assert raised.value is error
    assert lessons.lessons[2].content == "old content"
    assert not uow.committed


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("", "the answer is empty"),
        (lesson_markdown("Variables"), "the answer's H1 title is not the lesson title"),
        (lesson_markdown("Loops").replace("# Loops", "## Loops"), "the answer has no H1 title"),
        (lesson_markdown("Loops") + "\n<div>raw</div>\n", "the answer contains raw HTML"),
        ("# Loops\n\nToo short.", "the answer has 4 words, outside 300..4000"),
    ],
)
async def test_a_rejected_answer_is_an_upstream_failure_and_changes_nothing(answer: str, reason: str) -> None:
    uow = FakeUnitOfWork()
    write_lesson, lessons = _use_case(FakeLessonWriter(answer), uow)
    with pytest.raises(UpstreamFailed) as raised:
        await write_lesson(COURSE.course_id, 2)
    assert raised.value.upstream == "FakeAI"
    assert raised.value.detail == f"FakeAI answer rejected: {reason}"
    assert lessons.lessons[2].content == "old content"
    assert not uow.committed


async def test_a_lesson_removed_while_the_model_wrote_is_not_found() -> None:
    uow = FakeUnitOfWork()
    write_lesson, lessons = _use_case(FakeLessonWriter(lesson_markdown("Loops")), uow)
    del lessons.lessons[2]
    with pytest.raises(NotFound, match="Lesson not found in this course"):
        await write_lesson(COURSE.course_id, 2)
    assert not uow.committed
