"""The Litestar application factory."""

from __future__ import annotations

import logging

from dishka import AsyncContainer
from dishka.integrations.litestar import DishkaRouter, setup_dishka
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import ControllerRouterHandler

from adapters.settings import Settings
from application.users.ensure_first_admin import EnsureFirstAdmin, FirstAdmin
from entrypoints.bootstrap import resolve_runtime_settings
from entrypoints.container import build_container
from entrypoints.http.courses import CourseController
from entrypoints.http.docs import docs_page, openapi_document
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import HealthController
from entrypoints.http.lessons import LessonController
from entrypoints.http.middleware import request_id_middleware
from entrypoints.http.projects import ProjectController
from entrypoints.http.sections import SectionController

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
API_VERSION = "1.0.0"

# Every controller of /api/v1, in the order the docs list them.
API_CONTROLLERS: list[ControllerRouterHandler] = []
API_CONTROLLERS += [CourseController, SectionController, LessonController, ProjectController]


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


async def _ensure_first_admin(settings: Settings, container: AsyncContainer) -> None:
    if not (
        settings.first_superuser and settings.first_superuser_email and settings.first_superuser_password
    ):
        return
    admin = FirstAdmin(
        username=settings.first_superuser,
        email=settings.first_superuser_email,
        password=settings.first_superuser_password,
    )
    async with container() as request_container:
        ensure = await request_container.get(EnsureFirstAdmin)
        if await ensure(admin):
            logger.info("created the first administrator", extra={"username": admin.username})


def create_app(settings: Settings | None = None, container: AsyncContainer | None = None) -> Litestar:
    """The whole service; with no arguments, configured from the environment."""
    settings = resolve_runtime_settings(settings)
    container = container or build_container(settings)

    async def on_startup(_: Litestar) -> None:
        await _ensure_first_admin(settings, container)

    async def on_shutdown(_: Litestar) -> None:
        await container.close()

    app = Litestar(
        route_handlers=[
            docs_page,
            openapi_document,
            DishkaRouter("", route_handlers=[HealthController]),
            DishkaRouter(API_PREFIX, route_handlers=API_CONTROLLERS),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        cors_config=_cors(settings),
        openapi_config=_openapi(),
        request_max_body_size=settings.request_max_body_bytes,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        logging_config=None,
    )
    setup_dishka(container, app)
    # Outermost, so that routing errors and the container's own work carry the request id too.
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    return app
