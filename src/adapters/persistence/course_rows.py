"""A course with its sections and lessons in reading order, read in one query.

One row per lesson, or per empty section, or a single row for a course without sections;
no rows when there is no such course.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias
from uuid import UUID

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import courses_table, lessons_table, sections_table

_course, _section, _lesson = courses_table.c, sections_table.c, lessons_table.c

CourseRow: TypeAlias = Row[*tuple[Any, ...]]

# Every row carries these; callers add the course and lesson columns they need.
_OUTLINE_COLUMNS = (
    _section.id.label("section_id"),
    _section.title.label("section_title"),
    _section.section_order,
    _lesson.id.label("lesson_id"),
    _lesson.title.label("lesson_title"),
    _lesson.lesson_order,
)


async def course_rows(
    session: AsyncSession, course_id: UUID, *columns: ColumnElement[Any]
) -> Sequence[CourseRow]:
    statement = (
        select(*columns, *_OUTLINE_COLUMNS)
        .select_from(
            courses_table.outerjoin(sections_table, _section.course_id == _course.id).outerjoin(
                lessons_table, _lesson.section_id == _section.id
            )
        )
        .where(_course.id == course_id)
        .order_by(_section.section_order, _section.id, _lesson.lesson_order, _lesson.id)
    )
    return (await session.execute(statement)).all()


def by_section(rows: Sequence[CourseRow]) -> list[tuple[CourseRow, list[CourseRow]]]:
    """Each section's first row with the rows of its lessons, in order."""
    sections: dict[int, tuple[CourseRow, list[CourseRow]]] = {}
    for row in rows:
        if row.section_id is None:
            continue
        _, lessons = sections.setdefault(row.section_id, (row, []))
        if row.lesson_id is not None:
            lessons.append(row)
    return list(sections.values())
