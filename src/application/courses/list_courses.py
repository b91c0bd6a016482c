from __future__ import annotations

from application.pagination import Page, PageRequest
from application.ports.course_queries import CourseFilter, CourseQueries, CourseView
from domain.publication import sees_unpublished
from domain.users import User


class ListCourses:
    """The course catalogue, newest first; unpublished courses only for an administrator who asks."""

    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(
        self,
        page: PageRequest,
        viewer: User | None,
        *,
        search: str | None = None,
        difficulty_level: str | None = None,
        include_unpublished: bool = False,
    ) -> Page[CourseView]:
        course_filter = CourseFilter(
            search=search.strip() or None if search else None,
            difficulty_level=difficulty_level,
            include_unpublished=include_unpublished and sees_unpublished(viewer),
        )
        return await self._queries.list_courses(course_filter, page)
