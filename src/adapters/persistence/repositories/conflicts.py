"""Constraint violations met while writing, turned into the domain's Conflict.

The use cases check orders and images before writing; these constraints catch what a
concurrent request slipped in between the check and the write.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from advanced_alchemy.exceptions import IntegrityError as RepositoryIntegrityError
from sqlalchemy.exc import IntegrityError

from domain.errors import Conflict

_MESSAGES: Final = {
    "uq_sections_course_id_section_order": "The course already has a section with this order",
    "uq_lessons_section_id_lesson_order": "The section already has a lesson with this order",
    "uq_courses_image_id": "The image is already used by another course",
    "uq_projects_image_id": "The image is already used by another project",
    "uq_project_details_project_id": "The project already has a detail",
}
_DEFAULT_MESSAGE: Final = "The change conflicts with existing data"


def constraint_name(error: BaseException) -> str | None:
    """The violated constraint's name, from the driver's error under the wrappers."""
    seen: BaseException | None = error
    while seen is not None:
        name = getattr(seen, "constraint_name", None)
        if isinstance(name, str):
            return name
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


@asynccontextmanager
async def conflicts_raised() -> AsyncIterator[None]:
    try:
        yield
    except (IntegrityError, RepositoryIntegrityError) as error:
        raise Conflict(_MESSAGES.get(constraint_name(error) or "", _DEFAULT_MESSAGE)) from error
