"""Who may call what. Guards run before the body, query or path ids are looked at."""

from __future__ import annotations

from typing import Any, Final

from dishka import AsyncContainer
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import SecurityRequirement

from application.auth.identify_caller import IdentifyCaller
from domain.errors import Forbidden, Unauthenticated
from domain.users import Role, User

_CALLER_KEY = "caller"

# The OpenAPI security requirement of a route behind these guards (`security=BEARER_SECURITY`).
BEARER_SECURITY: Final[list[SecurityRequirement]] = [{"BearerToken": []}]


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    # The raw headers: most requests are anonymous, and this runs on every one of them.
    raw = next((value for name, value in connection.scope["headers"] if name == b"authorization"), None)
    if raw is None:
        return None
    scheme, _, token = raw.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Invalid authorization header")
    return token.strip()


async def optional_caller(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    """The calling user, None when anonymous; a token that is present but bad is refused."""
    if _CALLER_KEY in connection.scope:
        cached: User | None = connection.scope[_CALLER_KEY]  # type: ignore[literal-required]
        return cached
    token = bearer_token(connection)
    caller: User | None = None
    if token is not None:
        # A request scope of its own: the check's database session ends with the check.
        container: AsyncContainer = connection.app.state.dishka_container
        async with container() as request_container:
            identify = await request_container.get(IdentifyCaller)
            caller = await identify(token)
    connection.scope[_CALLER_KEY] = caller  # type: ignore[literal-required]
    return caller


async def authenticated_caller(connection: ASGIConnection[Any, Any, Any, Any]) -> User:
    caller = await optional_caller(connection)
    if caller is None:
        raise Unauthenticated("Not authenticated")
    return caller


async def requires_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    await authenticated_caller(connection)


async def requires_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    caller = await authenticated_caller(connection)
    if caller.role is not Role.ADMIN:
        raise Forbidden("Administrator role required")
