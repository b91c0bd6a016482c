from __future__ import annotations

from uuid import UUID

from application.ports.course_queries import CourseQueries, CourseTree
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class GetCourse:
    """A course with its outline: sections and lesson summaries in order."""

    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(self, course_id: UUID, viewer: User | None) -> CourseTree:
        tree = await self._queries.course_tree(course_id, include_unpublished=sees_unpublished(viewer))
        if tree is None:
            raise NotFound("Course not found")
        return tree
