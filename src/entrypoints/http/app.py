"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import gc
import logging

from dishka import AsyncContainer
from dishka.integrations.litestar import DishkaRouter, setup_dishka
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import ControllerRouterHandler

from adapters.persistence.database import DATABASE_UNAVAILABLE
from adapters.settings import Settings
from application.users.ensure_first_admin import EnsureFirstAdmin, FirstAdmin
from entrypoints.bootstrap import resolve_runtime_settings
from entrypoints.container import build_container
from entrypoints.http.docs import docs_page, openapi_document
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import HealthController
from entrypoints.http.middleware import request_id_middleware

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
API_VERSION = "1.0.0"

# Every controller of /api/v1, in the order the docs list them.
API_CONTROLLERS: list[ControllerRouterHandler] = []


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


FIRST_ADMIN_RETRY_SECONDS = 5.0


def _first_admin(settings: Settings) -> FirstAdmin | None:
    if not (
        settings.first_superuser and settings.first_superuser_email and settings.first_superuser_password
    ):
        return None
    return FirstAdmin(
        username=settings.first_superuser,
        email=settings.first_superuser_email,
        password=settings.first_superuser_password,
    )


async def _ensure_first_admin(container: AsyncContainer, admin: FirstAdmin) -> None:
    async with container() as request_container:
        ensure = await request_container.get(EnsureFirstAdmin)
        if await ensure(admin):
            logger.info("created the first administrator", extra={"username": admin.username})


async def _ensure_first_admin_when_database_returns(container: AsyncContainer, admin: FirstAdmin) -> None:
    while True:
        await asyncio.sleep(FIRST_ADMIN_RETRY_SECONDS)
        try:
            await _ensure_first_admin(container, admin)
        except DATABASE_UNAVAILABLE:
            continue
        return


def create_app(settings: Settings | None = None, container: AsyncContainer | None = None) -> Litestar:
    """The whole service; with no arguments, configured from the environment."""
    settings = resolve_runtime_settings(settings)
    container = container or build_container(settings)

    first_admin = _first_admin(settings)
    background: set[asyncio.Task[None]] = set()

    async def on_startup(_: Litestar) -> None:
        if first_admin is not None:
            try:
                await _ensure_first_admin(container, first_admin)
            except DATABASE_UNAVAILABLE:
                # The service starts anyway (readiness says 503) and tries again later.
                logger.warning("database unavailable at start: the first administrator is created later")
                task = asyncio.create_task(_ensure_first_admin_when_database_returns(container, first_admin))
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
