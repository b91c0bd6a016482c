from __future__ import annotations

from application.ports.project_queries import ProjectDetailView
from application.ports.projects import ProjectDetailRepository
from application.ports.unit_of_work import UnitOfWork
from application.projects.project_detail_input import ProjectDetailChanges, detail_view
from domain.errors import NotFound


class UpdateProjectDetail:
    def __init__(self, details: ProjectDetailRepository, uow: UnitOfWork) -> None:
        self._details = details
        self._uow = uow

    async def __call__(self, project_id: int, changes: ProjectDetailChanges) -> ProjectDetailView:
        detail = await self._details.get_for_project(project_id)
        if detail is None:
            raise NotFound("Project detail not found")
        for name, value in changes.items():
            setattr(detail, name, value)
        await self._details.save(detail)
        await self._uow.commit()
        return detail_view(detail)
