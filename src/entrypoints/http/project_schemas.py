"""Wire types of the project routes. Responses are the read models themselves."""

from __future__ import annotations

from typing import Annotated, cast
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.projects.project_detail_input import NewProjectDetail, ProjectDetailChanges
from application.projects.project_input import NewProject, ProjectChanges
from domain.projects import NAME_MAX, PROJECT_TYPE_MAX, TITLE_MAX, URL_MAX
from entrypoints.http.wire import NO_NUL, Text, set_fields

ProjectTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, pattern=NO_NUL)]
Name = Annotated[str, msgspec.Meta(max_length=NAME_MAX, pattern=NO_NUL)]
ProjectType = Annotated[str, msgspec.Meta(max_length=PROJECT_TYPE_MAX, pattern=NO_NUL)]
Url = Annotated[str, msgspec.Meta(max_length=URL_MAX, pattern=NO_NUL, description="An http(s) URL")]
Tags = Annotated[
    list[Annotated[str, msgspec.Meta(max_length=100, pattern=NO_NUL)]], msgspec.Meta(max_length=100)
]


class ProjectCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: ProjectTitle
    description: Text | None = None
    client_name: Name | None = None
    project_type: ProjectType | None = None
    live_demo_url: Url | None = None
    github_url: Url | None = None
    is_published: bool = False
    technologies: Tags = msgspec.field(default_factory=list)
    features: Tags = msgspec.field(default_factory=list)
    image_id: UUID | None = None

    def to_input(self) -> NewProject:
        return NewProject(**msgspec.structs.asdict(self))


class ProjectUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: ProjectTitle | UnsetType = UNSET
    description: Text | UnsetType | None = UNSET
    client_name: Name | UnsetType | None = UNSET
    project_type: ProjectType | UnsetType | None = UNSET
    live_demo_url: Url | UnsetType | None = UNSET
    github_url: Url | UnsetType | None = UNSET
    is_published: bool | UnsetType = UNSET
    technologies: Tags | UnsetType = UNSET
    features: Tags | UnsetType = UNSET
    image_id: UUID | UnsetType | None = UNSET

    def to_changes(self) -> ProjectChanges:
        return cast(ProjectChanges, set_fields(self))


class ProjectDetailWrite(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    markdown_content: Text = ""
    tech_stack: Tags = msgspec.field(default_factory=list)

    def to_input(self) -> NewProjectDetail:
        return NewProjectDetail(markdown_content=self.markdown_content, tech_stack=self.tech_stack)


class ProjectDetailUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    markdown_content: Text | UnsetType = UNSET
    tech_stack: Tags | UnsetType = UNSET

    def to_changes(self) -> ProjectDetailChanges:
        return cast(ProjectDetailChanges, set_fields(self))
