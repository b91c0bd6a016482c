from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final
from uuid import UUID

import asyncpg
import msgspec

from application.pagination import Page, PageRequest
from application.ports.course_queries import (
    CourseFilter,
    CourseTree,
    CourseView,
    ImageView,
    InstructorView,
    LessonView,
    SectionView,
)

_COURSE_FROM: Final = """
SELECT c.id, c.title, c.description, c.difficulty_level, c.is_published, c.created_at, c.updated_at,
       u.id AS u_id, u.full_name, u.email, m.id AS m_id, m.secure_url{extra}
FROM courses c LEFT JOIN users u ON u.id = c.instructor_id LEFT JOIN media m ON m.id = c.image_id"""
_COURSES_SQL: Final = _COURSE_FROM.format(extra="") + " WHERE c.id = ANY($1::uuid[])"
# Outlines are built as JSON by PostgreSQL and decoded straight into the read models by
# msgspec: one statement per read, and no Python loop over a row per lesson.
_SECTION_JSON: Final = """json_build_object(
    'id', s.id, 'course_id', s.course_id, 'title', s.title, 'section_order', s.section_order,
    'lessons', (SELECT coalesce(json_agg(json_build_object(
            'id', l.id, 'section_id', l.section_id, 'course_id', s.course_id, 'title', l.title,
            'lesson_order', l.lesson_order) ORDER BY l.lesson_order), '[]')
        FROM lessons l WHERE l.section_id = s.id))"""
_SECTIONS_OF_COURSE_JSON: Final = f"""(
    SELECT coalesce(json_agg({_SECTION_JSON} ORDER BY s.section_order), '[]')
    FROM sections s WHERE s.course_id = c.id) AS sections"""  # noqa: S608 - fixed fragments
_COURSE_TREE_SQL: Final = _COURSE_FROM.format(extra=f", {_SECTIONS_OF_COURSE_JSON}") + " WHERE c.id = $1"
# The course's visibility comes with its outline, so a list by course is one query.
_COURSE_OUTLINE_SQL: Final = (
    f"SELECT c.is_published, {_SECTIONS_OF_COURSE_JSON} FROM courses c WHERE c.id = $1"  # noqa: S608 - fixed fragments
)
_SECTION_SQL: Final = f"""
SELECT c.is_published, {_SECTION_JSON} AS section
FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = $1"""  # noqa: S608 - fixed fragments
_SECTION_LESSONS_SQL: Final = """
SELECT c.is_published, s.course_id, l.id, l.title, l.content, l.lesson_order, l.created_at, l.updated_at
FROM sections s JOIN courses c ON c.id = s.course_id LEFT JOIN lessons l ON l.section_id = s.id
WHERE s.id = $1 ORDER BY l.lesson_order"""
_LESSON_SQL: Final = """
SELECT c.is_published, s.course_id, l.id, l.section_id, l.title, l.content, l.lesson_order,
       l.created_at, l.updated_at
FROM lessons l JOIN sections s ON s.id = l.section_id JOIN courses c ON c.id = s.course_id
WHERE l.id = $1"""
_decode_section = msgspec.json.Decoder(SectionView).decode
_decode_sections = msgspec.json.Decoder(list[SectionView]).decode


