from __future__ import annotations

from application.ports.project_queries import ProjectDetailView, ProjectQueries
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class GetProjectDetail:
    def __init__(self, queries: ProjectQueries) -> None:
        self._queries = queries

    async def __call__(self, project_id: int, viewer: User | None) -> ProjectDetailView:
        detail = await self._queries.detail(project_id, include_unpublished=sees_unpublished(viewer))
        if detail is None:
            raise NotFound("Project detail not found")
        return detail
