"""Portfolio projects and their long case-study detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

TITLE_MAX = 255
NAME_MAX = 255
PROJECT_TYPE_MAX = 100
URL_MAX = 2048


@dataclass(eq=False)
class Project:
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
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(eq=False)
class ProjectDetail:
    project_id: int
    markdown_content: str = ""
    tech_stack: list[str] = field(default_factory=list)
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


WEB_SCHEMES = ("http", "https")


def web_url_problem(url: str) -> str | None:
    """Why a link is unacceptable, or None: only absolute http(s) URLs are shown to visitors."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return "must be an http or https URL"
    return None
