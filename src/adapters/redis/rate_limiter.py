"""At most N requests per minute to an upstream, counted where every process sees the count."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the client is loaded only where Redis is configured
    from redis.asyncio import Redis


class WindowCounter(Protocol):
    async def hit(self, window: str, expire_seconds: int) -> int:
        """Count one request in `window`; the count so far, this one included."""
        ...


class LocalWindowCounter:
    """Counts within this process only (no Redis): one process, one budget."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    async def hit(self, window: str, expire_seconds: int) -> int:  # noqa: ARG002 - only the newest window is kept
        count = self._counts.get(window, 0) + 1
        self._counts = {window: count}
        return count


class RedisWindowCounter:
    """Counts in Redis, shared by every web instance and worker."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def hit(self, window: str, expire_seconds: int) -> int:
        key = f"{self._prefix}:{window}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, expire_seconds)
            count, _ = await pipe.execute()
        return int(count)


class RateLimiter:
    """A fixed window: the first `limit` requests of each period go, later ones wait for the next."""

    def __init__(
        self,
        counter: WindowCounter,
        limit: int,
        period_seconds: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._counter = counter
        self._limit = limit
        self._period = period_seconds
        self._clock = clock

    async def acquire(self) -> None:
        while True:
            now = self._clock()
            window = int(now // self._period)
            expire = int(self._period * 2) + 1
            if await self._counter.hit(str(window), expire) <= self._limit:
                return
            await asyncio.sleep(max((window + 1) * self._period - self._clock(), 0.01))
