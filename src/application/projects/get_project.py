from __future__ import annotations

from application.ports.project_queries import ProjectQueries, ProjectView
from domain.errors import NotFound
from domain.publication import sees_unpublished
from domain.users import User


class GetProject:
    def __init__(self, queries: ProjectQueries) -> None:
        self._queries = queries

    async def __call__(self, project_id: int, viewer: User | None) -> ProjectView:
        project = await self._queries.project(project_id, include_unpublished=sees_unpublished(viewer))
        if project is None:
            raise NotFound("Project not found")
        return project
