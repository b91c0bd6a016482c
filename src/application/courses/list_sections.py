from __future__ import annotations

from uuid import UUID

from application.ports.course_queries import CourseQueries, SectionView
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class ListSections:
    """Every section of a course in order, each with its lesson summaries."""

    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(self, course_id: UUID, viewer: User | None) -> list[SectionView]:
        sections = await self._queries.sections_of_course(
            course_id, include_unpublished=sees_unpublished(viewer)
        )
        if sections is None:
            raise NotFound("Course not found")
        return sections
