from __future__ import annotations

from application.pagination import Page, PageRequest
from application.ports.project_queries import ProjectQueries, ProjectView
from domain.publication import sees_unpublished
from domain.users import User


class ListProjects:
    """The portfolio, newest first; unpublished projects only for an administrator who asks."""

    def __init__(self, queries: ProjectQueries) -> None:
        self._queries = queries

    async def __call__(
        self, page: PageRequest, viewer: User | None, *, include_unpublished: bool = False
    ) -> Page[ProjectView]:
        return await self._queries.list_projects(
            include_unpublished=include_unpublished and sees_unpublished(viewer), page=page
        )
