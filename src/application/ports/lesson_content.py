from __future__ import annotations

from typing import Protocol
from uuid import UUID

from application.ports.course_queries import LessonView


class LessonContentWriter(Protocol):
    async def replace_content(self, course_id: UUID, lesson_id: int, content: str) -> LessonView | None:
        """Store `content` as the lesson's content (in the current transaction) and return the lesson.

        None, and nothing changed, when the lesson does not belong to that course.
        """
        ...
