"""What an administrator sends to create or change a section, and the rules both obey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict
from uuid import UUID

from application.input_problems import reject_problems
from application.ports.courses import CourseRepository, SectionRepository
from domain.courses import Section, order_problem, repeated_orders
from domain.errors import Conflict, FieldProblem


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
    found = await courses.existing({section.course_id for _, section in placed})
    problems: list[FieldProblem] = []
    for prefix, section in placed:
        if section.course_id not in found:
            problems.append(FieldProblem(f"{prefix}course_id", "no course has this id"))
        if (problem := order_problem(section.section_order)) is not None:
            problems.append(FieldProblem(f"{prefix}section_order", problem))
    reject_problems(problems)
    keys = [(prefix, (section.course_id, section.section_order)) for prefix, section in placed]
    if repeated := repeated_orders(keys):
        prefix, earlier = repeated[0]
        raise Conflict(f"{prefix}section_order: the same order as {earlier}section_order")
    taken = await sections.taken_orders({key for _, key in keys}, ignoring=ignoring)
    for prefix, section in placed:
        if (section.course_id, section.section_order) in taken:
            raise Conflict(
                f"{prefix}section_order: the course already has a section with order {section.section_order}"
            )
