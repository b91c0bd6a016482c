"""Courses: the public catalogue and course outline, and the administrator's writes."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka import FromDishka
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter

from application.courses.create_course import CreateCourse
from application.courses.create_courses import CreateCourses
from application.courses.delete_course import DeleteCourse
from application.courses.get_course import GetCourse
from application.courses.list_courses import ListCourses
from application.courses.reorder_sections import ReorderSections
from application.courses.update_course import UpdateCourse
from application.pagination import PageRequest
from application.ports.course_queries import CourseTree, CourseView, SectionView
from entrypoints.http.course_schemas import CourseCreate, CourseUpdate
from entrypoints.http.guards import authenticated_caller, optional_caller, requires_admin
from entrypoints.http.openapi import ADMIN, error_responses
from entrypoints.http.pagination import TOTAL_COUNT_RESPONSE_HEADER, provide_page_request, total_count_headers
from entrypoints.http.wire import NO_NUL, Reorder, bulk_operation, decode_bulk

AnyRequest = Request[Any, Any, Any]


class CourseController(Controller):
    path = "/courses"
    tags = ["courses"]

    @get(
        "",
        summary="Published courses, newest first",
        dependencies={"page": Provide(provide_page_request, sync_to_thread=False)},
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401),
    )
    async def list_courses(
        self,
        request: AnyRequest,
        page: NamedDependency[PageRequest],
        list_courses: FromDishka[ListCourses],
        *,
        search: Annotated[
            str | None,
            Parameter(
                max_length=200, pattern=NO_NUL, description="Text in the title or description, any case"
            ),
        ] = None,
        difficulty_level: Annotated[
            str | None,
            Parameter(max_length=20, pattern=NO_NUL, description="Difficulty level, any case"),
        ] = None,
        include_unpublished: Annotated[
            bool, Parameter(description="Administrators only: also list unpublished courses")
        ] = False,
    ) -> Response[list[CourseView]]:
        found = await list_courses(
            page,
            await optional_caller(request),
            search=search,
            difficulty_level=difficulty_level,
            include_unpublished=include_unpublished,
        )
        return Response(found.items, headers=total_count_headers(found.total))

    @get("/{course_id:str}", summary="A course with its outline", responses=error_responses(401, 404))
    async def get_course(
        self, request: AnyRequest, course_id: FromPath[UUID], get_course: FromDishka[GetCourse]
    ) -> CourseTree:
        return await get_course(course_id, await optional_caller(request))

    @post(
        "",
        summary="Create a course",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 409),
    )
    async def create_course(
        self, request: AnyRequest, data: JSONBody[CourseCreate], create_course: FromDishka[CreateCourse]
    ) -> CourseTree:
        return await create_course(data.to_input(), await authenticated_caller(request))

    @post(
        "/bulk",
        summary="Create many courses, all or none",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 409, 413),
        operation_class=bulk_operation("CourseCreate"),
    )
    async def create_courses(
        self, request: AnyRequest, create_courses: FromDishka[CreateCourses]
    ) -> list[CourseView]:
        items = decode_bulk(await request.body(), CourseCreate)
        return await create_courses([item.to_input() for item in items], await authenticated_caller(request))

    @put(
        "/{course_id:str}",
        summary="Change a course (fields left out keep their values)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def update_course(
        self, course_id: FromPath[UUID], data: JSONBody[CourseUpdate], update_course: FromDishka[UpdateCourse]
    ) -> CourseTree:
        return await update_course(course_id, data.to_changes())

    @delete(
        "/{course_id:str}",
        summary="Delete a course with its sections and lessons",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def delete_course(self, course_id: FromPath[UUID], delete_course: FromDishka[DeleteCourse]) -> None:
        await delete_course(course_id)

    @put(
        "/{course_id:str}/sections/order",
        summary="Reorder a course's sections: every section once, in the new order",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def reorder_sections(
        self,
        course_id: FromPath[UUID],
        data: JSONBody[Reorder],
        reorder_sections: FromDishka[ReorderSections],
    ) -> list[SectionView]:
        return await reorder_sections(course_id, data.ids)
