"""Read models of projects and their details, served straight from SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.pagination import Page, PageRequest
from application.ports.course_queries import ImageView


@dataclass(slots=True, kw_only=True)
class ProjectDetailSummary:
    markdown_content: str
    tech_stack: list[str]


@dataclass(slots=True, kw_only=True)
class ProjectView:
    id: int
    title: str
    description: str | None
    client_name: str | None
    project_type: str | None
    live_demo_url: str | None
    github_url: str | None
    is_published: bool
    technologies: list[str]
    features: list[str]
    thumbnail_image: ImageView | None
    detail: ProjectDetailSummary | None
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True, kw_only=True)
class ProjectDetailView:
    id: int
    project_id: int
    markdown_content: str
    tech_stack: list[str]
    created_at: datetime
    updated_at: datetime


class ProjectQueries(Protocol):
    """Reads for responses; `include_unpublished=False` hides unpublished projects."""

    async def list_projects(self, *, include_unpublished: bool, page: PageRequest) -> Page[ProjectView]:
        """Newest first."""
        ...

    async def projects(self, project_ids: Sequence[int]) -> list[ProjectView]:
        """The projects in the order of the ids, published or not."""
        ...

    async def project(self, project_id: int, *, include_unpublished: bool) -> ProjectView | None: ...

    async def detail(self, project_id: int, *, include_unpublished: bool) -> ProjectDetailView | None:
        """None when the project is not visible or has no detail."""
        ...
