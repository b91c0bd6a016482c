"""Wire types of the course routes. Responses are the read models themselves."""

from __future__ import annotations

from typing import Annotated, cast
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.courses.course_input import CourseChanges, NewCourse
from domain.courses import DIFFICULTY_MAX, TITLE_MAX
from entrypoints.http.wire import NO_NUL, Text, set_fields

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, pattern=NO_NUL)]
Difficulty = Annotated[str, msgspec.Meta(max_length=DIFFICULTY_MAX, pattern=NO_NUL)]


class CourseCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: Title
    description: Text | None = None
    instructor_id: UUID | None = None
    difficulty_level: Difficulty | None = None
    is_published: bool = False
    image_id: UUID | None = None

    def to_input(self) -> NewCourse:
        return NewCourse(**msgspec.structs.asdict(self))


class CourseUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: Title | UnsetType = UNSET
    description: Text | UnsetType | None = UNSET
    instructor_id: UUID | UnsetType | None = UNSET
    difficulty_level: Difficulty | UnsetType | None = UNSET
    is_published: bool | UnsetType = UNSET
    image_id: UUID | UnsetType | None = UNSET

    def to_changes(self) -> CourseChanges:
        return cast(CourseChanges, set_fields(self))
