"""AI lessons: have the configured model write a lesson's content."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Final
from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, post
from litestar.params import FromQuery, Parameter
from litestar.status_codes import HTTP_200_OK

from application.ai.write_lesson import WriteLesson
from application.ports.course_queries import LessonView
from entrypoints.http.guards import requires_admin
from entrypoints.http.openapi import error_responses

# Lesson ids are PostgreSQL integers: a larger id is bad input, not a database error.
LESSON_ID_MAX: Final = 2**31 - 1


class TokenUsage(msgspec.Struct, kw_only=True):
    input_tokens: int
    output_tokens: int


@dataclass(slots=True, kw_only=True)
class WrittenLessonOut(LessonView):
    """The lesson as `GET /lessons/{id}` shows it, plus the model's token usage."""

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
        course_uid: FromQuery[UUID],
        lesson_id: Annotated[int, Parameter(ge=1, le=LESSON_ID_MAX)],
        write_lesson: FromDishka[WriteLesson],
    ) -> WrittenLessonOut:
        written = await write_lesson(course_uid, lesson_id)
        usage = TokenUsage(input_tokens=written.input_tokens, output_tokens=written.output_tokens)
        return WrittenLessonOut(**asdict(written.lesson), usage=usage)
