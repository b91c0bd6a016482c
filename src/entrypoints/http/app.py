"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import gc
import logging

from dishka import AsyncContainer
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from adapters.logging import AccessLog
from adapters.media.local_storage import LOCAL_MEDIA_ROUTE
from adapters.persistence.database import DATABASE_UNAVAILABLE
from adapters.settings import Settings
from application.ai.resume_generation_jobs import ResumeGenerationJobs
from entrypoints.bootstrap import resolve_runtime_settings
from entrypoints.container import build_container
from entrypoints.http.ai_handler import AiHandlerController
from entrypoints.http.ai_jobs import AiJobsController
from entrypoints.http.auth import AuthController
from entrypoints.http.course_transfer import CourseTransferController
from entrypoints.http.courses import CourseController
from entrypoints.http.docs import docs_page, openapi_document
from entrypoints.http.errors import exception_handlers
from entrypoints.http.health import HealthController
from entrypoints.http.injection import InjectingRouter
from entrypoints.http.lessons import LessonController
from entrypoints.http.media import MediaController
from entrypoints.http.middleware import request_context_middleware
from entrypoints.http.projects import ProjectController
from entrypoints.http.sections import SectionController
from entrypoints.http.startup_gate import StartupGate
from entrypoints.http.strict_json import StrictJsonRequest
from entrypoints.http.users import UsersController
from entrypoints.startup import DatabasePreparation

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
API_VERSION = "1.0.0"

# Every controller of /api/v1, in the order the docs list them.
API_CONTROLLERS: list[ControllerRouterHandler] = [
    AuthController,
    UsersController,
    CourseController,
    SectionController,
    LessonController,
    ProjectController,
    MediaController,
    AiHandlerController,
    AiJobsController,
    CourseTransferController,
]


def _cors(settings: Settings) -> CORSConfig | None:
    if not settings.backend_cors_origins:
        return None
    return CORSConfig(
        allow_origins=settings.backend_cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["X-Total-Count", "X-Request-ID", "Retry-After"],
    )


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Asaan Hai Coding API",
        version=API_VERSION,
        # Litestar's own schema routes live under /schema; / and /openapi.json are ours
        # (docs.py), so that unknown paths at the root still get the JSON error shape.
        path="/schema",
        render_plugins=[SwaggerRenderPlugin(path="/swagger")],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
            }
        ),
    )


def _local_media_files(settings: Settings) -> list[ControllerRouterHandler]:
    """Media kept in the local folder is served by the app; Cloudinary serves its own."""
    if settings.cloudinary_url:
        return []
    directory = settings.media_path
    directory.mkdir(parents=True, exist_ok=True)
    return [create_static_files_router(LOCAL_MEDIA_ROUTE, directories=[directory], name="media-files")]


def create_app(
    settings: Settings | None = None, container: AsyncContainer | None = None, *, migrate: bool = False
) -> Litestar:
    """The whole service; with no arguments, configured from the environment.

    With `migrate`, the database is brought to the latest schema at start. A database that
    is not reachable yet does not stop the start: the service answers health checks (not
    ready) and holds other requests back with 503 until the database is prepared.
    """
    settings = resolve_runtime_settings(settings)
    container = container or build_container(settings)
    preparation = DatabasePreparation(settings, container, migrate=migrate)
    # Without migrations to wait for, requests go through and meet the database as it is.
    gate = StartupGate(is_open=not migrate)
    access_log = AccessLog()
    background: set[asyncio.Task[None]] = set()

    async def resume_generation_jobs() -> None:
        # With Redis the workers resume jobs; without it, this process runs them.
        if settings.redis_url is not None:
            return
        try:
            resumed = await (await container.get(ResumeGenerationJobs))()
        except Exception:
            logger.exception("could not resume the unfinished generation jobs")
            return
        if resumed:
            logger.info("resumed unfinished generation jobs", extra={"jobs": [str(j) for j in resumed]})

    async def prepare_in_background() -> None:
        await preparation.run_until_done()
        gate.open()
        await resume_generation_jobs()

    async def on_startup(_: Litestar) -> None:
        try:
            await preparation.run_once()
            gate.open()
            await resume_generation_jobs()
        except DATABASE_UNAVAILABLE:
            task = asyncio.create_task(prepare_in_background())
            background.add(task)
            task.add_done_callback(background.discard)
        # Everything loaded so far lives as long as the process. Moving it out of the
        # collector's reach keeps full collections short: without this, each one scans
        # every framework object and stalls all requests for tens of milliseconds.
        gc.collect()
        gc.freeze()

    async def on_shutdown(_: Litestar) -> None:
        for task in background:
            task.cancel()
        access_log.flush()
        await container.close()

    app = Litestar(
        route_handlers=[
            docs_page,
            openapi_document,
            InjectingRouter("", container=container, route_handlers=[HealthController]),
            InjectingRouter(API_PREFIX, container=container, route_handlers=API_CONTROLLERS),
            *_local_media_files(settings),
        ],
        exception_handlers=exception_handlers(with_redis=settings.redis_url is not None),
        cors_config=_cors(settings),
        openapi_config=_openapi(),
        request_max_body_size=settings.request_max_body_bytes,
        request_class=StrictJsonRequest,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        logging_config=None,
    )
    app.state.startup_gate = gate
    app.state.dishka_container = container
    # Outermost, so that routing errors and the container's own work carry the request id too.
    app.asgi_handler = request_context_middleware(app.asgi_handler, gate, access_log)
    return app
