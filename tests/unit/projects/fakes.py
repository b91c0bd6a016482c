"""In-memory fakes of the project ports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from application.pagination import Page, PageRequest
from application.ports.project_queries import ProjectDetailSummary, ProjectDetailView, ProjectView
from domain.projects import Project, ProjectDetail

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class FakeProjectRepository:
    def __init__(self, *projects: Project) -> None:
        self.rows: dict[int, Project] = {}
        for project in projects:
            self._store(project)

    def _store(self, project: Project) -> None:
        project.id = project.id or len(self.rows) + 1
        project.created_at = project.updated_at = NOW
        self.rows[project.id] = project

    async def add_many(self, projects: Sequence[Project]) -> None:
        for project in projects:
            self._store(project)

    async def get(self, project_id: int) -> Project | None:
        return self.rows.get(project_id)

    async def save(self, project: Project) -> None:
        pass

    async def delete(self, project: Project) -> None:
        assert project.id is not None
        del self.rows[project.id]


class FakeProjectDetailRepository:
    def __init__(self) -> None:
        self.rows: dict[int, ProjectDetail] = {}

    async def add(self, detail: ProjectDetail) -> None:
        detail.id = len(self.rows) + 1
        detail.created_at = detail.updated_at = NOW
        self.rows[detail.project_id] = detail

    async def get_for_project(self, project_id: int) -> ProjectDetail | None:
        return self.rows.get(project_id)

    async def save(self, detail: ProjectDetail) -> None:
        pass


class FakeProjectQueries:
    def __init__(self, projects: FakeProjectRepository, details: FakeProjectDetailRepository) -> None:
        self._projects = projects
        self._details = details

    def _view(self, project: Project) -> ProjectView:
        assert project.id is not None
        detail = self._details.rows.get(project.id)
        return ProjectView(
            id=project.id,
            title=project.title,
            description=project.description,
            client_name=project.client_name,
            project_type=project.project_type,
            live_demo_url=project.live_demo_url,
            github_url=project.github_url,
            is_published=project.is_published,
            technologies=project.technologies,
            features=project.features,
            thumbnail_image=None,
            detail=ProjectDetailSummary(
                markdown_content=detail.markdown_content, tech_stack=detail.tech_stack
            )
            if detail
            else None,
            created_at=NOW,
            updated_at=NOW,
        )

    async def list_projects(self, *, include_unpublished: bool, page: PageRequest) -> Page[ProjectView]:
        found = [self._view(p) for p in self._projects.rows.values() if p.is_published or include_unpublished]
        return Page(items=found[page.skip : page.skip + page.limit], total=len(found))

    async def projects(self, project_ids: Sequence[int]) -> list[ProjectView]:
        return [self._view(self._projects.rows[i]) for i in project_ids]

    async def project(self, project_id: int, *, include_unpublished: bool) -> ProjectView | None:
        project = self._projects.rows.get(project_id)
        if project is None or not (project.is_published or include_unpublished):
            return None
        return self._view(project)

    async def detail(self, project_id: int, *, include_unpublished: bool) -> ProjectDetailView | None:
        if await self.project(project_id, include_unpublished=include_unpublished) is None:
            return None
        detail = self._details.rows.get(project_id)
        if detail is None or detail.id is None:
            return None
        return ProjectDetailView(
            id=detail.id,
            project_id=project_id,
            markdown_content=detail.markdown_content,
            tech_stack=detail.tech_stack,
            created_at=NOW,
            updated_at=NOW,
        )
