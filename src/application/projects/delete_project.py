from __future__ import annotations

from application.ports.projects import ProjectRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound


class DeleteProject:
    """Deletes a project with its detail."""

    def __init__(self, projects: ProjectRepository, uow: UnitOfWork) -> None:
        self._projects = projects
        self._uow = uow

    async def __call__(self, project_id: int) -> None:
        project = await self._projects.get(project_id)
        if project is None:
            raise NotFound("Project not found")
        await self._projects.delete(project)
        await self._uow.commit()
