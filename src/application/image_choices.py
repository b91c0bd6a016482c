"""The rule for media chosen as a course image or a project thumbnail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.input_problems import reject_problems
from application.ports.images import ImageCatalog, ImageUsage
from domain.errors import Conflict, FieldProblem


@dataclass(frozen=True, kw_only=True)
class ImageChoice:
    """`image_id`, named by `field`, chosen for the course or project given (None: a new one)."""

    field: str
    image_id: UUID
    course_id: UUID | None = None
    project_id: int | None = None

    def used_elsewhere(self, usage: ImageUsage) -> bool:
        by_course = usage.course_id is not None and usage.course_id != self.course_id
        by_project = usage.project_id is not None and usage.project_id != self.project_id
        return by_course or by_project


async def check_image_choices(images: ImageCatalog, choices: Sequence[ImageChoice]) -> None:
    """Each image must be an existing, non-deleted image row used by no other course or
    project (422 for the first, 409 for the second), and no two choices may share one."""
    if not choices:
        return
    usages = await images.usages({choice.image_id for choice in choices})
    problems: list[FieldProblem] = []
    for choice in choices:
        usage = usages.get(choice.image_id)
        if usage is None:
            problems.append(FieldProblem(choice.field, "no media row has this id"))
        elif not usage.is_image or usage.is_deleted:
            problems.append(FieldProblem(choice.field, "must name an image that is not deleted"))
    reject_problems(problems)
    chosen_by: dict[UUID, str] = {}
    for choice in choices:
        if choice.image_id in chosen_by:
            raise Conflict(f"{choice.field}: the same image is chosen by {chosen_by[choice.image_id]}")
        chosen_by[choice.image_id] = choice.field
        if choice.used_elsewhere(usages[choice.image_id]):
            raise Conflict(f"{choice.field}: the image is already used by another course or project")
