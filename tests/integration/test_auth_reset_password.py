"""PATCH /auth/reset-password: the current password first, then every other session ends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import asyncpg
import httpx
import pytest

from adapters.security.jwt_tokens import JwtTokenIssuer
from domain.users import Role
from tests.integration.auth_support import (
    AUTH,
    Client,
    _no_stored_cookies,
    cookie_header,
    login,
    open_session,
    refresh,
)
from tests.integration.conftest import USER_PASSWORD, bearer

__all__ = ["_no_stored_cookies"]

MakeUser = Callable[..., Awaitable[UUID]]
NEW_PASSWORD = "a-brand-new-password"


async def reset(client: Client, headers: dict[str, str], **form: str) -> httpx.Response:
    values = {"username": "ayesha", "password": NEW_PASSWORD, "current_password": USER_PASSWORD, **form}
    return await client.patch(f"{AUTH}/reset-password", data=values, headers=headers)


async def test_reset_keeps_the_callers_session_and_ends_every_other(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    user_id = await make_user("ayesha")
    mine = bearer(token_issuer, user_id, Role.USER)
    my_cookie, other_cookie = await open_session(db, user_id), await open_session(db, user_id)
    old_hash = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id)

    response = await reset(client, {**mine, **cookie_header(my_cookie)})

    assert response.status_code == 200
    assert response.json() == {"message": "Password updated"}
    assert NEW_PASSWORD not in response.text
    new_hash = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id)
    assert new_hash != old_hash
    assert new_hash.startswith("$argon2id$")
    live = await db.fetchval(
        "SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL", user_id
    )
    assert live == 1
    # The caller's access token and refresh cookie still work; the other session's do not refresh.
    assert (await client.get(f"{AUTH}/me", headers=mine)).status_code == 200
    assert (await refresh(client, other_cookie)).status_code == 401
    assert (await refresh(client, my_cookie)).status_code == 200
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 401
    assert (await login(client, "ayesha", NEW_PASSWORD)).status_code == 200


async def test_without_a_cookie_every_session_of_the_user_ends(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    user_id = await make_user("ayesha")
    await open_session(db, user_id)
    headers = bearer(token_issuer, user_id, Role.USER)
    assert (await reset(client, headers, username="AYESHA@example.com")).status_code == 200
    live = await db.fetchval(
        "SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL", user_id
    )
    assert live == 0


async def test_a_wrong_current_password_is_401_and_changes_nothing(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    user_id = await make_user("ayesha")
    await open_session(db, user_id)
    old_hash = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id)
    response = await reset(
        client, bearer(token_issuer, user_id, Role.USER), current_password="not-my-password"
    )
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Current password is incorrect"}
    assert await db.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id) == old_hash
    assert await db.fetchval("SELECT count(*) FROM auth_sessions WHERE revoked_at IS NULL") == 1
    # A wrong guess counts as a failed sign-in; past the limit even the right one is refused.
    rows = await db.fetch("SELECT key, failures FROM login_throttle ORDER BY key")
    assert [tuple(r) for r in rows] == [("account:ayesha", 1), ("address:testclient", 1)]
    await db.execute("UPDATE login_throttle SET locked_until = now() + interval '1 minute'")
    locked = await reset(client, bearer(token_issuer, user_id, Role.USER))
    assert locked.status_code == 429
    assert "retry-after" in locked.headers


async def test_another_username_is_403(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, user_headers: dict[str, str]
) -> None:
    await make_user("ayesha")
    old_hash = await db.fetchval("SELECT password_hash FROM users WHERE username = 'ayesha'")
    response = await reset(client, user_headers, username="ayesha")
    assert response.status_code == 403
    assert await db.fetchval("SELECT password_hash FROM users WHERE username = 'ayesha'") == old_hash


async def test_without_a_token_is_401_before_the_form_is_read(client: Client) -> None:
    response = await client.patch(
        f"{AUTH}/reset-password", content=b"\xff", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"current_password": "x" * 129}, "current_password"),
        ({"current_password": ""}, "current_password"),
        ({"role": "ADMIN"}, "role"),
    ],
    ids=["short", "oversize", "oversize-current", "empty-current", "unknown-field"],
)
async def test_bad_forms_are_422(
    client: Client, user_headers: dict[str, str], form: dict[str, str], field: str
) -> None:
    response = await reset(client, user_headers, username="plainuser", **form)
    assert response.status_code == 422
    assert field in str(response.json()["errors"])
    assert form.get("password", "§") not in response.text
