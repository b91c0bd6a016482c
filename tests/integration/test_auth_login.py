"""POST /auth/login: credentials, the refresh cookie it sets, and login throttling."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from uuid import UUID

import asyncpg
import pytest
from argon2 import PasswordHasher as Argon2Hasher

from adapters.security.jwt_tokens import JwtTokenIssuer
from domain.users import Role
from tests.integration.auth_support import (
    AUTH,
    Client,
    _no_stored_cookies,
    login,
    open_session,
    refresh_set_cookie,
)
from tests.integration.conftest import USER_PASSWORD

__all__ = ["_no_stored_cookies"]

MakeUser = Callable[..., Awaitable[UUID]]
BAD_CREDENTIALS = {"status_code": 401, "detail": "Incorrect username or password"}


async def test_login_answers_a_bearer_token_and_sets_the_refresh_cookie(
    client: Client, db: asyncpg.Connection, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    user_id = await make_user("ayesha", Role.MODERATOR)
    response = await login(client, "ayesha", USER_PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("bearer", 15 * 60)
    claims = token_issuer.decode_access(body["access_token"])
    assert (claims.user_id, claims.role) == (user_id, Role.MODERATOR)
    assert response.headers["cache-control"] == "no-store"

    cookie = refresh_set_cookie(response)
    assert cookie.attributes["path"] == AUTH
    assert cookie.attributes["samesite"].lower() == "strict"
    assert "httponly" in cookie.attributes
    assert "secure" not in cookie.attributes  # the tests run with COOKIE_SECURE=false
    session = await db.fetchrow("SELECT * FROM auth_sessions WHERE user_id = $1", user_id)
    assert session is not None and session["revoked_at"] is None
    lifetime = (session["expires_at"] - session["created_at"]).total_seconds()
    assert abs(lifetime - 14 * 24 * 3600) < 5
    assert abs(int(cookie.attributes["max-age"]) - lifetime) < 5
    # Only the hash of the refresh token is stored.
    tokens = await db.fetch(
        "SELECT token_hash, used_at FROM refresh_tokens WHERE session_id = $1", session["id"]
    )
    assert [dict(t) for t in tokens] == [
        {"token_hash": hashlib.sha256(cookie.value.encode()).hexdigest(), "used_at": None}
    ]


async def test_login_clears_out_the_users_ended_sessions(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    user_id = await make_user("ayesha")
    other_id = await make_user("bilal")
    for owner in (user_id, user_id, other_id):
        await open_session(db, owner)
    await db.execute("UPDATE auth_sessions SET expires_at = now() - interval '1 second'")
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 200
    rows = await db.fetch("SELECT user_id, expires_at > now() AS live FROM auth_sessions ORDER BY live")
    assert [(r["user_id"], r["live"]) for r in rows] == [(other_id, False), (user_id, True)]
    assert await db.fetchval("SELECT count(*) FROM refresh_tokens") == 2


async def test_login_accepts_the_email_address_in_any_case(client: Client, make_user: MakeUser) -> None:
    await make_user("ayesha")
    response = await login(client, "AYESHA@Example.com", USER_PASSWORD)
    assert response.status_code == 200


async def test_every_refusal_is_the_same_401(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await make_user("ayesha")
    await make_user("dormant", is_active=False)
    refusals = [
        await login(client, "ayesha", "wrong-password"),
        await login(client, "nobody", USER_PASSWORD),
        await login(client, "dormant", USER_PASSWORD),
    ]
    assert [(r.status_code, r.json()) for r in refusals] == [(401, BAD_CREDENTIALS)] * 3
    assert all("set-cookie" not in r.headers for r in refusals)
    assert await db.fetchval("SELECT count(*) FROM auth_sessions") == 0


async def test_an_outdated_hash_is_upgraded_on_login(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    weak = Argon2Hasher(time_cost=1, memory_cost=8192).hash(USER_PASSWORD)
    user_id = await make_user("ayesha", password_hash=weak)
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 200
    upgraded = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id)
    assert upgraded.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    assert Argon2Hasher().verify(upgraded, USER_PASSWORD)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"username": "ayesha"}, "password"),
        ({"password": USER_PASSWORD}, "username"),
        ({"username": "", "password": USER_PASSWORD}, "username"),
        ({"username": "ayesha", "password": "x" * 129}, "password"),
        ({"username": "a" * 321, "password": USER_PASSWORD}, "username"),
        ({"username": "nul\x00byte", "password": USER_PASSWORD}, "username"),
    ],
    ids=["no-password", "no-username", "empty-username", "oversize-password", "oversize-username", "nul"],
)
async def test_a_malformed_form_is_422(client: Client, form: dict[str, str], field: str) -> None:
    response = await client.post(f"{AUTH}/login", data=form)
    assert response.status_code == 422
    body = response.json()
    assert body["status_code"] == 422
    assert field in str(body["errors"])


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"username": "ayesha", "password": "x"}', "application/json"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"", "application/x-www-form-urlencoded"),
    ],
    ids=["json", "garbage", "empty"],
)
async def test_a_body_that_is_not_a_form_is_422(client: Client, content: bytes, content_type: str) -> None:
    response = await client.post(f"{AUTH}/login", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 422
    assert response.json()["status_code"] == 422


async def test_the_account_is_throttled_after_five_failures(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await make_user("ayesha")
    for _ in range(5):
        assert (await login(client, "ayesha", "wrong-password")).status_code == 401

    locked = await login(client, "ayesha", USER_PASSWORD)  # even the right password
    assert locked.status_code == 429
    assert locked.json() == {
        "status_code": 429,
        "detail": "Too many failed sign-in attempts; try again later",
    }
    assert 14 * 60 < int(locked.headers["retry-after"]) <= 15 * 60
    assert await db.fetchval("SELECT count(*) FROM auth_sessions") == 0

    rows = {r["key"]: r for r in await db.fetch("SELECT * FROM login_throttle")}
    assert {k: r["failures"] for k, r in rows.items()} == {"account:ayesha": 5, "address:testclient": 5}
    assert rows["account:ayesha"]["locked_until"] is not None
    assert rows["address:testclient"]["locked_until"] is None

    # The counters live in the database, not in this process: clearing the row there unlocks.
    await db.execute("DELETE FROM login_throttle WHERE key = 'account:ayesha'")
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 200


async def test_a_lock_written_by_another_instance_applies_to_the_client_address(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await make_user("ayesha")
    await db.execute(
        "INSERT INTO login_throttle VALUES ('address:testclient', 20, now(), now() + interval '90 seconds')"
    )
    response = await login(client, "ayesha", USER_PASSWORD)
    assert response.status_code == 429
    assert 85 <= int(response.headers["retry-after"]) <= 90


async def test_a_success_clears_the_account_counter_only(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await make_user("ayesha")
    for _ in range(2):
        await login(client, "ayesha", "wrong-password")
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 200
    rows = await db.fetch("SELECT key, failures FROM login_throttle")
    assert [tuple(r) for r in rows] == [("address:testclient", 2)]


async def test_failures_of_an_old_window_are_forgotten(
    client: Client, db: asyncpg.Connection, make_user: MakeUser
) -> None:
    await make_user("ayesha")
    await db.execute(
        "INSERT INTO login_throttle VALUES ('account:ayesha', 4, now() - interval '16 minutes', NULL)"
    )
    assert (await login(client, "ayesha", "wrong-password")).status_code == 401
    row = await db.fetchrow("SELECT * FROM login_throttle WHERE key = 'account:ayesha'")
    assert (row["failures"], row["locked_until"]) == (1, None)


async def test_a_login_name_too_long_for_the_counter_key_is_still_counted(
    client: Client, db: asyncpg.Connection
) -> None:
    # 320 characters, but lower-casing "İ" doubles the length of the account key.
    response = await login(client, "İ" * 320, USER_PASSWORD)
    assert response.status_code == 401
    keys = [r["key"] for r in await db.fetch("SELECT key FROM login_throttle ORDER BY key")]
    assert len(keys) == 2
    assert keys[0] == "address:testclient"
    assert keys[1].startswith("sha256:")
