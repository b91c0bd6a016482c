from __future__ import annotations

from application.ports.project_queries import ProjectDetailView
from application.ports.projects import ProjectDetailRepository, ProjectRepository
from application.ports.unit_of_work import UnitOfWork
from application.projects.project_detail_input import NewProjectDetail, detail_view
from domain.errors import Conflict, NotFound
from domain.projects import ProjectDetail


class CreateProjectDetail:
    """A project's one detail; a second is a conflict."""

    def __init__(
        self, projects: ProjectRepository, details: ProjectDetailRepository, uow: UnitOfWork
    ) -> None:
        self._projects = projects
        self._details = details
        self._uow = uow

    async def __call__(self, project_id: int, draft: NewProjectDetail) -> ProjectDetailView:
        if await self._projects.get(project_id) is None:
            raise NotFound("Project not found")
        if await self._details.get_for_project(project_id) is not None:
            raise Conflict("The project already has a detail; change it with PUT")
        detail = ProjectDetail(
            project_id=project_id, markdown_content=draft.markdown_content, tech_stack=list(draft.tech_stack)
        )
        await self._details.add(detail)
        await self._uow.commit()
        return detail_view(detail)
