from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class StoredLesson:
    id: int
    section_id: int
    course_id: UUID
    title: str
    content: str
    lesson_order: int
    created_at: datetime
    updated_at: datetime


class LessonContentWriter(Protocol):
    async def replace_content(self, course_id: UUID, lesson_id: int, content: str) -> StoredLesson | None:
        """Store `content` as the lesson's content (in the current transaction) and return the lesson.

        None, and nothing changed, when the lesson does not belong to that course.
        """
        ...
