"""What an administrator sends to create or change a project, and the rules both obey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypedDict
from uuid import UUID

from application.image_choices import ImageChoice, check_image_choices
from application.input_problems import reject_problems
from application.ports.images import ImageCatalog
from domain.errors import FieldProblem
from domain.projects import Project, web_url_problem


@dataclass(frozen=True, kw_only=True)
class NewProject:
    title: str
    description: str | None = None
    client_name: str | None = None
    project_type: str | None = None
    live_demo_url: str | None = None
    github_url: str | None = None
    is_published: bool = False
    technologies: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    image_id: UUID | None = None

    def build(self) -> Project:
        return Project(
            title=self.title,
            description=self.description,
            client_name=self.client_name,
            project_type=self.project_type,
            live_demo_url=self.live_demo_url,
            github_url=self.github_url,
            is_published=self.is_published,
            technologies=list(self.technologies),
            features=list(self.features),
            image_id=self.image_id,
        )


class ProjectChanges(TypedDict, total=False):
    title: str
    description: str | None
    client_name: str | None
    project_type: str | None
    live_demo_url: str | None
    github_url: str | None
    is_published: bool
    technologies: list[str]
    features: list[str]
    image_id: UUID | None


async def check_projects(placed: Sequence[tuple[str, Project]], images: ImageCatalog) -> None:
    """Each (field prefix, project): links are http(s) URLs (422) and the thumbnail a free
    image row (422/409)."""
    problems: list[FieldProblem] = []
    for prefix, project in placed:
        for name in ("live_demo_url", "github_url"):
            url: str | None = getattr(project, name)
            if url is not None and (problem := web_url_problem(url)) is not None:
                problems.append(FieldProblem(f"{prefix}{name}", problem))
    reject_problems(problems)
    await check_image_choices(
        images,
        [
            ImageChoice(field=f"{prefix}image_id", image_id=project.image_id, project_id=project.id)
            for prefix, project in placed
            if project.image_id is not None
        ],
    )
