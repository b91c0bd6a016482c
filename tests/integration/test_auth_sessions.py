"""POST /auth/refresh and /auth/logout: rotation, reuse detection, expiry, the cookie's life."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import asyncpg
import httpx
import msgspec
from litestar.testing import AsyncTestClient
from litestar.testing import transport as test_transport

from adapters.settings import Settings
from domain.users import Role
from entrypoints.http.app import create_app
from tests.integration.auth_support import (
    AUTH,
    Client,
    _no_stored_cookies,
    bearer_of,
    cookie_header,
    login,
    open_session,
    refresh,
    refresh_set_cookie,
)
from tests.integration.conftest import USER_PASSWORD

__all__ = ["_no_stored_cookies"]

MakeUser = Callable[..., Awaitable[UUID]]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def signed_in(db: asyncpg.Connection, make_user: MakeUser) -> tuple[UUID, str]:
    user_id = await make_user("ayesha")
    return user_id, await open_session(db, user_id)


async def test_refresh_rotates_the_token_within_the_session(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, first = await signed_in(db, make_user)
    response = await refresh(client, first)

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert (await client.get(f"{AUTH}/me", headers=bearer_of(response))).json()["id"] == str(user_id)
    cookie = refresh_set_cookie(response)
    assert cookie.value != first
    assert (cookie.attributes["path"], cookie.attributes["samesite"].lower()) == (AUTH, "strict")
    assert "httponly" in cookie.attributes
    session = await db.fetchrow("SELECT * FROM auth_sessions WHERE user_id = $1", user_id)
    # The session's end does not move: Max-Age is what is left of it.
    remaining = (session["expires_at"] - await db.fetchval("SELECT now()")).total_seconds()
    assert abs(int(cookie.attributes["max-age"]) - remaining) < 5
    rows = {r["token_hash"]: r for r in await db.fetch("SELECT * FROM refresh_tokens")}
    assert set(rows) == {token_hash(first), token_hash(cookie.value)}
    assert rows[token_hash(first)]["used_at"] is not None
    assert rows[token_hash(cookie.value)]["used_at"] is None
    assert {r["session_id"] for r in rows.values()} == {session["id"]}


async def test_a_reused_token_revokes_the_whole_family(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, first = await signed_in(db, make_user)
    second = refresh_set_cookie(await refresh(client, first)).value

    reused = await refresh(client, first)
    assert reused.status_code == 401
    assert reused.json()["status_code"] == 401
    assert await db.fetchval("SELECT revoked_at FROM auth_sessions WHERE user_id = $1", user_id) is not None
    # The newest token of the family is dead too.
    assert (await refresh(client, second)).status_code == 401


def _refresh_in_thread(client: Client, token: str, barrier: threading.Barrier) -> int:
    # AsyncTestClient runs each request to completion before the next one starts; two
    # threads sending through its transport put two requests on the app's loop at once.
    transport = cast("test_transport.TestClientTransport[Client]", client._transport)
    request = httpx.Request("POST", f"http://testserver.local{AUTH}/refresh", headers=cookie_header(token))
    barrier.wait()
    return transport.handle_request(request).status_code


async def test_two_concurrent_refreshes_with_one_token_let_exactly_one_succeed(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    _, token = await signed_in(db, make_user)
    barrier = threading.Barrier(2)
    statuses = await asyncio.gather(
        asyncio.to_thread(_refresh_in_thread, client, token, barrier),
        asyncio.to_thread(_refresh_in_thread, client, token, barrier),
    )
    assert sorted(statuses) == [200, 401]
    # One new token was issued; the loser presented a used token, which revokes the family.
    assert await db.fetchval("SELECT count(*) FROM refresh_tokens") == 2
    assert await db.fetchval("SELECT count(*) FROM refresh_tokens WHERE used_at IS NOT NULL") == 1
    assert await db.fetchval("SELECT revoked_at FROM auth_sessions") is not None


async def test_refresh_without_a_valid_cookie_is_401(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await signed_in(db, make_user)
    missing = await client.post(f"{AUTH}/refresh")
    made_up = await refresh(client, "made-up-token")
    assert [(r.status_code, r.json()["status_code"]) for r in (missing, made_up)] == [(401, 401)] * 2
    assert "set-cookie" not in made_up.headers
    assert (await refresh(client, "x" * 4000)).status_code == 401


async def test_an_expired_session_cannot_refresh(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, token = await signed_in(db, make_user)
    await db.execute(
        "UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", user_id
    )
    assert (await refresh(client, token)).status_code == 401


async def test_a_deactivated_user_cannot_refresh(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, token = await signed_in(db, make_user)
    await db.execute("UPDATE users SET is_active = false WHERE id = $1", user_id)
    assert (await refresh(client, token)).status_code == 401


async def test_logout_revokes_the_session_and_clears_the_cookie(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, token = await signed_in(db, make_user)
    response = await client.post(f"{AUTH}/logout", headers=cookie_header(token))

    assert response.status_code == 204
    assert response.content == b""
    cleared = refresh_set_cookie(response)
    assert cleared.value == ""
    assert cleared.attributes["max-age"] == "0"
    assert cleared.attributes["path"] == AUTH
    assert await db.fetchval("SELECT revoked_at FROM auth_sessions WHERE user_id = $1", user_id) is not None
    assert (await refresh(client, token)).status_code == 401


async def test_logout_ends_only_its_own_session(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id, mine = await signed_in(db, make_user)
    other = await open_session(db, user_id)
    await client.post(f"{AUTH}/logout", headers=cookie_header(mine))
    assert (
        await db.fetchval(
            "SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL", user_id
        )
        == 1
    )
    assert (await refresh(client, other)).status_code == 200


async def test_logout_without_a_session_still_clears_the_cookie(client: Client) -> None:
    for headers in ({}, cookie_header("made-up"), cookie_header("x" * 4000)):
        response = await client.post(f"{AUTH}/logout", headers=headers)
        assert response.status_code == 204
        assert refresh_set_cookie(response).attributes["max-age"] == "0"


async def test_the_cookie_is_secure_unless_configured_otherwise(
    settings: Settings, make_user: MakeUser
) -> None:
    await make_user("ayesha", Role.USER)
    secure_settings = msgspec.structs.replace(settings, cookie_secure=True)
    async with AsyncTestClient(create_app(secure_settings), base_url="https://testserver.local") as secure:
        response = await login(secure, "ayesha", USER_PASSWORD)
        assert response.status_code == 200
        assert "secure" in refresh_set_cookie(response).attributes
        cleared = await secure.post(f"{AUTH}/logout")
        assert "secure" in refresh_set_cookie(cleared).attributes
