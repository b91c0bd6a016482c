"""Handing use cases to route handlers from the dishka container.

dishka's own Litestar integration opens a request scope for every request in a
middleware. Most hot reads need nothing per request (their use cases and query ports
live as long as the app), so here each handler is wrapped on its own: handlers whose
dependencies all live in the app scope take them straight from the app container, and
only the others open a request scope, around the handler alone.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import Parameter, signature
from typing import Any, get_type_hints

from dishka import AsyncContainer
from dishka.integrations.base import default_parse_dependency, wrap_injection
from litestar import Controller, Request, Router
from litestar.handlers import HTTPRouteHandler
from litestar.routes import BaseRoute
from litestar.types import ControllerRouterHandler


def _needs_request_scope(func: Callable[..., Any], container: AsyncContainer) -> bool:
    hints = get_type_hints(func, include_extras=True)
    for name, parameter in signature(func).parameters.items():
        key = default_parse_dependency(parameter, hints.get(name, Any))
        if key is not None and container.registry.get_factory(key) is None:
            return True
    return False


def _app_container(_args: Any, kwargs: dict[str, Any]) -> AsyncContainer:
    container: AsyncContainer = kwargs["request"].app.state.dishka_container
    return container


_REQUEST_PARAMETER = Parameter(name="request", annotation=Request, kind=Parameter.KEYWORD_ONLY)


def _inject(handler: HTTPRouteHandler, container: AsyncContainer) -> HTTPRouteHandler:
    """Wrap the handler (as dishka's integration does); `container` only decides the scope."""
    func = handler._fn
    # The container is found through the request: controllers are shared by every app
    # built in one process (tests build several), each with a container of its own.
    has_request = "request" in signature(func).parameters
    handler._fn = wrap_injection(
        func=func,
        is_async=True,
        container_getter=_app_container,
        additional_params=() if has_request else (_REQUEST_PARAMETER,),
        manage_scope=_needs_request_scope(func, container),
    )
    return handler


class InjectingRouter(Router):
    """A router whose handlers get their `FromDishka[...]` parameters from `container`."""

    def __init__(
        self, path: str, *, container: AsyncContainer, route_handlers: list[ControllerRouterHandler]
    ) -> None:
        self._container = container
        super().__init__(path, route_handlers=route_handlers)

    def register(self, value: ControllerRouterHandler) -> list[BaseRoute]:
        if isinstance(value, HTTPRouteHandler):
            _inject(value, self._container)
        elif isinstance(value, type) and issubclass(value, Controller):
            original = value.get_route_handlers
            container = self._container

            def injected_handlers(controller: Controller) -> list[Any]:
                return [
                    _inject(h, container) if isinstance(h, HTTPRouteHandler) else h
                    for h in original(controller)
                ]

            value.get_route_handlers = injected_handlers  # type: ignore[method-assign,assignment]
        return super().register(value)
