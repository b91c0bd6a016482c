"""Whole-course generation jobs: /api/v1/ai/jobs, ADMIN only."""

from __future__ import annotations

from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from application.ai.cancel_generation_job import CancelGenerationJob
from application.ai.get_generation_job import GetGenerationJob
from application.ai.list_generation_jobs import ListGenerationJobs
from application.ai.start_generation_job import StartGenerationJob
from application.pagination import PageRequest
from application.ports.generation_jobs import GenerationJob
from entrypoints.http.guards import BEARER_SECURITY, requires_admin
from entrypoints.http.openapi import error_responses
from entrypoints.http.pagination import (
    TOTAL_COUNT_RESPONSE_HEADER,
    provide_page_request,
    total_count_headers,
)


class GenerationJobStart(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    course_id: UUID
    only_empty: bool = False


class AiJobsController(Controller):
    path = "/ai/jobs"
    tags = ["ai"]
    guards = [requires_admin]
    security = BEARER_SECURITY

    @post(
        "/",
        status_code=HTTP_202_ACCEPTED,
        summary="Start writing every lesson of a course (or its empty ones) in the background",
        description=(
            "Each lesson is written as by `POST /ai_handler/update_lesson`; a lesson that fails is "
            "listed in `failures` with its reason and the job goes on. One queued or running job "
            "per course: a second start is 409 and names the job in progress."
        ),
        responses=error_responses(401, 403, 404, 409),
    )
    async def start_job(
        self, data: JSONBody[GenerationJobStart], start: FromDishka[StartGenerationJob]
    ) -> GenerationJob:
        return await start(data.course_id, only_empty=data.only_empty)

    @get(
        "/",
        summary="Generation jobs, newest first (of one course with `course_id`)",
        dependencies={"page": Provide(provide_page_request, sync_to_thread=False)},
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401, 403),
    )
    async def list_jobs(
        self,
        page: NamedDependency[PageRequest],
        list_jobs: FromDishka[ListGenerationJobs],
        course_id: FromQuery[UUID | None] = None,
    ) -> Response[list[GenerationJob]]:
        found = await list_jobs(course_id, page)
        return Response(list(found.items), headers=total_count_headers(found.total))

    @get(
        "/{job_id:str}",
        summary="One generation job and its progress",
        responses=error_responses(401, 403, 404),
    )
    async def get_job(self, job_id: FromPath[UUID], get_job: FromDishka[GetGenerationJob]) -> GenerationJob:
        return await get_job(job_id)

    @post(
        "/{job_id:str}/cancel",
        status_code=HTTP_202_ACCEPTED,
        summary="Stop a generation job between lessons",
        description=(
            "A queued job is cancelled at once. A running one finishes the lessons being written, "
            "then ends `cancelled` (`cancel_requested` is true meanwhile). A finished job is 409."
        ),
        responses=error_responses(401, 403, 404, 409),
    )
    async def cancel_job(
        self, job_id: FromPath[UUID], cancel: FromDishka[CancelGenerationJob]
    ) -> GenerationJob:
        return await cancel(job_id)
