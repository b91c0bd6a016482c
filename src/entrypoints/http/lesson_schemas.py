"""Wire types of the lesson routes. Responses are the read models themselves."""

from __future__ import annotations

from typing import cast

import msgspec
from msgspec import UNSET, UnsetType

from application.courses.lesson_input import LessonChanges, NewLesson
from entrypoints.http.course_schemas import Title
from entrypoints.http.wire import Order, RowId, Text, set_fields


class LessonCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    section_id: RowId
    title: Title
    lesson_order: Order
    content: Text = ""

    def to_input(self) -> NewLesson:
        return NewLesson(
            section_id=self.section_id, title=self.title, lesson_order=self.lesson_order, content=self.content
        )


class LessonUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Moving a lesson to another section: a new `section_id` with a free `lesson_order`."""

    section_id: RowId | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    content: Text | UnsetType = UNSET
    lesson_order: Order | UnsetType = UNSET

    def to_changes(self) -> LessonChanges:
        return cast(LessonChanges, set_fields(self))
