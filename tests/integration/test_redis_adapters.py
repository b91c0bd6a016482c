"""With REDIS_URL: sign-in counters, the model's request budget and the job queue on Redis."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from adapters.queue.saq_queue import SaqGenerationQueue, close_quietly, saq_queue
from adapters.redis.login_throttle import RedisLoginThrottle
from adapters.redis.rate_limiter import RateLimiter, RedisWindowCounter
from adapters.settings import Settings
from entrypoints.http.app import create_app
from tests.integration.auth_support import login
from tests.integration.conftest import USER_PASSWORD
from tests.integration.test_scale_out import REDIS_URL

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client: Redis = Redis.from_url(REDIS_URL)
    try:
        await cast(Awaitable[bool], client.ping())
    except OSError as exc:
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def test_failures_lock_a_key_at_the_limit_until_its_window_ends(redis: Redis) -> None:
    throttle = RedisLoginThrottle(redis)
    for minute in range(2):
        await throttle.record_failure(
            "account:ayesha", limit=3, window=WINDOW, now=NOW + timedelta(minutes=minute)
        )
    assert await throttle.locked_until(["account:ayesha"], NOW + timedelta(minutes=2)) is None

    await throttle.record_failure("account:ayesha", limit=3, window=WINDOW, now=NOW + timedelta(minutes=2))

    assert (
        await throttle.locked_until(["account:ayesha", "address:x"], NOW + timedelta(minutes=3))
        == NOW + WINDOW
    )
    assert await throttle.locked_until(["account:ayesha"], NOW + WINDOW) is None
    await throttle.clear("account:ayesha")
    assert await throttle.locked_until(["account:ayesha"], NOW + timedelta(minutes=3)) is None


async def test_a_failure_after_the_window_starts_counting_again(redis: Redis) -> None:
    throttle = RedisLoginThrottle(redis)
    await throttle.record_failure("k", limit=2, window=WINDOW, now=NOW)
    later = NOW + WINDOW + timedelta(seconds=1)

    await throttle.record_failure("k", limit=2, window=WINDOW, now=later)

    assert await throttle.locked_until(["k"], later) is None
    await throttle.record_failure("k", limit=2, window=WINDOW, now=later)
    assert await throttle.locked_until(["k"], later) == later + WINDOW
    # The counter expires with its window.
    ttl = await redis.pttl("ahc:login_throttle:k")
    assert 0 < ttl <= WINDOW.total_seconds() * 1000


async def test_the_latest_lock_among_the_keys_is_the_one_in_force(redis: Redis) -> None:
    throttle = RedisLoginThrottle(redis)
    await throttle.record_failure("a", limit=1, window=timedelta(minutes=5), now=NOW)
    await throttle.record_failure("b", limit=1, window=timedelta(minutes=9), now=NOW)

    assert await throttle.locked_until(["a", "b", "c"], NOW) == NOW + timedelta(minutes=9)


async def test_the_app_with_redis_counts_failed_sign_ins_there_and_not_in_the_database(
    settings: Settings,
    redis: Redis,
    db: asyncpg.Connection,
    make_user: Callable[..., Awaitable[UUID]],
) -> None:
    await make_user("ayesha")
    async with AsyncTestClient(create_app(msgspec.structs.replace(settings, redis_url=REDIS_URL))) as client:
        for _ in range(5):
            assert (await login(client, "ayesha", "wrong-password")).status_code == 401
        assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 429

        assert await db.fetchval("SELECT count(*) FROM login_throttle") == 0
        failures = redis.hget("ahc:login_throttle:account:ayesha", "failures")
        assert await cast(Awaitable[bytes | None], failures) == b"5"
        await redis.delete("ahc:login_throttle:account:ayesha")
        assert (await login(client, "ayesha", USER_PASSWORD)).status_code == 200


async def test_every_process_shares_one_request_budget(redis: Redis) -> None:
    period = 0.5
    limiters = [
        RateLimiter(RedisWindowCounter(redis, "test:budget"), limit=3, period_seconds=period)
        for _ in range(2)
    ]
    granted: list[float] = []

    async def take(limiter: RateLimiter) -> None:
        await limiter.acquire()
        granted.append(time.time())

    # Start just after a window opens, so that the first three fit in one.
    await asyncio.sleep(period - time.time() % period + 0.01)
    await asyncio.gather(*(take(limiters[i % 2]) for i in range(7)))

    windows = [int(t // period) for t in sorted(granted)]
    assert [windows.count(w) for w in sorted(set(windows))] == [3, 3, 1]


async def test_dispatching_a_job_still_waiting_queues_it_once(redis: Redis) -> None:
    queue = saq_queue(REDIS_URL)
    await queue.connect()
    try:
        dispatcher = SaqGenerationQueue(queue, heartbeat_seconds=5)
        job_id = uuid4()
        await dispatcher.dispatch(job_id)
        await dispatcher.dispatch(job_id)

        info = await queue.info(jobs=True)
        assert info["queued"] == 1
        [job] = info["jobs"]
        assert (job["key"], job["kwargs"], job["heartbeat"]) == (str(job_id), {"job_id": str(job_id)}, 5)
        assert "timeout" in job and job["timeout"] == 0
    finally:
        await queue.disconnect()


async def test_a_lost_hand_over_leaves_the_job_to_the_workers_and_does_not_fail_the_start(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    queue = saq_queue(f"redis://127.0.0.1:{closed_port}/0")
    await queue.connect()

    job_id = uuid4()
    await SaqGenerationQueue(queue, heartbeat_seconds=5).dispatch(job_id)  # no error

    [record] = [r for r in caplog.records if r.message == "could not queue the generation job"]
    assert record.__dict__["job_id"] == str(job_id)

    await close_quietly(queue)


async def test_with_redis_away_a_sign_in_is_503_not_500(
    settings: Settings, make_user: Callable[..., Awaitable[UUID]]
) -> None:
    await make_user("ayesha")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    away = msgspec.structs.replace(settings, redis_url=f"redis://127.0.0.1:{closed_port}/0")
    async with AsyncTestClient(create_app(away)) as client:
        response = await login(client, "ayesha", "wrong-password")

    assert response.status_code == 503
    assert response.json() == {"status_code": 503, "detail": "Redis unavailable"}
    assert response.headers["retry-after"] == "1"
