"""What an administrator sends to create or change a section, and the rules both obey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict
from uuid import UUID

from application.courses.placement import Placement, PlacementWords, check_placements
from application.ports.courses import CourseRepository, SectionRepository
from domain.courses import Section

_SECTION_WORDS = PlacementWords(
    parent_field="course_id", order_field="section_order", parent="course", child="section"
)


@dataclass(frozen=True, kw_only=True)
class NewSection:
    course_id: UUID
    title: str
    section_order: int

    def build(self) -> Section:
        return Section(course_id=self.course_id, title=self.title, section_order=self.section_order)


class SectionChanges(TypedDict, total=False):
    course_id: UUID
    title: str
    section_order: int


async def check_sections(
    placed: Sequence[tuple[str, Section]],
    courses: CourseRepository,
    sections: SectionRepository,
    *,
    ignoring: int | None = None,
) -> None:
    """Each (field prefix, section): its course exists and its order is >= 1 (422) and free
    in that course, within the input and among stored sections other than
    `ignoring` (409)."""
    await check_placements(
        [Placement(prefix, section.course_id, section.section_order) for prefix, section in placed],
        _SECTION_WORDS,
        known_parents=await courses.existing({section.course_id for _, section in placed}),
        taken_orders=lambda keys: sections.taken_orders(keys, ignoring=ignoring),
    )
