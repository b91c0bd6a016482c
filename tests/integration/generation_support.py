"""Arranging courses and answering lesson prompts, for the whole-course generation tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from tests.integration.fake_gemini import ReceivedRequest, Reply, answer, error
from tests.unit.ai.fakes import lesson_markdown

_TITLE = re.compile(r"^2\. Begin with exactly one H1 heading, exactly: # (.+)$", re.MULTILINE)
OLD_CONTENT = "old content"


def asked_title(request: ReceivedRequest) -> str:
    """The title of the lesson a prompt asks for."""
    found = _TITLE.search(request.prompt_text())
    assert found is not None, "every lesson prompt names its title"
    return found.group(1)


def lesson_answers(
    *, failing: frozenset[str] = frozenset(), delay_seconds: float = 0.0
) -> Callable[[ReceivedRequest], Reply]:
    """A responder writing each asked lesson well; titles in `failing` get a refusal (400)."""

    def respond(request: ReceivedRequest) -> Reply:
        title = asked_title(request)
        if title in failing:
            return error(400, "INVALID_ARGUMENT")
        written = answer(lesson_markdown(title), input_tokens=100, output_tokens=1000)
        return Reply(body=written.body, delay_seconds=delay_seconds)

    return respond


@dataclass(frozen=True)
class Course:
    id: UUID
    lessons: dict[str, int]  # title -> id


async def insert_course(
    db: asyncpg.Connection,
    outline: dict[str, list[str]],
    title: str = "Python Basics",
    content: str = OLD_CONTENT,
    description: str | None = "Learn Python.",
) -> Course:
    course_id: UUID = await db.fetchval(
        "INSERT INTO courses (title, description) VALUES ($1, $2) RETURNING id", title, description
    )
    lessons: dict[str, int] = {}
    for section_order, (section_title, lesson_titles) in enumerate(outline.items(), start=1):
        section_id = await db.fetchval(
            "INSERT INTO sections (course_id, title, section_order) VALUES ($1, $2, $3) RETURNING id",
            course_id,
            section_title,
            section_order,
        )
        for lesson_order, lesson_title in enumerate(lesson_titles, start=1):
            lessons[lesson_title] = await db.fetchval(
                "INSERT INTO lessons (section_id, title, content, lesson_order)"
                " VALUES ($1, $2, $3, $4) RETURNING id",
                section_id,
                lesson_title,
                content,
                lesson_order,
            )
    return Course(course_id, lessons)
