"""Course documents for the admin dashboard: export a course, import one (see course_document.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, Request, get, post
from litestar.openapi.spec import OpenAPIMediaType, Operation, Reference, RequestBody
from litestar.params import FromPath, Parameter

from application.courses.course_document import CourseDocument
from application.courses.export_course import ExportCourse
from application.courses.import_course import ImportCourse
from application.ports.course_queries import CourseTree
from domain.errors import InvalidInput
from entrypoints.http.guards import authenticated_caller, requires_admin
from entrypoints.http.openapi import ADMIN, error_responses

AnyRequest = Request[Any, Any, Any]

_DOCUMENT_DESCRIPTION = (
    'A course document: `{"format": "ahc.course", "version": 1, "course": {title, description, '
    'difficulty_level, is_published}, "sections": [{title, section_order, lessons: [{title, content, '
    "lesson_order}]}]}`, sections and lessons in order. Ids, timestamps, the instructor and the image "
    "are not part of it."
)


@dataclass
class _ImportOperation(Operation):
    """The body is decoded by the handler (to report every problem), so it is declared here."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description=_DOCUMENT_DESCRIPTION,
            content={
                "application/json": OpenAPIMediaType(schema=Reference("#/components/schemas/CourseDocument"))
            },
        )


def decode_document(body: bytes) -> object:
    """The request body as untyped JSON: the use case checks it, naming every problem."""
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError as error:
        raise InvalidInput.for_field("body", "is not valid JSON") from error
    except RecursionError as error:  # untyped decoding follows any nesting: refuse absurd depth
        raise InvalidInput.for_field("body", "is nested too deeply") from error


class CourseTransferController(Controller):
    path = "/courses"
    tags = ["courses"]

    @get(
        "/{course_id:str}/export",
        summary="A course with its sections and lessons as a course document",
        description=_DOCUMENT_DESCRIPTION,
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def export_course(
        self, course_id: FromPath[UUID], export_course: FromDishka[ExportCourse]
    ) -> CourseDocument:
        return await export_course(course_id)

    @post(
        "/import",
        summary="Create a course from a course document, all or nothing",
        description=(
            "Every problem in the document is listed in `errors` (422), each with its path such as "
            "`sections[2].lessons[0].title`, and nothing is written. The course is taught by the "
            "caller and is unpublished unless `publish=true`, whatever the document's `is_published`."
        ),
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 413),
        operation_class=_ImportOperation,
    )
    async def import_course(
        self,
        request: AnyRequest,
        import_course: FromDishka[ImportCourse],
        *,
        publish: Annotated[bool, Parameter(description="Publish the imported course")] = False,
    ) -> CourseTree:
        document = decode_document(await request.body())
        caller = await authenticated_caller(request)
        return await import_course(document, instructor_id=caller.id, publish=publish)
