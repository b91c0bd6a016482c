from __future__ import annotations

from typing import Protocol
from uuid import UUID

from application.ai.write_lesson import LessonWritten


class IsolatedLessonWriter(Protocol):
    """Runs the WriteLesson use case for one lesson in a scope (session, transaction) of its own.

    Lessons written at the same time thus share nothing but the model.
    """

    async def write(self, course_id: UUID, lesson_id: int) -> LessonWritten: ...
