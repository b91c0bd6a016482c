"""Every connection to the database cut under a steady read and write load.

The fast cousin of `make faults`: `ahc serve` reaches PostgreSQL through a TCP proxy,
which drops every link mid-load and refuses new ones for a moment, as a restarting
server does.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from bench.harness import start_service
from sqlalchemy.engine import make_url

from tests.integration.service_support import service_env
from tests.integration.tcp_proxy import SwitchableProxy

LOAD_SECONDS_BEFORE = 0.7
DOWN_SECONDS = 1.0
LOAD_SECONDS_AFTER = 2.0


async def test_a_database_restart_under_load_answers_clean_503s_and_loses_no_answered_write(
    migrated_database: str, db: asyncpg.Connection, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    target = make_url(migrated_database)
    if target.host is None:
        pytest.skip("the database is reached through a socket; this check needs TCP")
    proxy = SwitchableProxy(target.host, target.port or 5432)
    through_proxy = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    answers: list[tuple[float, str, int, Any]] = []
    written: list[int] = []
    running = True
    orders = itertools.count(10)
    service = start_service(through_proxy, tmp_path, DATABASE_POOL_SIZE="4", **service_env())
    try:
        async with httpx.AsyncClient(base_url=service.base, timeout=30) as client:
            course = (
                await client.post(
                    "/api/v1/courses", json={"title": "Load", "is_published": True}, headers=admin_headers
                )
            ).json()
            section = (
                await client.post(
                    "/api/v1/sections",
                    json={"course_id": course["id"], "title": "S", "section_order": 1},
                    headers=admin_headers,
                )
            ).json()
            loop = asyncio.get_running_loop()

            async def record(kind: str, send: Any) -> Any:
                response = await send()
                answers.append((loop.time(), kind, response.status_code, response.json()))
                if response.status_code >= 500:
                    await asyncio.sleep(0.02)
                return response

            async def reader() -> None:
                while running:
                    await record("read", lambda: client.get(f"/api/v1/courses/{course['id']}"))

            async def writer() -> None:
                while running:
                    body = {
                        "section_id": section["id"],
                        "title": "L",
                        "content": "# L\n",
                        "lesson_order": next(orders),
                    }
                    send = partial(client.post, "/api/v1/lessons", json=body, headers=admin_headers)
                    response = await record("write", send)
                    if response.status_code == 201:
                        written.append(response.json()["id"])

            tasks = [asyncio.create_task(reader()) for _ in range(4)]
            tasks += [asyncio.create_task(writer()) for _ in range(2)]
            await asyncio.sleep(LOAD_SECONDS_BEFORE)
            proxy.up = False
            proxy.cut()
            cut_at = loop.time()
            await asyncio.sleep(DOWN_SECONDS)
            proxy.up = True
            back_at = loop.time()
            await asyncio.sleep(LOAD_SECONDS_AFTER)
            running = False
            await asyncio.gather(*tasks)
    finally:
        service.stop()
        proxy.close()

    failed = [(status, body) for _, _, status, body in answers if status >= 300]
    assert failed, "the cut was not felt: the test proves nothing"
    assert all(
        status == 503 and body == {"status_code": 503, "detail": "Database unavailable"}
        for status, body in failed
    ), Counter(str(f) for f in failed).most_common(5)
    recovered = min(t for t, _, status, _ in answers if t > back_at and status < 300)
    assert recovered - back_at <= 5, "not answering 2xx 5 s after the database returned"
    late = [status for t, _, status, _ in answers if t > recovered + 0.5 and status >= 300]
    assert late == [], "failures long after the database returned"
    assert sum(1 for t, _, _, _ in answers if cut_at <= t <= back_at) > 0
    assert any(kind == "write" and status == 201 for _, kind, status, _ in answers)
    stored = await db.fetchval("SELECT count(*) FROM lessons WHERE id = ANY($1::int[])", written)
    assert stored == len(written)
