from __future__ import annotations

from application.ports.course_queries import CourseQueries, SectionView
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class GetSection:
    def __init__(self, queries: CourseQueries) -> None:
        self._queries = queries

    async def __call__(self, section_id: int, viewer: User | None) -> SectionView:
        section = await self._queries.section(section_id, include_unpublished=sees_unpublished(viewer))
        if section is None:
            raise NotFound("Section not found")
        return section
