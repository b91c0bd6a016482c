"""What an administrator sends to write a project's detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from application.ports.project_queries import ProjectDetailView
from domain.projects import ProjectDetail


@dataclass(frozen=True, kw_only=True)
class NewProjectDetail:
    markdown_content: str = ""
    tech_stack: list[str] = field(default_factory=list)


class ProjectDetailChanges(TypedDict, total=False):
    markdown_content: str
    tech_stack: list[str]


def detail_view(detail: ProjectDetail) -> ProjectDetailView:
    """A detail just written, as clients see it."""
    assert detail.id is not None, "a stored detail has an id"
    assert detail.created_at is not None, "a stored detail has timestamps"
    assert detail.updated_at is not None, "a stored detail has timestamps"
    return ProjectDetailView(
        id=detail.id,
        project_id=detail.project_id,
        markdown_content=detail.markdown_content,
        tech_stack=list(detail.tech_stack),
        created_at=detail.created_at,
        updated_at=detail.updated_at,
    )
