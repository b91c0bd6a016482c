"""Storage of projects and their details for the write side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.projects import Project, ProjectDetail


class ProjectRepository(Protocol):
    async def add_many(self, projects: Sequence[Project]) -> None:
        """Store new projects in one statement; a clash with another row raises Conflict."""
        ...

    async def get(self, project_id: int) -> Project | None: ...

    async def save(self, project: Project) -> None: ...

    async def delete(self, project: Project) -> None: ...


class ProjectDetailRepository(Protocol):
    async def add(self, detail: ProjectDetail) -> None:
        """Store a project's detail; a project that already has one raises Conflict."""
        ...

    async def get_for_project(self, project_id: int) -> ProjectDetail | None: ...

    async def save(self, detail: ProjectDetail) -> None: ...
