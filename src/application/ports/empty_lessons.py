from __future__ import annotations

from typing import Protocol
from uuid import UUID


class EmptyLessonFinder(Protocol):
    async def empty_lesson_ids(self, course_id: UUID) -> set[int]:
        """The lessons of the course whose content is empty (or only blanks)."""
        ...
