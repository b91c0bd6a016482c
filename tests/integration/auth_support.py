"""Helpers for the sign-in tests: forms, the refresh cookie, parsed Set-Cookie headers."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]

AUTH = "/api/v1/auth"
COOKIE = "refresh_token"


@pytest.fixture(autouse=True)
async def _no_stored_cookies(client: Client) -> AsyncIterator[None]:
    """The client is shared by every test: each cookie a test needs is sent explicitly."""
    client.cookies.clear()
    yield
    client.cookies.clear()


@dataclass(frozen=True)
class SetCookie:
    value: str
    attributes: dict[str, str]  # lower-cased names; flags such as HttpOnly map to ""


def refresh_set_cookie(response: httpx.Response) -> SetCookie:
    """The one Set-Cookie header of the refresh cookie in `response`, parsed."""
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}=")]
    assert len(headers) == 1, headers
    first, *rest = (part.strip() for part in headers[0].split(";"))
    attributes = {}
    for part in rest:
        name, _, value = part.partition("=")
        attributes[name.lower()] = value
    return SetCookie(value=first.partition("=")[2].strip('"'), attributes=attributes)


def cookie_header(token: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={token}"}


async def login(client: Client, username: str, password: str) -> httpx.Response:
    response = await client.post(f"{AUTH}/login", data={"username": username, "password": password})
    client.cookies.clear()  # tests send the cookie they mean explicitly
    return response


async def refresh(client: Client, token: str) -> httpx.Response:
    response = await client.post(f"{AUTH}/refresh", headers=cookie_header(token))
    client.cookies.clear()
    return response


def bearer_of(response: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def open_session(db: asyncpg.Connection, user_id: UUID) -> str:
    """A live session of the user, arranged in the database as login would leave it.

    Signing in costs an argon2 verification; tests about what comes after it start here.
    """
    token = secrets.token_urlsafe(32)
    session_id = uuid4()
    await db.execute(
        "INSERT INTO auth_sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '14 days')",
        session_id,
        user_id,
    )
    await db.execute(
        "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, now())",
        hashlib.sha256(token.encode()).hexdigest(),
        session_id,
    )
    return token
