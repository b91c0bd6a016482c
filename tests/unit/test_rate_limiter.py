"""The request budget: the first N requests of each period go, later ones wait for the next."""

from __future__ import annotations

import asyncio
import time

from adapters.ai.rate_limited_writer import RateLimitedLessonWriter
from adapters.redis.rate_limiter import LocalWindowCounter, RateLimiter
from tests.unit.ai.fakes import FakeLessonWriter

PERIOD = 0.2


async def _start_of_a_period() -> None:
    await asyncio.sleep(PERIOD - time.time() % PERIOD + 0.005)


async def test_requests_past_the_limit_wait_for_the_next_period() -> None:
    limiter = RateLimiter(LocalWindowCounter(), limit=2, period_seconds=PERIOD)
    granted: list[float] = []

    async def take() -> None:
        await limiter.acquire()
        granted.append(time.time())

    await _start_of_a_period()
    await asyncio.gather(*(take() for _ in range(5)))

    periods = [int(t // PERIOD) for t in sorted(granted)]
    assert [periods.count(p) for p in sorted(set(periods))] == [2, 2, 1]
    assert periods[-1] - periods[0] == 2


async def test_the_limited_writer_asks_the_model_once_per_slot() -> None:
    model = FakeLessonWriter("answer")
    writer = RateLimitedLessonWriter(model, RateLimiter(LocalWindowCounter(), limit=1, period_seconds=PERIOD))

    await _start_of_a_period()
    started = time.time()
    answers = await asyncio.gather(writer.write("one"), writer.write("two"))

    assert [a.text for a in answers] == ["answer", "answer"]
    assert sorted(model.prompts) == ["one", "two"]
    assert time.time() - started >= PERIOD * 0.9  # the second waited for the next period
    assert writer.upstream == "FakeAI"
