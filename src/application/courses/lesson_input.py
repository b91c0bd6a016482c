"""What an administrator sends to create or change a lesson, and the rules both obey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict
from uuid import UUID

from application.courses.placement import Placement, PlacementWords, check_placements
from application.ports.course_queries import LessonView
from application.ports.courses import LessonRepository, SectionRepository
from domain.courses import Lesson

_LESSON_WORDS = PlacementWords(
    parent_field="section_id", order_field="lesson_order", parent="section", child="lesson"
)


@dataclass(frozen=True, kw_only=True)
class NewLesson:
    section_id: int
    title: str
    lesson_order: int
    content: str = ""

    def build(self) -> Lesson:
        return Lesson(
            section_id=self.section_id, title=self.title, lesson_order=self.lesson_order, content=self.content
        )


class LessonChanges(TypedDict, total=False):
    section_id: int
    title: str
    content: str
    lesson_order: int


async def check_lessons(
    placed: Sequence[tuple[str, Lesson]],
    sections: SectionRepository,
    lessons: LessonRepository,
    *,
    ignoring: int | None = None,
) -> dict[int, UUID]:
    """Each (field prefix, lesson): its section exists and its order is >= 1 (422) and free
    in that section, within the input and among stored lessons other than `ignoring` (409).
    Returns the course of each section named."""
    course_of = await sections.courses_of({lesson.section_id for _, lesson in placed})
    await check_placements(
        [Placement(prefix, lesson.section_id, lesson.lesson_order) for prefix, lesson in placed],
        _LESSON_WORDS,
        known_parents=course_of.keys(),
        taken_orders=lambda keys: lessons.taken_orders(keys, ignoring=ignoring),
    )
    return course_of


def lesson_view(lesson: Lesson, course_id: UUID) -> LessonView:
    """A lesson just written, as clients see it."""
    assert lesson.id is not None, "a stored lesson has an id"
    assert lesson.created_at is not None, "a stored lesson has timestamps"
    assert lesson.updated_at is not None, "a stored lesson has timestamps"
    return LessonView(
        id=lesson.id,
        section_id=lesson.section_id,
        course_id=course_id,
        title=lesson.title,
        content=lesson.content,
        lesson_order=lesson.lesson_order,
        created_at=lesson.created_at,
        updated_at=lesson.updated_at,
    )
