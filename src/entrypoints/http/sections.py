"""Sections of a course: read in order with their lesson summaries; written by administrators."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka import FromDishka
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import JSONBody, Parameter

from application.courses.create_section import CreateSection
from application.courses.create_sections import CreateSections
from application.courses.delete_section import DeleteSection
from application.courses.get_section import GetSection
from application.courses.list_sections import ListSections
from application.courses.reorder_lessons import ReorderLessons
from application.courses.update_section import UpdateSection
from application.ports.course_queries import LessonView, SectionView
from entrypoints.http.guards import optional_caller, requires_admin
from entrypoints.http.openapi import ADMIN, error_responses
from entrypoints.http.pagination import TOTAL_COUNT_RESPONSE_HEADER, total_count_headers
from entrypoints.http.section_schemas import SectionCreate, SectionUpdate
from entrypoints.http.wire import PathId, Reorder, bulk_operation, decode_bulk

AnyRequest = Request[Any, Any, Any]


class SectionController(Controller):
    path = "/sections"
    tags = ["sections"]

    @get(
        "",
        summary="Every section of a course in order, with lesson summaries",
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401, 404),
    )
    async def list_sections(
        self,
        request: AnyRequest,
        course_id: Annotated[UUID, Parameter(description="The course whose sections to list")],
        list_sections: FromDishka[ListSections],
    ) -> Response[list[SectionView]]:
        sections = await list_sections(course_id, await optional_caller(request))
        return Response(sections, headers=total_count_headers(len(sections)))

    @get(
        "/{section_id:str}",
        summary="A section with its lesson summaries",
        responses=error_responses(401, 404),
    )
    async def get_section(
        self, request: AnyRequest, section_id: PathId, get_section: FromDishka[GetSection]
    ) -> SectionView:
        return await get_section(section_id, await optional_caller(request))

    @post("", summary="Create a section", guards=[requires_admin], responses=error_responses(*ADMIN, 409))
    async def create_section(
        self, data: JSONBody[SectionCreate], create_section: FromDishka[CreateSection]
    ) -> SectionView:
        return await create_section(data.to_input())

    @post(
        "/bulk",
        summary="Create many sections, all or none",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 409, 413),
        operation_class=bulk_operation("SectionCreate"),
    )
    async def create_sections(
        self, request: AnyRequest, create_sections: FromDishka[CreateSections]
    ) -> list[SectionView]:
        items = decode_bulk(await request.body(), SectionCreate)
        return await create_sections([item.to_input() for item in items])

    @put(
        "/{section_id:str}",
        summary="Change a section (fields left out keep their values)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def update_section(
        self, section_id: PathId, data: JSONBody[SectionUpdate], update_section: FromDishka[UpdateSection]
    ) -> SectionView:
        return await update_section(section_id, data.to_changes())

    @delete(
        "/{section_id:str}",
        summary="Delete a section with its lessons",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def delete_section(self, section_id: PathId, delete_section: FromDishka[DeleteSection]) -> None:
        await delete_section(section_id)

    @put(
        "/{section_id:str}/lessons/order",
        summary="Reorder a section's lessons: every lesson once, in the new order",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def reorder_lessons(
        self, section_id: PathId, data: JSONBody[Reorder], reorder_lessons: FromDishka[ReorderLessons]
    ) -> list[LessonView]:
        return await reorder_lessons(section_id, data.ids)
