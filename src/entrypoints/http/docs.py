"""The OpenAPI document at /openapi.json and the interactive docs at /."""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, get
from litestar.openapi.plugins import OpenAPIRenderPlugin


def _schema(request: Request[Any, Any, Any]) -> dict[str, Any]:
    return request.app.openapi_schema.to_schema()


def _docs_plugin(request: Request[Any, Any, Any]) -> OpenAPIRenderPlugin:
    config = request.app.openapi_config
    assert config is not None and config.default_plugin is not None
    return config.default_plugin


@get("/", include_in_schema=False, media_type=MediaType.HTML, sync_to_thread=False)
def docs_page(request: Request[Any, Any, Any]) -> bytes:
    return _docs_plugin(request).render(request, _schema(request))


@get("/openapi.json", include_in_schema=False, media_type=MediaType.JSON, sync_to_thread=False)
def openapi_document(request: Request[Any, Any, Any]) -> bytes:
    return OpenAPIRenderPlugin.render_json(request, _schema(request))
