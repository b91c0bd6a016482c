"""Have the configured model write one lesson of a course, check the answer, store it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ai.lesson_prompt import build_lesson_prompt, find_lesson
from application.ports.course_outline import CourseOutlineReader
from application.ports.course_queries import LessonView
from application.ports.lesson_content import LessonContentWriter
from application.ports.lesson_writer import LessonWriter
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound, UpstreamFailed
from domain.lesson_writing import lesson_markdown_problem


@dataclass(frozen=True)
class LessonWritten:
    lesson: LessonView
    input_tokens: int
    output_tokens: int


class WriteLesson:
    """Replaces a lesson's content with what the model writes for it.

    The answer must pass the lesson check; otherwise (or when the model fails) the lesson
    keeps its old content.
    """

    def __init__(
        self,
        outlines: CourseOutlineReader,
        lessons: LessonContentWriter,
        writer: LessonWriter,
        uow: UnitOfWork,
    ) -> None:
        self._outlines = outlines
        self._lessons = lessons
        self._writer = writer
        self._uow = uow

    async def __call__(self, course_id: UUID, lesson_id: int) -> LessonWritten:
        outline = await self._outlines.outline(course_id)
        if outline is None:
            raise NotFound("Course not found")
        title = find_lesson(outline, lesson_id).lesson.title
        prompt = build_lesson_prompt(outline, lesson_id)
        # The model may take a minute: hold no database transaction (nor connection) meanwhile.
        await self._uow.rollback()
        written = await self._writer.write(prompt)
        problem = lesson_markdown_problem(written.text, title)
        if problem is not None:
            raise UpstreamFailed(self._writer.upstream, f"{self._writer.upstream} answer rejected: {problem}")
        lesson = await self._lessons.replace_content(course_id, lesson_id, written.text.strip())
        if lesson is None:
            # Deleted or moved to another course while the model was writing.
            raise NotFound("Lesson not found in this course")
        await self._uow.commit()
        return LessonWritten(lesson, written.input_tokens, written.output_tokens)
