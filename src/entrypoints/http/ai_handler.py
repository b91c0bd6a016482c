"""AI lessons: have the configured model write a lesson's content."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final
from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from application.ai.write_lesson import WriteLesson
from entrypoints.http.guards import requires_admin
from entrypoints.http.openapi import error_responses

# Lesson ids are PostgreSQL integers: a larger id is bad input, not a database error.
LESSON_ID_MAX: Final = 2**31 - 1


class TokenUsage(msgspec.Struct, kw_only=True):
    input_tokens: int
    output_tokens: int


class WrittenLessonOut(msgspec.Struct, kw_only=True):
    id: int
    section_id: int
    course_id: UUID
    title: str
    content: str
    lesson_order: int
    created_at: datetime
    updated_at: datetime
    usage: TokenUsage


class AiHandlerController(Controller):
    path = "/ai_handler"
    tags = ["ai"]
    guards = [requires_admin]
    security = [{"BearerToken": []}]

    @post(
        "/update_lesson",
        status_code=HTTP_200_OK,
        summary="Have the AI model write a lesson's content",
        description=(
            "Builds a prompt scoped to this lesson of this course, asks the configured model, "
            "checks the answer (Markdown, one H1 equal to the lesson title, no raw HTML) and "
            "stores it as the lesson's content. A failed or rejected answer changes nothing."
        ),
        responses=error_responses(401, 403, 404, 502, 503),
    )
    async def update_lesson(
        self,
        course_uid: UUID,
        lesson_id: Annotated[int, Parameter(ge=1, le=LESSON_ID_MAX)],
        write_lesson: FromDishka[WriteLesson],
    ) -> WrittenLessonOut:
        written = await write_lesson(course_uid, lesson_id)
        lesson = written.lesson
        return WrittenLessonOut(
            id=lesson.id,
            section_id=lesson.section_id,
            course_id=lesson.course_id,
            title=lesson.title,
            content=lesson.content,
            lesson_order=lesson.lesson_order,
            created_at=lesson.created_at,
            updated_at=lesson.updated_at,
            usage=TokenUsage(input_tokens=written.input_tokens, output_tokens=written.output_tokens),
        )
