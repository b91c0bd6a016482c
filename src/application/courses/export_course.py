from __future__ import annotations

from uuid import UUID

from application.courses.course_document import COURSE_FORMAT, COURSE_FORMAT_VERSION, CourseDocument
from application.ports.course_contents import CourseContentReader
from domain.errors import NotFound


class ExportCourse:
    """A course, published or not, as a course document (see course_document.py)."""

    def __init__(self, contents: CourseContentReader) -> None:
        self._contents = contents

    async def __call__(self, course_id: UUID) -> CourseDocument:
        found = await self._contents.contents(course_id)
        if found is None:
            raise NotFound("Course not found")
        return CourseDocument(
            format=COURSE_FORMAT, version=COURSE_FORMAT_VERSION, course=found.course, sections=found.sections
        )
