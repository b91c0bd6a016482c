from __future__ import annotations

from collections.abc import Sequence

from application.input_problems import bulk_prefix
from application.ports.images import ImageCatalog
from application.ports.project_queries import ProjectQueries, ProjectView
from application.ports.projects import ProjectRepository
from application.ports.unit_of_work import UnitOfWork
from application.projects.project_input import NewProject, check_projects


class CreateProjects:
    """Bulk create: every project or none; problems are named by item index."""

    def __init__(
        self, projects: ProjectRepository, images: ImageCatalog, queries: ProjectQueries, uow: UnitOfWork
    ) -> None:
        self._projects = projects
        self._images = images
        self._queries = queries
        self._uow = uow

    async def __call__(self, drafts: Sequence[NewProject]) -> list[ProjectView]:
        projects = [draft.build() for draft in drafts]
        await check_projects([(bulk_prefix(i), project) for i, project in enumerate(projects)], self._images)
        await self._projects.add_many(projects)
        await self._uow.commit()
        return await self._queries.projects([project.id for project in projects if project.id is not None])
