"""GET /auth/me and which access tokens the API accepts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import jwt
import pytest

from adapters.security.jwt_tokens import JwtTokenIssuer
from adapters.settings import Settings
from domain.users import Role
from tests.integration.auth_support import (
    AUTH,
    Client,
    _no_stored_cookies,
    bearer_of,
    login,
    refresh_set_cookie,
)
from tests.integration.conftest import ADMIN_PASSWORD, USER_PASSWORD, bearer

__all__ = ["_no_stored_cookies"]

MakeUser = Callable[..., Awaitable[UUID]]
USER_FIELDS = {
    "id",
    "username",
    "email",
    "full_name",
    "contact",
    "gender",
    "role",
    "is_active",
    "created_at",
    "updated_at",
}


async def test_me_is_the_caller_without_any_password_field(client: Client, make_user: MakeUser) -> None:
    user_id = await make_user("ayesha", Role.MODERATOR, contact="0300-1234567", gender="FEMALE")
    response = await client.get(f"{AUTH}/me", headers=bearer_of(await login(client, "ayesha", USER_PASSWORD)))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == USER_FIELDS
    assert body["id"] == str(user_id)
    assert (body["username"], body["email"], body["role"]) == ("ayesha", "ayesha@example.com", "MODERATOR")
    assert (body["contact"], body["gender"], body["is_active"]) == ("0300-1234567", "FEMALE", True)
    assert datetime.fromisoformat(body["created_at"]).utcoffset() == timedelta(0)


def _claims(settings: Settings, user_id: UUID, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(user_id),
        "role": "ADMIN",
        "type": "access",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "token-id",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _forgeries(settings: Settings, user_id: UUID) -> dict[str, str]:
    key = settings.secret_key or ""
    past = datetime.now(UTC) - timedelta(minutes=1)
    return {
        "expired": jwt.encode(_claims(settings, user_id, exp=past), key, algorithm="HS256"),
        "forged": jwt.encode(
            _claims(settings, user_id), "another-secret-key-that-is-long-enough", algorithm="HS256"
        ),
        "alg-none": jwt.encode(_claims(settings, user_id), "", algorithm="none"),
        "refresh-type": jwt.encode(_claims(settings, user_id, type="refresh"), key, algorithm="HS256"),
        "wrong-audience": jwt.encode(_claims(settings, user_id, aud="elsewhere"), key, algorithm="HS256"),
        "wrong-issuer": jwt.encode(_claims(settings, user_id, iss="elsewhere"), key, algorithm="HS256"),
        "no-jti": jwt.encode(_claims(settings, user_id, jti=None), key, algorithm="HS256"),
        "hs512": jwt.encode(_claims(settings, user_id), key, algorithm="HS512"),
        "junk": "not-a-jwt",
    }


async def test_anything_but_a_valid_access_token_is_401(
    client: Client, settings: Settings, first_admin: asyncpg.Record
) -> None:
    for name, token in _forgeries(settings, first_admin["id"]).items():
        for path in (f"{AUTH}/me", "/api/v1/users"):
            response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
            assert (name, path, response.status_code) == (name, path, 401)
            assert response.json()["status_code"] == 401
            assert response.headers["www-authenticate"] == "Bearer"


async def test_a_refresh_token_is_not_an_access_token(client: Client, first_admin: asyncpg.Record) -> None:
    refresh_token = refresh_set_cookie(await login(client, "admin", ADMIN_PASSWORD)).value
    for path in (f"{AUTH}/me", "/api/v1/users"):
        response = await client.get(path, headers={"Authorization": f"Bearer {refresh_token}"})
        assert response.status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Token abc"])
async def test_a_malformed_authorization_header_is_401(client: Client, header: str) -> None:
    response = await client.get(f"{AUTH}/me", headers={"Authorization": header})
    assert response.status_code == 401


async def test_no_token_is_401(client: Client) -> None:
    response = await client.get(f"{AUTH}/me")
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Not authenticated"}


@pytest.mark.parametrize("change", ["deactivate", "delete"])
async def test_a_deactivated_or_deleted_users_token_stops_working_at_once(
    client: Client,
    db: asyncpg.Connection,
    make_user: MakeUser,
    token_issuer: JwtTokenIssuer,
    change: str,
) -> None:
    user_id = await make_user("ayesha")
    headers = bearer(token_issuer, user_id, Role.USER)
    assert (await client.get(f"{AUTH}/me", headers=headers)).status_code == 200
    if change == "deactivate":
        await db.execute("UPDATE users SET is_active = false WHERE id = $1", user_id)
    else:
        await db.execute("DELETE FROM users WHERE id = $1", user_id)
    assert (await client.get(f"{AUTH}/me", headers=headers)).status_code == 401


async def test_a_demoted_admins_token_loses_the_admin_routes_at_once(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    admin_id = await make_user("deputy", Role.ADMIN)
    headers = bearer(token_issuer, admin_id, Role.ADMIN)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 200
    await db.execute("UPDATE users SET role = 'USER' WHERE id = $1", admin_id)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403
