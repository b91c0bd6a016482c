from __future__ import annotations

from application.ports.images import ImageCatalog
from application.ports.project_queries import ProjectQueries, ProjectView
from application.ports.projects import ProjectRepository
from application.ports.unit_of_work import UnitOfWork
from application.projects.project_input import ProjectChanges, check_projects
from domain.errors import NotFound
from domain.projects import Project


class UpdateProject:
    def __init__(
        self, projects: ProjectRepository, images: ImageCatalog, queries: ProjectQueries, uow: UnitOfWork
    ) -> None:
        self._projects = projects
        self._images = images
        self._queries = queries
        self._uow = uow

    async def __call__(self, project_id: int, changes: ProjectChanges) -> ProjectView:
        project = await self._projects.get(project_id)
        if project is None:
            raise NotFound("Project not found")
        # Only what changes is checked: a project may keep its own thumbnail.
        proposed = Project(
            id=project.id,
            title=project.title,
            live_demo_url=changes.get("live_demo_url"),
            github_url=changes.get("github_url"),
            image_id=changes.get("image_id"),
        )
        await check_projects([("", proposed)], self._images)
        for name, value in changes.items():
            setattr(project, name, value)
        await self._projects.save(project)
        await self._uow.commit()
        updated = await self._queries.project(project_id, include_unpublished=True)
        if updated is None:
            raise NotFound("Project not found")
        return updated
