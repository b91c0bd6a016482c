"""What an administrator sends to create or change a course."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict
from uuid import UUID

from domain.courses import Course
from domain.users import User


@dataclass(frozen=True, kw_only=True)
class NewCourse:
    title: str
    description: str | None = None
    instructor_id: UUID | None = None
    difficulty_level: str | None = None
    is_published: bool = False
    image_id: UUID | None = None

    def build(self, caller: User) -> Course:
        """The course, taught by the caller unless an instructor is named."""
        return Course(
            title=self.title,
            description=self.description,
            instructor_id=self.instructor_id or caller.id,
            difficulty_level=self.difficulty_level,
            is_published=self.is_published,
            image_id=self.image_id,
        )


class CourseChanges(TypedDict, total=False):
    """A partial update: a field left out keeps its value; None clears an optional one."""

    title: str
    description: str | None
    instructor_id: UUID | None
    difficulty_level: str | None
    is_published: bool
    image_id: UUID | None
