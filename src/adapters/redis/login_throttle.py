"""Failed sign-in counters in Redis, shared by every instance (chosen when REDIS_URL is set)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final, cast

from redis.asyncio import Redis

PREFIX: Final = "ahc:login_throttle:"

# One fixed window per key, opened at the first failure; a key reaching its limit is locked
# until the window closes. The same rule as the database's counters, done atomically here.
_RECORD: Final = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local started = tonumber(redis.call('HGET', KEYS[1], 'started'))
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures'))
if (not started) or started <= now - window then
  started, failures = now, 1
else
  failures = failures + 1
end
local locked = ''
if failures >= limit then locked = tostring(started + window) end
redis.call('HSET', KEYS[1], 'started', tostring(started), 'failures', failures, 'locked', locked)
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((started + window - now) * 1000)))
return failures
"""


class RedisLoginThrottle:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._record = redis.register_script(_RECORD)

    async def locked_until(self, keys: Sequence[str], now: datetime) -> datetime | None:
        latest: float | None = None
        for key in keys:
            locked = await cast("Awaitable[bytes | None]", self._redis.hget(PREFIX + key, "locked"))
            if locked and float(locked) > now.timestamp():
                latest = max(latest or -math.inf, float(locked))
        return None if latest is None else datetime.fromtimestamp(latest, UTC)

    async def record_failure(self, key: str, *, limit: int, window: timedelta, now: datetime) -> None:
        await self._record(keys=[PREFIX + key], args=[now.timestamp(), window.total_seconds(), limit])

    async def clear(self, key: str) -> None:
        await self._redis.delete(PREFIX + key)
