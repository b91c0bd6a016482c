"""Lessons: read whole (Markdown content included); written by administrators."""

from __future__ import annotations

from typing import Annotated, Any

from dishka import FromDishka
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import JSONBody, Parameter

from application.courses.create_lesson import CreateLesson
from application.courses.create_lessons import CreateLessons
from application.courses.delete_lesson import DeleteLesson
from application.courses.get_lesson import GetLesson
from application.courses.list_lessons import ListLessons
from application.courses.update_lesson import UpdateLesson
from application.ports.course_queries import LessonView
from entrypoints.http.guards import optional_caller, requires_admin
from entrypoints.http.lesson_schemas import LessonCreate, LessonUpdate
from entrypoints.http.openapi import ADMIN, error_responses
from entrypoints.http.pagination import TOTAL_COUNT_RESPONSE_HEADER, total_count_headers
from entrypoints.http.wire import INT_MAX, PathId, bulk_operation, decode_bulk

AnyRequest = Request[Any, Any, Any]


class LessonController(Controller):
    path = "/lessons"
    tags = ["lessons"]

    @get(
        "",
        summary="Every lesson of a section in order",
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401, 404),
    )
    async def list_lessons(
        self,
        request: AnyRequest,
        section_id: Annotated[
            int, Parameter(ge=1, le=INT_MAX, description="The section whose lessons to list")
        ],
        list_lessons: FromDishka[ListLessons],
    ) -> Response[list[LessonView]]:
        lessons = await list_lessons(section_id, await optional_caller(request))
        return Response(lessons, headers=total_count_headers(len(lessons)))

    @get("/{lesson_id:str}", summary="A whole lesson", responses=error_responses(401, 404))
    async def get_lesson(
        self, request: AnyRequest, lesson_id: PathId, get_lesson: FromDishka[GetLesson]
    ) -> LessonView:
        return await get_lesson(lesson_id, await optional_caller(request))

    @post("", summary="Create a lesson", guards=[requires_admin], responses=error_responses(*ADMIN, 409))
    async def create_lesson(
        self, data: JSONBody[LessonCreate], create_lesson: FromDishka[CreateLesson]
    ) -> LessonView:
        return await create_lesson(data.to_input())

    @post(
        "/bulk",
        summary="Create many lessons, all or none",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 409, 413),
        operation_class=bulk_operation("LessonCreate"),
    )
    async def create_lessons(
        self, request: AnyRequest, create_lessons: FromDishka[CreateLessons]
    ) -> list[LessonView]:
        items = decode_bulk(await request.body(), LessonCreate)
        return await create_lessons([item.to_input() for item in items])

    @put(
        "/{lesson_id:str}",
        summary="Change or move a lesson (fields left out keep their values)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def update_lesson(
        self, lesson_id: PathId, data: JSONBody[LessonUpdate], update_lesson: FromDishka[UpdateLesson]
    ) -> LessonView:
        return await update_lesson(lesson_id, data.to_changes())

    @delete(
        "/{lesson_id:str}",
        summary="Delete a lesson",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def delete_lesson(self, lesson_id: PathId, delete_lesson: FromDishka[DeleteLesson]) -> None:
        await delete_lesson(lesson_id)
