"""Portfolio projects and their case-study detail: public when published; written by administrators."""

from __future__ import annotations

from typing import Annotated, Any

from dishka import FromDishka
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, Parameter

from application.pagination import PageRequest
from application.ports.project_queries import ProjectDetailView, ProjectView
from application.projects.create_project import CreateProject
from application.projects.create_project_detail import CreateProjectDetail
from application.projects.create_projects import CreateProjects
from application.projects.delete_project import DeleteProject
from application.projects.get_project import GetProject
from application.projects.get_project_detail import GetProjectDetail
from application.projects.list_projects import ListProjects
from application.projects.update_project import UpdateProject
from application.projects.update_project_detail import UpdateProjectDetail
from entrypoints.http.guards import optional_caller, requires_admin
from entrypoints.http.openapi import ADMIN, error_responses
from entrypoints.http.pagination import TOTAL_COUNT_RESPONSE_HEADER, provide_page_request, total_count_headers
from entrypoints.http.project_schemas import (
    ProjectCreate,
    ProjectDetailUpdate,
    ProjectDetailWrite,
    ProjectUpdate,
)
from entrypoints.http.wire import PathId, bulk_operation, decode_bulk

AnyRequest = Request[Any, Any, Any]


class ProjectController(Controller):
    path = "/projects"
    tags = ["projects"]

    @get(
        "",
        summary="Published projects, newest first",
        dependencies={"page": Provide(provide_page_request, sync_to_thread=False)},
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401),
    )
    async def list_projects(
        self,
        request: AnyRequest,
        page: NamedDependency[PageRequest],
        list_projects: FromDishka[ListProjects],
        include_unpublished: Annotated[
            bool, Parameter(description="Administrators only: also list unpublished projects")
        ] = False,
    ) -> Response[list[ProjectView]]:
        found = await list_projects(
            page, await optional_caller(request), include_unpublished=include_unpublished
        )
        return Response(found.items, headers=total_count_headers(found.total))

    @get("/{project_id:str}", summary="A project", responses=error_responses(401, 404))
    async def get_project(
        self, request: AnyRequest, project_id: PathId, get_project: FromDishka[GetProject]
    ) -> ProjectView:
        return await get_project(project_id, await optional_caller(request))

    @post("", summary="Create a project", guards=[requires_admin], responses=error_responses(*ADMIN, 409))
    async def create_project(
        self, data: JSONBody[ProjectCreate], create_project: FromDishka[CreateProject]
    ) -> ProjectView:
        return await create_project(data.to_input())

    @post(
        "/bulk",
        summary="Create many projects, all or none",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 409, 413),
        operation_class=bulk_operation("ProjectCreate"),
    )
    async def create_projects(
        self, request: AnyRequest, create_projects: FromDishka[CreateProjects]
    ) -> list[ProjectView]:
        items = decode_bulk(await request.body(), ProjectCreate)
        return await create_projects([item.to_input() for item in items])

    @put(
        "/{project_id:str}",
        summary="Change a project (fields left out keep their values)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def update_project(
        self, project_id: PathId, data: JSONBody[ProjectUpdate], update_project: FromDishka[UpdateProject]
    ) -> ProjectView:
        return await update_project(project_id, data.to_changes())

    @delete(
        "/{project_id:str}",
        summary="Delete a project with its detail",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def delete_project(self, project_id: PathId, delete_project: FromDishka[DeleteProject]) -> None:
        await delete_project(project_id)

    @get(
        "/{project_id:str}/detail",
        summary="A project's case-study detail",
        responses=error_responses(401, 404),
    )
    async def get_detail(
        self, request: AnyRequest, project_id: PathId, get_detail: FromDishka[GetProjectDetail]
    ) -> ProjectDetailView:
        return await get_detail(project_id, await optional_caller(request))

    @post(
        "/{project_id:str}/detail",
        summary="Write a project's detail (one per project)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404, 409),
    )
    async def create_detail(
        self,
        project_id: PathId,
        data: JSONBody[ProjectDetailWrite],
        create_detail: FromDishka[CreateProjectDetail],
    ) -> ProjectDetailView:
        return await create_detail(project_id, data.to_input())

    @put(
        "/{project_id:str}/detail",
        summary="Change a project's detail (fields left out keep their values)",
        guards=[requires_admin],
        responses=error_responses(*ADMIN, 404),
    )
    async def update_detail(
        self,
        project_id: PathId,
        data: JSONBody[ProjectDetailUpdate],
        update_detail: FromDishka[UpdateProjectDetail],
    ) -> ProjectDetailView:
        return await update_detail(project_id, data.to_changes())
