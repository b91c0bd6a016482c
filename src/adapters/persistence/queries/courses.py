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
    LessonView,
    SectionView,
)

# Courses, lists of them and outlines are built as JSON by PostgreSQL and decoded straight
# into the read models by msgspec: one statement per read, and no Python loop over rows.
# (The read pool's sessions are in UTC, so timestamps read as they do everywhere else.)
_COURSE_FIELDS: Final = """
    'id', c.id, 'title', c.title, 'description', c.description, 'difficulty_level', c.difficulty_level,
    'is_published', c.is_published, 'created_at', c.created_at, 'updated_at', c.updated_at,
    'instructor', CASE WHEN u.id IS NOT NULL
        THEN json_build_object('id', u.id, 'full_name', u.full_name, 'email', u.email) END,
    'image', CASE WHEN m.id IS NOT NULL THEN json_build_object('id', m.id, 'secure_url', m.secure_url) END"""
_JOIN_INSTRUCTOR_AND_IMAGE: Final = (
    "LEFT JOIN users u ON u.id = c.instructor_id LEFT JOIN media m ON m.id = c.image_id"
)
_SECTION_JSON: Final = """json_build_object(
    'id', s.id, 'course_id', s.course_id, 'title', s.title, 'section_order', s.section_order,
    'lessons', (SELECT coalesce(json_agg(json_build_object(
            'id', l.id, 'section_id', l.section_id, 'course_id', s.course_id, 'title', l.title,
            'lesson_order', l.lesson_order) ORDER BY l.lesson_order), '[]')
        FROM lessons l WHERE l.section_id = s.id))"""
_SECTIONS_OF_COURSE: Final = f"""(SELECT coalesce(json_agg({_SECTION_JSON} ORDER BY s.section_order), '[]')
    FROM sections s WHERE s.course_id = c.id)"""  # noqa: S608 - fixed fragments
_COURSES_SQL: Final = f"""
SELECT c.id, json_build_object({_COURSE_FIELDS}) AS course
FROM courses c {_JOIN_INSTRUCTOR_AND_IMAGE} WHERE c.id = ANY($1::uuid[])"""  # noqa: S608 - fixed fragments
# The reads below take `include_unpublished` as $2: content of a hidden course reads as
# missing, and nothing is built or sent for it.
_VISIBLE: Final = "(c.is_published OR $2::boolean)"
_COURSE_TREE_SQL: Final = f"""
SELECT json_build_object({_COURSE_FIELDS}, 'sections', {_SECTIONS_OF_COURSE}) AS tree
FROM courses c {_JOIN_INSTRUCTOR_AND_IMAGE} WHERE c.id = $1 AND {_VISIBLE}"""  # noqa: S608 - fixed fragments
_COURSE_OUTLINE_SQL: Final = f"""
SELECT {_SECTIONS_OF_COURSE} FROM courses c WHERE c.id = $1 AND {_VISIBLE}"""  # noqa: S608 - fixed fragments
_SECTION_SQL: Final = f"""
SELECT {_SECTION_JSON} FROM sections s JOIN courses c ON c.id = s.course_id
WHERE s.id = $1 AND {_VISIBLE}"""  # noqa: S608 - fixed fragments
_SECTION_LESSONS_SQL: Final = f"""
SELECT s.course_id, l.id, l.title, l.content, l.lesson_order, l.created_at, l.updated_at
FROM sections s JOIN courses c ON c.id = s.course_id LEFT JOIN lessons l ON l.section_id = s.id
WHERE s.id = $1 AND {_VISIBLE} ORDER BY l.lesson_order"""  # noqa: S608 - fixed fragments
_LESSON_SQL: Final = f"""
SELECT s.course_id, l.id, l.section_id, l.title, l.content, l.lesson_order, l.created_at, l.updated_at
FROM lessons l JOIN sections s ON s.id = l.section_id JOIN courses c ON c.id = s.course_id
WHERE l.id = $1 AND {_VISIBLE}"""  # noqa: S608 - fixed fragments
_decode_course = msgspec.json.Decoder(CourseView).decode
_decode_courses = msgspec.json.Decoder(list[CourseView]).decode
_decode_tree = msgspec.json.Decoder(CourseTree).decode
_decode_section = msgspec.json.Decoder(SectionView).decode
_decode_sections = msgspec.json.Decoder(list[SectionView]).decode


def _like_pattern(search: str) -> str:
    """`search` as a substring pattern for ILIKE, its own wildcards taken literally."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
    # An aggregate answers one row even past the end of the list, with no total then.
    page = f"""
SELECT coalesce(json_agg(json_build_object({_COURSE_FIELDS}) ORDER BY c.created_at DESC, c.id DESC), '[]')
       AS items, max(c.total) AS total
FROM (SELECT c.*, count(*) OVER () AS total FROM courses c{where}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${n + 1} OFFSET ${n + 2}) c
{_JOIN_INSTRUCTOR_AND_IMAGE}"""  # noqa: S608 - fixed fragments; values are bound
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
        row = await self._pool.fetchrow(statement, *arguments, page.limit, page.skip)
        if row["total"] is not None:
            return Page(items=_decode_courses(row["items"]), total=row["total"])
        if page.skip == 0:
            return Page(items=[], total=0)
        # A page past the end carries no count; only then is it asked for separately.
        total = await self._pool.fetchval(count, *arguments)
        return Page(items=[], total=total)

    async def courses(self, course_ids: Sequence[UUID]) -> list[CourseView]:
        rows = await self._pool.fetch(_COURSES_SQL, list(course_ids))
        by_id = {row["id"]: _decode_course(row["course"]) for row in rows}
        return [by_id[course_id] for course_id in course_ids if course_id in by_id]

    async def course_tree(self, course_id: UUID, *, include_unpublished: bool) -> CourseTree | None:
        tree = await self._pool.fetchval(_COURSE_TREE_SQL, course_id, include_unpublished)
        return None if tree is None else _decode_tree(tree)

    async def sections_of_course(
        self, course_id: UUID, *, include_unpublished: bool
    ) -> list[SectionView] | None:
        sections = await self._pool.fetchval(_COURSE_OUTLINE_SQL, course_id, include_unpublished)
        return None if sections is None else _decode_sections(sections)

    async def section(self, section_id: int, *, include_unpublished: bool) -> SectionView | None:
        section = await self._pool.fetchval(_SECTION_SQL, section_id, include_unpublished)
        return None if section is None else _decode_section(section)

    async def lessons_of_section(
        self, section_id: int, *, include_unpublished: bool
    ) -> list[LessonView] | None:
        rows = await self._pool.fetch(_SECTION_LESSONS_SQL, section_id, include_unpublished)
        if not rows:
            return None
        return [_lesson_view(row, section_id) for row in rows if row["id"] is not None]

    async def lesson(self, lesson_id: int, *, include_unpublished: bool) -> LessonView | None:
        row = await self._pool.fetchrow(_LESSON_SQL, lesson_id, include_unpublished)
        if row is None:
            return None
        return _lesson_view(row, row["section_id"])
