from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import asyncpg

from application.pagination import Page, PageRequest
from application.ports.course_queries import ImageView
from application.ports.project_queries import ProjectDetailSummary, ProjectDetailView, ProjectView

_PROJECT_FROM: Final = """
SELECT p.id, p.title, p.description, p.client_name, p.project_type, p.live_demo_url, p.github_url,
       p.is_published, p.technologies, p.features, p.created_at, p.updated_at,
       m.id AS m_id, m.secure_url, d.id AS d_id, d.markdown_content, d.tech_stack{extra}
FROM projects p LEFT JOIN media m ON m.id = p.image_id LEFT JOIN project_details d ON d.project_id = p.id"""
_ORDER: Final = " ORDER BY p.created_at DESC, p.id DESC LIMIT $1 OFFSET $2"
_LIST_SQL: Final = _PROJECT_FROM.format(extra=", count(*) OVER () AS total") + _ORDER
_LIST_PUBLISHED_SQL: Final = (
    _PROJECT_FROM.format(extra=", count(*) OVER () AS total") + " WHERE p.is_published" + _ORDER
)
_PROJECT_SQL: Final = _PROJECT_FROM.format(extra="") + " WHERE p.id = $1"
_PROJECTS_SQL: Final = _PROJECT_FROM.format(extra="") + " WHERE p.id = ANY($1::integer[])"
_DETAIL_SQL: Final = """
SELECT p.is_published, d.id, d.project_id, d.markdown_content, d.tech_stack, d.created_at, d.updated_at
FROM projects p JOIN project_details d ON d.project_id = p.id WHERE p.id = $1"""


def _project_view(row: asyncpg.Record) -> ProjectView:
    return ProjectView(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        client_name=row["client_name"],
        project_type=row["project_type"],
        live_demo_url=row["live_demo_url"],
        github_url=row["github_url"],
        is_published=row["is_published"],
        technologies=row["technologies"],
        features=row["features"],
        thumbnail_image=ImageView(id=row["m_id"], secure_url=row["secure_url"])
        if row["m_id"] is not None
        else None,
        detail=ProjectDetailSummary(markdown_content=row["markdown_content"], tech_stack=row["tech_stack"])
        if row["d_id"] is not None
        else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class AsyncpgProjectQueries:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def list_projects(self, *, include_unpublished: bool, page: PageRequest) -> Page[ProjectView]:
        statement = _LIST_SQL if include_unpublished else _LIST_PUBLISHED_SQL
        rows = await self._pool.fetch(statement, page.limit, page.skip)
        if rows:
            return Page(items=[_project_view(row) for row in rows], total=rows[0]["total"])
        if page.skip == 0:
            return Page(items=[], total=0)
        # A page past the end carries no count; only then is it asked for separately.
        where = "" if include_unpublished else " WHERE is_published"
        count = "SELECT count(*) FROM projects" + where  # noqa: S608 - a fixed fragment
        total = await self._pool.fetchval(count)
        return Page(items=[], total=total)

    async def projects(self, project_ids: Sequence[int]) -> list[ProjectView]:
        rows = await self._pool.fetch(_PROJECTS_SQL, list(project_ids))
        by_id = {row["id"]: _project_view(row) for row in rows}
        return [by_id[project_id] for project_id in project_ids if project_id in by_id]

    async def project(self, project_id: int, *, include_unpublished: bool) -> ProjectView | None:
        row = await self._pool.fetchrow(_PROJECT_SQL, project_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        return _project_view(row)

    async def detail(self, project_id: int, *, include_unpublished: bool) -> ProjectDetailView | None:
        row = await self._pool.fetchrow(_DETAIL_SQL, project_id)
        if row is None or not (row["is_published"] or include_unpublished):
            return None
        return ProjectDetailView(
            id=row["id"],
            project_id=row["project_id"],
            markdown_content=row["markdown_content"],
            tech_stack=row["tech_stack"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
