"""Providers used only when REDIS_URL is set, kept apart so that nothing loads Redis otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from adapters.redis.login_throttle import RedisLoginThrottle
from adapters.redis.rate_limiter import RedisWindowCounter, WindowCounter
from adapters.settings import Settings
from application.ports.login_throttle import LoginThrottle


class RedisProvider(Provider):
    """With REDIS_URL: sign-in throttling and the model's request budget move to Redis."""

    scope = Scope.APP

    @provide
    async def redis(self, settings: Settings) -> AsyncIterator[Redis]:
        assert settings.redis_url is not None
        client: Redis = Redis.from_url(settings.redis_url)
        yield client
        await client.aclose()

    @provide
    def request_counter(self, redis: Redis) -> WindowCounter:
        return RedisWindowCounter(redis, prefix="ahc:gemini_requests")

    @provide
    def login_throttle(self, redis: Redis) -> LoginThrottle:
        return RedisLoginThrottle(redis)
