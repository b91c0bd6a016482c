"""/api/v1/users: the administrators' user management."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from argon2 import PasswordHasher as Argon2Hasher

from adapters.security.jwt_tokens import JwtTokenIssuer
from domain.users import Role
from tests.integration.auth_support import Client, _no_stored_cookies, login, open_session, refresh
from tests.integration.conftest import USER_PASSWORD, bearer

__all__ = ["_no_stored_cookies"]

MakeUser = Callable[..., Awaitable[UUID]]
USERS = "/api/v1/users"
NEW_USER: dict[str, Any] = {
    "username": "zara",
    "email": "Zara.Khan@Example.com",
    "password": "zara-password-1",
    "full_name": "Zara Khan",
    "contact": "0300-1234567",
    "gender": "FEMALE",
}


async def test_create_answers_201_with_the_user_and_stores_a_hash(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str]
) -> None:
    response = await client.post(USERS, json=NEW_USER, headers=admin_headers)
    assert response.status_code == 201
    body = response.json()
    assert not {k for k in body if "password" in k}
    assert NEW_USER["password"] not in response.text
    assert body["email"] == "zara.khan@example.com"
    assert (body["role"], body["is_active"], body["gender"]) == ("USER", True, "FEMALE")
    row = await db.fetchrow("SELECT * FROM users WHERE id = $1", UUID(body["id"]))
    assert row["password_hash"].startswith("$argon2id$")
    assert Argon2Hasher().verify(row["password_hash"], NEW_USER["password"])
    assert (await client.get(f"{USERS}/{body['id']}", headers=admin_headers)).json() == body


@pytest.mark.parametrize(
    "clash", [{"username": "ZARA"}, {"email": "zara.khan@example.COM"}], ids=["username", "email"]
)
async def test_a_duplicate_username_or_email_is_409_in_any_case(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], clash: dict[str, str]
) -> None:
    assert (await client.post(USERS, json=NEW_USER, headers=admin_headers)).status_code == 201
    other = {**NEW_USER, "username": "other", "email": "other@example.com", **clash}
    response = await client.post(USERS, json=other, headers=admin_headers)
    assert response.status_code == 409
    assert response.json()["status_code"] == 409
    assert await db.fetchval("SELECT count(*) FROM users") == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"is_admin": True}, "is_admin"),
        ({"password_hash": "x"}, "password_hash"),
        ({"role": "EMPEROR"}, "role"),
        ({"gender": "X"}, "gender"),
        ({"email": "not-an-email"}, "email"),
        ({"username": "a"}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "at@sign"}, "username"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"full_name": "Z"}, "full_name"),
        ({"contact": "9" * 51}, "contact"),
        ({"username": "nul\u0000byte"}, "username"),
        ({"email": "nul\u0000@example.com"}, "email"),
        ({"full_name": "Nul \u0000 Byte"}, "full_name"),
        ({"contact": "\u0000"}, "contact"),
    ],
)
async def test_create_refuses_bad_or_unknown_fields_with_422(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], change: dict[str, Any], field: str
) -> None:
    response = await client.post(USERS, json={**NEW_USER, **change}, headers=admin_headers)
    assert response.status_code == 422
    assert field in str(response.json()["errors"])
    assert await db.fetchval("SELECT count(*) FROM users") == 1


async def test_create_needs_the_required_fields(client: Client, admin_headers: dict[str, str]) -> None:
    for missing in ("username", "email", "password", "full_name"):
        body = {k: v for k, v in NEW_USER.items() if k != missing}
        response = await client.post(USERS, json=body, headers=admin_headers)
        assert (missing, response.status_code) == (missing, 422)


async def test_list_pages_oldest_first_with_the_total(
    client: Client, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    for name in ("u1", "u2", "u3"):
        await make_user(name)
    response = await client.get(USERS, params={"skip": 1, "limit": 2}, headers=admin_headers)
    assert response.status_code == 200
    assert [u["username"] for u in response.json()] == ["u1", "u2"]
    assert response.headers["x-total-count"] == "4"
    assert (await client.get(USERS, params={"limit": 101}, headers=admin_headers)).status_code == 422
    assert (await client.get(USERS, params={"skip": -1}, headers=admin_headers)).status_code == 422


async def test_get_an_unknown_or_malformed_id(client: Client, admin_headers: dict[str, str]) -> None:
    assert (await client.get(f"{USERS}/{uuid4()}", headers=admin_headers)).status_code == 404
    malformed = await client.get(f"{USERS}/not-a-uuid", headers=admin_headers)
    assert malformed.status_code == 422
    assert malformed.json()["errors"] == [{"field": "user_id", "message": "Invalid UUID"}]


async def test_update_is_partial_and_null_clears(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    user_id = await make_user("ayesha", contact="0300-1234567", gender="FEMALE")
    response = await client.put(
        f"{USERS}/{user_id}", json={"full_name": "Ayesha Malik", "contact": None}, headers=admin_headers
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["full_name"], body["contact"], body["gender"]) == ("Ayesha Malik", None, "FEMALE")
    assert (body["username"], body["email"]) == ("ayesha", "ayesha@example.com")
    row = await db.fetchrow("SELECT * FROM users WHERE id = $1", user_id)
    assert (row["full_name"], row["contact"]) == ("Ayesha Malik", None)
    assert row["updated_at"] > row["created_at"]


@pytest.mark.parametrize(
    "change",
    [{"is_admin": True}, {"password_hash": "x"}, {"role": "EMPEROR"}, {"username": None}, {"role": None}],
)
async def test_update_refuses_unknown_fields_and_nulls_of_required_ones(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], make_user: MakeUser, change: Any
) -> None:
    user_id = await make_user("ayesha")
    response = await client.put(f"{USERS}/{user_id}", json=change, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["status_code"] == 422
    assert await db.fetchval("SELECT role FROM users WHERE id = $1", user_id) == "USER"


async def test_update_refuses_another_users_email_and_an_unknown_user(
    client: Client, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    user_id = await make_user("ayesha")
    await make_user("bilal")
    clash = await client.put(f"{USERS}/{user_id}", json={"email": "BILAL@example.com"}, headers=admin_headers)
    assert clash.status_code == 409
    own = await client.put(f"{USERS}/{user_id}", json={"email": "Ayesha@Example.com"}, headers=admin_headers)
    assert own.status_code == 200
    missing = await client.put(f"{USERS}/{uuid4()}", json={"full_name": "Nobody"}, headers=admin_headers)
    assert missing.status_code == 404


async def test_a_password_set_by_an_admin_ends_the_users_sessions(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    user_id = await make_user("ayesha")
    cookie = await open_session(db, user_id)
    response = await client.put(
        f"{USERS}/{user_id}", json={"password": "set-by-the-admin"}, headers=admin_headers
    )
    assert response.status_code == 200
    assert "set-by-the-admin" not in response.text
    assert await db.fetchval("SELECT revoked_at FROM auth_sessions WHERE user_id = $1", user_id) is not None
    assert (await refresh(client, cookie)).status_code == 401
    assert (await login(client, "ayesha", "set-by-the-admin")).status_code == 200


async def test_deactivation_locks_the_user_out_and_reactivation_lets_them_back(
    client: Client,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
    make_user: MakeUser,
    token_issuer: JwtTokenIssuer,
) -> None:
    user_id = await make_user("ayesha")
    headers = bearer(token_issuer, user_id, Role.USER)
    cookie = await open_session(db, user_id)

    off = await client.put(f"{USERS}/{user_id}", json={"is_active": False}, headers=admin_headers)
    assert (off.status_code, off.json()["is_active"]) == (200, False)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401
    assert (await refresh(client, cookie)).status_code == 401
    assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 401

    on = await client.put(f"{USERS}/{user_id}", json={"is_active": True}, headers=admin_headers)
    assert (on.status_code, on.json()["is_active"]) == (200, True)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    # The sessions ended by the deactivation stay ended.
    assert (await refresh(client, cookie)).status_code == 401


@pytest.mark.parametrize(
    "change",
    [{"role": "USER"}, {"role": "MODERATOR"}, {"is_active": False}],
    ids=["user", "moderator", "off"],
)
async def test_the_last_admin_cannot_be_demoted_or_deactivated(
    client: Client,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
    first_admin: asyncpg.Record,
    make_user: MakeUser,
    change: dict[str, Any],
) -> None:
    await make_user("former", Role.ADMIN, is_active=False)  # an inactive admin does not count
    response = await client.put(f"{USERS}/{first_admin['id']}", json=change, headers=admin_headers)
    assert response.status_code == 409
    row = await db.fetchrow("SELECT role, is_active FROM users WHERE id = $1", first_admin["id"])
    assert (row["role"], row["is_active"]) == ("ADMIN", True)


async def test_an_admin_may_be_demoted_while_another_remains(
    client: Client, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    deputy = await make_user("deputy", Role.ADMIN)
    response = await client.put(f"{USERS}/{deputy}", json={"role": "USER"}, headers=admin_headers)
    assert (response.status_code, response.json()["role"]) == (200, "USER")


async def test_delete_answers_204_and_removes_the_user_with_their_sessions(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], make_user: MakeUser
) -> None:
    user_id = await make_user("ayesha")
    await open_session(db, user_id)
    response = await client.delete(f"{USERS}/{user_id}", headers=admin_headers)
    assert response.status_code == 204
    assert response.content == b""
    assert await db.fetchval("SELECT count(*) FROM users WHERE id = $1", user_id) == 0
    assert await db.fetchval("SELECT count(*) FROM auth_sessions") == 0
    assert (await client.delete(f"{USERS}/{user_id}", headers=admin_headers)).status_code == 404


async def test_the_last_admin_cannot_be_deleted(
    client: Client, db: asyncpg.Connection, admin_headers: dict[str, str], first_admin: asyncpg.Record
) -> None:
    response = await client.delete(f"{USERS}/{first_admin['id']}", headers=admin_headers)
    assert response.status_code == 409
    assert response.json()["detail"] == "The last administrator cannot be removed, demoted or deactivated"
    assert await db.fetchval("SELECT count(*) FROM users WHERE id = $1", first_admin["id"]) == 1


async def test_a_moderator_is_not_an_admin(
    client: Client, make_user: MakeUser, token_issuer: JwtTokenIssuer
) -> None:
    headers = bearer(token_issuer, await make_user("mod", Role.MODERATOR), Role.MODERATOR)
    assert (await client.get(USERS, headers=headers)).status_code == 403
    assert (await client.post(USERS, json=NEW_USER, headers=headers)).status_code == 403
