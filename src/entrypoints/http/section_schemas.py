"""Wire types of the section routes. Responses are the read models themselves."""

from __future__ import annotations

from typing import cast
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.courses.section_input import NewSection, SectionChanges
from entrypoints.http.course_schemas import Title
from entrypoints.http.wire import Order, set_fields


class SectionCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    course_id: UUID
    title: Title
    section_order: Order

    def to_input(self) -> NewSection:
        return NewSection(course_id=self.course_id, title=self.title, section_order=self.section_order)


class SectionUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    course_id: UUID | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    section_order: Order | UnsetType = UNSET

    def to_changes(self) -> SectionChanges:
        return cast(SectionChanges, set_fields(self))
