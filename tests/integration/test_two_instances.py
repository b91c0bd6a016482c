"""Two `ahc serve` processes on one database (and Redis when it answers), sharing no
memory: sessions, sign-in throttling and orders hold across both.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from collections.abc import Iterator

import asyncpg
import httpx
import pytest
from bench.harness import Service, start_service
from redis import Redis
from redis.exceptions import RedisError

from tests.integration.conftest import ADMIN_PASSWORD
from tests.integration.service_support import service_env

REDIS_URL = os.environ.get("TEST_REDIS_URL_HARDENING", "redis://127.0.0.1:6379/7")
MAX_FAILURES = 5


def _redis_env() -> dict[str, str]:
    """REDIS_URL when a Redis answers (then throttling counts there), else none (the database)."""
    try:
        client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        client.close()
    except (RedisError, OSError):
        return {}
    return {"REDIS_URL": REDIS_URL}


@pytest.fixture(scope="module")
def pair(
    migrated_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Service, Service]]:
    env = service_env(
        **_redis_env(), LOGIN_MAX_FAILURES_PER_ACCOUNT=str(MAX_FAILURES), DATABASE_POOL_SIZE="4"
    )
    first = start_service(migrated_database, tmp_path_factory.mktemp("one"), name="one", **env)
    second = start_service(migrated_database, tmp_path_factory.mktemp("two"), name="two", **env)
    yield first, second
    assert first.stop() in (0, -15)
    assert second.stop() in (0, -15)


def _sign_in(service: Service, username: str = "admin", password: str = ADMIN_PASSWORD) -> httpx.Response:
    return httpx.post(f"{service.base}/api/v1/auth/login", data={"username": username, "password": password})


def _refresh(service: Service, token: str) -> httpx.Response:
    return httpx.post(f"{service.base}/api/v1/auth/refresh", cookies={"refresh_token": token})


def test_a_refresh_token_rotated_on_one_is_dead_on_the_other(pair: tuple[Service, Service]) -> None:
    one, two = pair
    first = _sign_in(one).cookies["refresh_token"]
    rotated = _refresh(one, first)
    assert rotated.status_code == 200
    second = rotated.cookies["refresh_token"]
    replayed = _refresh(two, first)
    assert replayed.status_code == 401
    assert replayed.json()["status_code"] == 401
    # The replay revoked the whole family: the newest token is dead on both instances.
    assert _refresh(two, second).status_code == 401
    assert _refresh(one, second).status_code == 401


def test_sign_in_throttling_counts_across_both(pair: tuple[Service, Service]) -> None:
    one, two = pair
    for attempt in range(MAX_FAILURES):
        service = one if attempt % 2 == 0 else two
        assert _sign_in(service, password="not-the-password").status_code == 401
    for service in (one, two):
        throttled = _sign_in(service, password="not-the-password")
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) >= 1
        assert _sign_in(service).status_code == 429  # even the right password waits


async def test_concurrent_reorders_and_bulk_creates_on_both_keep_a_sound_order(
    pair: tuple[Service, Service], admin_headers: dict[str, str], db: asyncpg.Connection
) -> None:
    one, two = pair
    async with (
        httpx.AsyncClient(base_url=one.base, headers=admin_headers, timeout=30) as a,
        httpx.AsyncClient(base_url=two.base, headers=admin_headers, timeout=30) as b,
    ):
        course = (await a.post("/api/v1/courses", json={"title": "Shared", "is_published": True})).json()
        section = (
            await a.post(
                "/api/v1/sections", json={"course_id": course["id"], "title": "S", "section_order": 1}
            )
        ).json()
        first = await a.post(
            "/api/v1/lessons/bulk",
            json=[
                {"section_id": section["id"], "title": f"L{i}", "content": "", "lesson_order": i}
                for i in range(1, 11)
            ],
        )
        assert first.status_code == 201
        ids = [lesson["id"] for lesson in first.json()]
        rng = random.Random(8)

        async def reorder(client: httpx.AsyncClient) -> int:
            order = ids[:]
            rng.shuffle(order)
            response = await client.put(
                f"/api/v1/sections/{section['id']}/lessons/order", json={"ids": order}
            )
            return response.status_code

        async def bulk(client: httpx.AsyncClient, start: int) -> int:
            body = [
                {"section_id": section["id"], "title": f"B{i}", "content": "", "lesson_order": i}
                for i in range(start, start + 3)
            ]
            return (await client.post("/api/v1/lessons/bulk", json=body)).status_code

        async def section_bulk(client: httpx.AsyncClient, start: int) -> int:
            body = [
                {"course_id": course["id"], "title": f"S{i}", "section_order": i}
                for i in range(start, start + 2)
            ]
            return (await client.post("/api/v1/sections/bulk", json=body)).status_code

        jobs = []
        for round_ in range(10):
            for client in (a, b):
                jobs += [
                    reorder(client),
                    bulk(client, 100 + 3 * (round_ % 4)),
                    section_bulk(client, 10 + 2 * round_),
                ]
        statuses = Counter(await asyncio.gather(*jobs))
        listed = await db.fetch(
            "SELECT id FROM lessons WHERE section_id = $1 ORDER BY lesson_order", section["id"]
        )
        final = await b.put(
            f"/api/v1/sections/{section['id']}/lessons/order", json={"ids": [row["id"] for row in listed]}
        )
        assert final.status_code == 200

    assert set(statuses) <= {200, 201, 409, 422}, statuses
    assert statuses[200] > 0
    assert statuses[201] > 0
    lessons = await db.fetch(
        "SELECT id, lesson_order FROM lessons WHERE section_id = $1 ORDER BY lesson_order", section["id"]
    )
    assert [row["lesson_order"] for row in lessons] == list(range(1, len(lessons) + 1))
    assert [row["id"] for row in lessons] == [row["id"] for row in listed]
    sections = await db.fetch("SELECT section_order FROM sections WHERE course_id = $1", course["id"])
    section_orders = [row["section_order"] for row in sections]
    assert len(section_orders) == len(set(section_orders))
