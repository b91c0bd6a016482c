"""Every guarded route of the app, found by walking its routes, refuses the wrong callers.

Routes added later are covered without editing this file.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.types.internal_types import PathParameterDefinition

from entrypoints.http.app import API_PREFIX
from entrypoints.http.guards import requires_admin, requires_user
from tests.integration.auth_support import Client, _no_stored_cookies

__all__ = ["_no_stored_cookies"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The contract's only write routes open to non-admins: signing in and out, and one's own password.
NOT_ADMIN_WRITES = frozenset(
    {f"{API_PREFIX}/auth/{name}" for name in ("login", "refresh", "logout", "reset-password")}
)


def _dummy(parameter: PathParameterDefinition, documented: dict[str, Any]) -> str:
    """A well-formed value of the parameter's type, so that only the guard can refuse the call."""
    schema = documented.get("schema", {})
    if parameter.type is UUID or schema.get("format") == "uuid":
        return str(uuid4())
    if parameter.type is int or schema.get("type") == "integer":
        return "1"
    return "x"


def _operations(app: Litestar) -> list[tuple[str, str, list[Any]]]:
    """(method, concrete path, guards) of every HTTP operation of the app."""
    paths = app.openapi_schema.to_schema()["paths"]
    operations: list[tuple[str, str, list[Any]]] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                documented = {
                    p["name"]: p
                    for p in paths.get(route.path_format, {}).get(method.lower(), {}).get("parameters", [])
                    if p.get("in") == "path"
                }
                path = route.path_format
                for name, parameter in route.path_parameters.items():
                    path = path.replace(f"{{{name}}}", _dummy(parameter, documented.get(name, {})))
                operations.append((str(method), path, list(handler.resolve_guards())))
    return operations


def _guarded_by(app: Litestar, guard: object) -> list[tuple[str, str]]:
    return [(method, path) for method, path, guards in _operations(app) if guard in guards]


def test_the_walk_finds_the_known_routes(app: Litestar) -> None:
    admin = {(method, path.split("/")[3]) for method, path in _guarded_by(app, requires_admin)}
    assert {("GET", "users"), ("POST", "users"), ("PUT", "users"), ("DELETE", "users")} <= admin
    assert {m for m, _ in _guarded_by(app, requires_user)} >= {"GET", "PATCH"}


def test_every_write_route_is_for_admins_unless_the_contract_says_otherwise(app: Litestar) -> None:
    unguarded = [
        (method, path)
        for method, path, guards in _operations(app)
        if method in WRITE_METHODS
        and path.startswith(API_PREFIX)
        and requires_admin not in guards
        and path not in NOT_ADMIN_WRITES
    ]
    assert unguarded == []


async def test_admin_routes_answer_401_without_a_token_and_403_to_a_user(
    app: Litestar, client: Client, user_headers: dict[str, str]
) -> None:
    routes = _guarded_by(app, requires_admin)
    assert routes
    for method, path in routes:
        anonymous = await client.request(method, path)
        assert (method, path, anonymous.status_code) == (method, path, 401)
        assert anonymous.json()["status_code"] == 401
        as_user = await client.request(method, path, headers=user_headers)
        assert (method, path, as_user.status_code) == (method, path, 403)
        assert as_user.json()["status_code"] == 403


@pytest.mark.parametrize("token", ["", "Bearer not-a-token"])
async def test_signed_in_routes_answer_401_without_a_valid_token(
    app: Litestar, client: Client, token: str
) -> None:
    routes = _guarded_by(app, requires_user)
    assert routes
    headers = {"Authorization": token} if token else {}
    for method, path in routes:
        response = await client.request(method, path, headers=headers)
        assert (method, path, response.status_code) == (method, path, 401)
