"""The rows a course points at: its instructor and its image."""

from __future__ import annotations

from collections.abc import Sequence

from application.image_choices import ImageChoice, check_image_choices
from application.input_problems import reject_problems
from application.ports.images import ImageCatalog
from application.ports.instructors import InstructorDirectory
from domain.courses import Course
from domain.errors import FieldProblem


class CourseReferences:
    def __init__(self, instructors: InstructorDirectory, images: ImageCatalog) -> None:
        self._instructors = instructors
        self._images = images

    async def check(self, courses: Sequence[tuple[str, Course]]) -> None:
        """Each (field prefix, course): the instructor must exist (422) and the image be a
        free image row (422/409). A constant number of queries however many courses."""
        wanted = {course.instructor_id for _, course in courses if course.instructor_id is not None}
        found = await self._instructors.existing(wanted) if wanted else set()
        reject_problems(
            [
                FieldProblem(f"{prefix}instructor_id", "no user has this id")
                for prefix, course in courses
                if course.instructor_id is not None and course.instructor_id not in found
            ]
        )
        await check_image_choices(
            self._images,
            [
                ImageChoice(field=f"{prefix}image_id", image_id=course.image_id, course_id=course.id)
                for prefix, course in courses
                if course.image_id is not None
            ],
        )