def _like_pattern(search: str) -> str:
    """`search` as a substring pattern for ILIKE, its own wildcards taken literally."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _course_view(row: asyncpg.Record) -> CourseView:
    return CourseView(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        difficulty_level=row["difficulty_level"],
        is_published=row["is_published"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        instructor=InstructorView(id=row["u_id"], full_name=row["full_name"], email=row["email"])
        if row["u_id"] is not None
        else None,
        image=ImageView(id=row["m_id"], secure_url=row["secure_url"]) if row["m_id"] is not None else None,
    )


def _lesson_view(row: asyncpg.Record, section_id: int) -> LessonView:
    return LessonView(
        id=row["id"],
        section_id=section_id,
        course_id=row["course_id"],
        title=row["title"],
        content=row["content"],
        lesson_order=row["lesson_order"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


@functools.cache
def _list_statements(include_unpublished: bool, search: bool, difficulty: bool) -> tuple[str, str]:
    """The page and count queries for the filters that are set. Their text varies only with
    which filters are set, so each variant is one prepared statement with a fitting plan."""
    conditions: list[str] = []
    n = 0
    if not include_unpublished:
        conditions.append("c.is_published")
    if search:
        n += 1
        conditions.append(f"(c.title ILIKE ${n} OR c.description ILIKE ${n})")
    if difficulty:
        n += 1
        conditions.append(f"lower(c.difficulty_level) = lower(${n})")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    page = (
        _COURSE_FROM.format(extra=", count(*) OVER () AS total")
        + where
        + f" ORDER BY c.created_at DESC, c.id DESC LIMIT ${n + 1} OFFSET ${n + 2}"
    )
    count = "SELECT count(*) FROM courses c" + where  # noqa: S608 - fixed fragments; values are bound
    return page, count


class AsyncpgCourseQueries:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def list_courses(self, course_filter: CourseFilter, page: PageRequest) -> Page[CourseView]:
        search, difficulty = course_filter.search, course_filter.difficulty_level
        statement, count = _list_statements(
            course_filter.include_unpublished, search is not None, difficulty is not None
        )
        arguments: list[Any] = []
        if search is not None:
            arguments.append(_like_pattern(search))
        if difficulty is not None:
            arguments.append(difficulty)
        rows = await self._pool.fetch(statement, *arguments, page.limit, page.skip)
        if rows:
            return Page(items=[_course_view(row) for row in rows], total=rows[0]["total"])
        if page.skip == 0:
            return Page(items=[], total=0)
        # A page past the end carries no count; only then is it asked for separately.
        total = await self._pool.fetchval(count, *arguments)
        return Page(items=[], total=total)

    async def courses(self, course_ids: Sequence[UUID]) -> list[CourseView]:
        rows = await self._pool.fetch(_COURSES_SQL, list(course_ids))
        by_id = {row["id"]: _course_view(row) for row in rows}
        return [by_id[course_id] for course_id in course_ids if course_id in by_id]

    async def course_tree(self, course_id: UUID, *, include_unpublished: bool) -> CourseTree | None:
        row = await self._pool.fetchrow(_COURSE_TREE_SQL, course_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        course = _course_view(row)
        return CourseTree(
            id=course.id,
            title=course.title,
            description=course.description,
            difficulty_level=course.difficulty_level,
            is_published=course.is_published,
            created_at=course.created_at,
            updated_at=course.updated_at,
            instructor=course.instructor,
            image=course.image,
            sections=_decode_sections(row["sections"]),
        )

    async def sections_of_course(
        self, course_id: UUID, *, include_unpublished: bool
    ) -> list[SectionView] | None:
        row = await self._pool.fetchrow(_COURSE_OUTLINE_SQL, course_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        return _decode_sections(row["sections"])

    async def section(self, section_id: int, *, include_unpublished: bool) -> SectionView | None:
        row = await self._pool.fetchrow(_SECTION_SQL, section_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        return _decode_section(row["section"])

    async def lessons_of_section(
        self, section_id: int, *, include_unpublished: bool
    ) -> list[LessonView] | None:
        rows = await self._pool.fetch(_SECTION_LESSONS_SQL, section_id)
        if not rows or not (rows[0]["is_published"] or include_unpublished):
            return None
        return [_lesson_view(row, section_id) for row in rows if row["id"] is not None]

    async def lesson(self, lesson_id: int, *, include_unpublished: bool) -> LessonView | None:
        row = await self._pool.fetchrow(_LESSON_SQL, lesson_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        return _lesson_view(row, row["section_id"])
