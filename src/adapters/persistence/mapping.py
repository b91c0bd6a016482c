"""Maps the domain's plain classes onto the tables, so the domain stays free of the ORM."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.orm import registry

from adapters.persistence import tables
from domain.courses import Course, Lesson, Section
from domain.media import Media
from domain.projects import Project, ProjectDetail
from domain.sessions import AuthSession, RefreshToken
from domain.users import User

mapper_registry = registry(metadata=tables.metadata)

_MAPPED: list[tuple[type[object], Table]] = [
    (User, tables.users_table),
    (Media, tables.media_table),
    (Course, tables.courses_table),
    (Section, tables.sections_table),
    (Lesson, tables.lessons_table),
    (Project, tables.projects_table),
    (ProjectDetail, tables.project_details_table),
    (AuthSession, tables.auth_sessions_table),
    (RefreshToken, tables.refresh_tokens_table),
]


def map_entities() -> None:
    """Map every entity once; later calls do nothing."""
    for entity, table in _MAPPED:
        if getattr(entity, "__mapper__", None) is None:
            # eager_defaults: values the database fills in (ids, timestamps) come back
            # with the INSERT/UPDATE itself through RETURNING, not in a second query.
            mapper_registry.map_imperatively(entity, table, eager_defaults=True)
            # advanced-alchemy's repositories look for the table on the class.
            setattr(entity, "__table__", table)  # noqa: B010
