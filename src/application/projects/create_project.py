from __future__ import annotations

from application.ports.images import ImageCatalog
from application.ports.project_queries import ProjectQueries, ProjectView
from application.ports.projects import ProjectRepository
from application.ports.unit_of_work import UnitOfWork
from application.projects.project_input import NewProject, check_projects
from domain.errors import NotFound


class CreateProject:
    def __init__(
        self, projects: ProjectRepository, images: ImageCatalog, queries: ProjectQueries, uow: UnitOfWork
    ) -> None:
        self._projects = projects
        self._images = images
        self._queries = queries
        self._uow = uow

    async def __call__(self, draft: NewProject) -> ProjectView:
        project = draft.build()
        await check_projects([("", project)], self._images)
        await self._projects.add_many([project])
        await self._uow.commit()
        assert project.id is not None, "a stored project has an id"
        created = await self._queries.project(project.id, include_unpublished=True)
        if created is None:  # deleted by someone else in the meantime
            raise NotFound("Project not found")
        return created
